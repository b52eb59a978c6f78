package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code bin/shared-store soak} for 10 s (a manager and two load JVMs, a heap sample every
 * 2 s) and checks that it ends with status 0, prints a heap sample row with operations, the trend
 * verdict and the acknowledged-writes check with no violation. Needs the node modules packaged, as
 * {@code mvn verify} does before this module's tests. No JVM it started outlives the test.
 */
class SoakRunTest {

  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^\\s+(\\d+) s\\s+(\\d+\\.\\d) MiB\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");

  @AfterEach
  void noStartedJvmOutlivesTheTest() {
    List<ProcessHandle> leftovers = ProcessHandle.current().descendants().toList();
    for (ProcessHandle process : leftovers) {
      process.destroyForcibly();
      process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
    }
    assertEquals(List.of(), leftovers, "processes still running after the soak returned");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aShortSoakSamplesTheHeapAndLosesNoWrite() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = Soak.run(new String[] {"--seconds", "10", "--clients", "2", "--threads", "2",
          "--interval", "2"}, out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);

    Matcher rows = SAMPLE.matcher(output);
    int samples = 0;
    long maxOps = 0;
    while (rows.find()) {
      samples++;
      assertTrue(Double.parseDouble(rows.group(2)) > 1, "a manager heap under 1 MiB: " + rows.group());
      maxOps = Math.max(maxOps, Long.parseLong(rows.group(3)));
    }
    assertEquals(5, samples, output);
    assertTrue(maxOps > 0, "no operations in any sample:\n" + output);
    assertTrue(output.contains("verdict: "), output);
    assertTrue(output.contains("violations=0"), output);
  }

  @Test
  void fractionalMinutesAndBadFlags() {
    assertEquals(java.time.Duration.ofSeconds(30), SoakOptions.parse(new String[] {"--minutes", "0.5"}).run());
    assertEquals(java.time.Duration.ofMinutes(5), SoakOptions.parse(new String[0]).run());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertEquals(2, Soak.run(new String[] {"--minutes", "1", "--seconds", "5"}, out));
      assertEquals(2, Soak.run(new String[] {"--minutes", "soon"}, out));
    }
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("--minutes must be a number"));
  }
}
