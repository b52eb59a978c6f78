package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the demo with {@code --data-dir} and {@code --restart-manager} (a manager and two cluster
 * JVMs, a free port, a fresh directory, {@code --seconds 6}, which the demo lengthens by what the
 * manager's start took, so the nodes run on after the restart): the manager is stopped with
 * SIGTERM two seconds into the run and started again on the same directory and port. The run must
 * end with status 0 and its summary must show the restart (exit 143, the epoch kept), that the
 * demo's flags, the sampled claims and the running cooldowns all survived, that both clusters saw
 * the manager Reachable again and neither saw it Restarted, and that the atomic recipes'
 * invariants held across the restart. Needs the node modules packaged, as {@code mvn verify} does
 * first.
 */
class DemoRestartTest {

  private static final Pattern KEPT =
      Pattern.compile("(?m)^  (configuration|claims|cooldowns): (\\d+) of (\\d+) ");

  @TempDir Path dataDir;

  @AfterEach
  void noStartedJvmOutlivesTheTest() {
    List<ProcessHandle> leftovers = ProcessHandle.current().descendants().toList();
    for (ProcessHandle process : leftovers) {
      process.destroyForcibly();
      process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
    }
    assertEquals(List.of(), leftovers, "processes still running after the demo returned");
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void theManagerRestartsMidRunAndItsDataAndTheInvariantsSurvive() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = Demo.run(new String[] {"--clusters", "2", "--seconds", "6", "--port", "0",
          "--data-dir", dataDir.toString(), "--restart-manager"}, out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);

    assertTrue(output.contains("Manager restart (data in " + dataDir.toAbsolutePath()), output);
    assertTrue(output.contains("  stop: SIGTERM, exit 143 after "), output);
    assertTrue(output.contains("before and after: kept, clients see Reachable, not Restarted"),
        output);
    Matcher kept = KEPT.matcher(output);
    int kinds = 0;
    while (kept.find()) {
      kinds++;
      assertEquals(kept.group(3), kept.group(2), "not everything survived: " + kept.group());
      assertTrue(Integer.parseInt(kept.group(3)) > 0, "nothing judged: " + kept.group());
    }
    assertEquals(3, kinds, output);
    assertFalse(output.contains("LOST OR CHANGED"), output);
    assertTrue(output.contains("  clusters: 2 of 2 saw the manager Reachable again after"
        + " Unreachable, 0 saw it Restarted"), output);
    for (String recipe : List.of("cooldown", "rate-limit", "task-claim")) {
      assertTrue(output.contains("atomic " + recipe + ": 0 violations"), output);
    }
    assertTrue(Files.exists(dataDir.resolve("MANIFEST")), "no MANIFEST in " + dataDir);
  }
}
