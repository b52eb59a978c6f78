package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Runs the whole demo (a manager and two cluster JVMs for about three seconds), once with the
 * atomic recipes only and once with {@code --racy} as well, and checks that it ends with status 0,
 * prints the summary with nonzero operation counts and one invariant line per recipe and
 * strategy, with no violation of an atomic recipe. Needs the node modules packaged (their
 * target/classpath.txt), as {@code mvn verify} does before this module's tests. Whatever happens,
 * no JVM the demo started outlives the test.
 */
class DemoRunTest {

  private static final Pattern CLUSTER_ROW = Pattern.compile("(?m)^(\\d+)\\s+(\\d+)\\s+(\\d+)\\s");
  private static final List<String> RECIPES = List.of("cooldown", "rate-limit", "task-claim");

  @AfterEach
  void noStartedJvmOutlivesTheTest() throws InterruptedException {
    List<ProcessHandle> leftovers = ProcessHandle.current().descendants().toList();
    for (ProcessHandle process : leftovers) {
      process.destroyForcibly();
      process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
    }
    assertEquals(List.of(), leftovers, "processes still running after the demo returned");
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void atomicRecipesRunToTheEndWithoutViolations() {
    String output = runDemo("--clusters", "2", "--seconds", "3");

    assertSummaryOfTwoClusters(output);
    for (String recipe : RECIPES) {
      assertTrue(output.contains("atomic " + recipe + ": 0 violations"), output);
      assertFalse(output.contains("racy " + recipe + ":"), output);
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void racyRunReportsTheRacyRecipesBesideTheAtomicOnes() {
    String output = runDemo("--clusters", "2", "--seconds", "3", "--racy");

    assertSummaryOfTwoClusters(output);
    for (String recipe : RECIPES) {
      assertTrue(output.contains("atomic " + recipe + ": 0 violations"), output);
      assertTrue(
          Pattern.compile("(?m)^  racy " + recipe + ": \\d+ violations").matcher(output).find(),
          output);
    }
  }

  /** Runs the demo and answers its output, once it ended with status 0. */
  private static String runDemo(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = Demo.run(args, out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    return output;
  }

  private static void assertSummaryOfTwoClusters(String output) {
    assertTrue(output.contains("Summary"), output);
    Matcher rows = CLUSTER_ROW.matcher(output);
    int clusters = 0;
    while (rows.find()) {
      clusters++;
      assertTrue(Long.parseLong(rows.group(2)) > 0, "no operations in: " + rows.group());
    }
    assertEquals(2, clusters, output);
    assertTrue(output.contains("Invariants"), output);
  }
}
