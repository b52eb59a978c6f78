package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code stat} and {@code latency} end to end against a real manager JVM holding exactly
 * {@value #KEYS} keys (nothing else writes to it): the lines and their figures, plain and with
 * {@code --json}, the pings the store answered, the prompt, and, with the CLI in a JVM of its
 * own, Ctrl-C (exit 0) and a manager that goes away mid-run (a line saying so, and it goes on).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliMonitoringTest {

  private static final int KEYS = 250;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUMMARY = Pattern.compile(
      "min: (\\d+\\.\\d\\d), max: (\\d+\\.\\d\\d), avg: (\\d+\\.\\d\\d), p50: (\\d+\\.\\d\\d),"
          + " p99: (\\d+\\.\\d\\d) \\((\\d+) samples\\)");

  private ManagerProcess manager;
  private ClusterClient client;
  private StoreClient store;

  @BeforeAll
  void startManagerWithKnownKeys() throws Exception {
    manager = startManager();
    client = ClusterClient.connect(1, manager.address());
    client.awaitReachable(WAIT);
    store = client.store();
    List<CompletionStage<?>> writes = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      writes.add(store.set("monitor:" + i, i));
    }
    writes.forEach(this::await);
  }

  @AfterAll
  void stopManager() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (manager != null) {
        manager.close();
      }
    }
  }

  // ---- stat ---------------------------------------------------------------------------------

  @Test
  void statPrintsAHeaderThenOneLinePerIntervalWithTheKeyCount() {
    CliRun run = ok("stat", "--count", "3", "--interval", "100ms");
    List<String> lines = run.lines();
    assertEquals(4, lines.size(), run.toString());
    assertEquals(List.of("keys", "ops/s", "clients", "memory", "p99"),
        List.of(lines.get(0).split(" +")));
    for (String line : lines.subList(1, 4)) {
      String[] columns = line.split(" +");
      assertEquals(5, columns.length, line);
      assertEquals(KEYS, Long.parseLong(columns[0]), line);
      assertTrue(Double.parseDouble(columns[1]) >= 0, line);
      assertTrue(Integer.parseInt(columns[2]) >= 2, "this test's client and the CLI: " + line);
      assertTrue(columns[3].matches("\\d+(\\.\\d)?[BKMG]"), line);
      assertTrue(columns[4].matches("\\d+(us|\\.\\dms|\\.\\ds)"), line);
    }
    // Between two infos the manager handled at least the second one.
    assertTrue(Double.parseDouble(lines.get(3).split(" +")[1]) > 0, lines.toString());
  }

  @Test
  void statWithJsonPrintsOneDocumentPerLineWithInfosFieldNames() {
    CliRun run = ok("--json", "stat", "--count", "2", "--interval", "100ms");
    List<String> lines = run.lines();
    assertEquals(2, lines.size(), run.toString());
    long used = await(store.info()).memory().usedMemory();
    for (String line : lines) {
      JsonNode document = json(line);
      assertEquals(
          List.of("time", "keys", "ops_per_sec", "connected_clients", "used_memory",
              "handling_p99_usec"),
          fieldNames(document), line);
      Instant.parse(document.get("time").asText());
      assertEquals(KEYS, document.get("keys").asLong(), line);
      assertTrue(document.get("ops_per_sec").isNumber(), line);
      assertTrue(document.get("connected_clients").asInt() >= 2, line);
      assertEquals(used, document.get("used_memory").asLong(), "no key changed: " + line);
      assertTrue(document.get("handling_p99_usec").asLong() >= 0, line);
    }
    assertTrue(json(lines.get(1)).get("ops_per_sec").asDouble() > 0, lines.toString());
  }

  // ---- latency ------------------------------------------------------------------------------

  @Test
  void latencySendsItsPingsToTheStoreAndPrintsTheirSummary() {
    long before = echoCalls();
    Matcher summary = SUMMARY.matcher(ok("latency", "--count", "20", "--interval", "1ms").line());
    assertTrue(summary.matches(), summary.toString());
    double min = Double.parseDouble(summary.group(1));
    double max = Double.parseDouble(summary.group(2));
    double avg = Double.parseDouble(summary.group(3));
    double p50 = Double.parseDouble(summary.group(4));
    double p99 = Double.parseDouble(summary.group(5));
    assertEquals("20", summary.group(6));
    assertTrue(min <= p50 && p50 <= p99 && p99 <= max, summary.group());
    assertTrue(min <= avg && avg <= max, summary.group());
    assertTrue(max > 0, summary.group());
    assertEquals(before + 20, echoCalls(), "each ping reached the store");
  }

  @Test
  void latencyWithJsonPrintsOneDocument() {
    JsonNode document = json(ok("--json", "latency", "--count", "20", "--interval", "0").line());
    assertEquals(List.of("samples", "min_ms", "max_ms", "avg_ms", "p50_ms", "p99_ms"),
        fieldNames(document));
    assertEquals(20, document.get("samples").asInt());
    double min = document.get("min_ms").asDouble();
    double p50 = document.get("p50_ms").asDouble();
    double p99 = document.get("p99_ms").asDouble();
    double max = document.get("max_ms").asDouble();
    assertTrue(min > 0 && min <= p50 && p50 <= p99 && p99 <= max, document.toString());
  }

  @Test
  void bothRunFromThePromptOverItsOneConnection() {
    CliRun run = CliRun.withInput("stat --count 1\nlatency --count 3 --interval 0\n",
        "--manager", manager.address());
    assertEquals(0, run.exitCode(), run.toString());
    List<String> lines = run.lines();
    assertEquals(3, lines.size(), run.toString());
    assertEquals(StatLine.HEADER, lines.get(0));
    assertEquals(Long.toString(KEYS), lines.get(1).split(" +")[0]);
    Matcher summary = SUMMARY.matcher(lines.get(2));
    assertTrue(summary.matches(), lines.get(2));
    assertEquals("3", summary.group(6));
  }

  // ---- the CLI in a JVM of its own -------------------------------------------------------

  @Test
  void ctrlCEndsStatLatencyAndWatchWithExit0() throws Exception {
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (a background job):"
        + " a child JVM cannot get Ctrl-C");
    try (JvmProcess stat = cli("--manager", manager.address(), "stat", "--interval", "100ms")) {
      stat.awaitLine(Pattern.compile("^" + KEYS + " +"), WAIT);
      stat.signal("INT");
      assertEquals(Optional.of(0), stat.waitFor(WAIT), stat.tail(20));
    }
    long before = echoCalls();
    try (JvmProcess latency = cli("--manager", manager.address(), "latency",
        "--count", Integer.toString(LatencyCommand.MAX_COUNT), "--interval", "10ms")) {
      awaitEchoCalls(before + 5, latency);
      latency.signal("INT");
      assertEquals(Optional.of(0), latency.waitFor(WAIT), latency.tail(20));
      Matcher summary = latency.findLine(SUMMARY).orElseThrow(
          () -> new AssertionError("no summary in " + latency.tail(20)));
      long samples = Long.parseLong(summary.group(6));
      assertTrue(samples >= 5 && samples < LatencyCommand.MAX_COUNT, summary.group());
    }
    try (JvmProcess watch = cli("--manager", manager.address(), "watch", "ctrlc:*")) {
      Pattern seen = Pattern.compile("^changed ctrlc:k ");
      // The watch starts a moment after the JVM: write until its first line shows.
      for (int i = 0; watch.findLine(seen).isEmpty(); i++) {
        assertTrue(i < 100 && watch.isAlive(), "watch printed no change: " + watch.tail(20));
        store.set("ctrlc:k", i).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
          watch.awaitLine(seen, Duration.ofMillis(300));
        } catch (java.util.concurrent.TimeoutException notYet) {
          // not registered yet when that write came: write again
        }
      }
      watch.signal("INT");
      assertEquals(Optional.of(0), watch.waitFor(WAIT), watch.tail(20));
    }
  }

  @Test
  void statGoesOnWithALineSayingSoWhenTheManagerGoesAway() throws Exception {
    ManagerProcess leaving = startManager();
    try (JvmProcess stat = cli("--manager", leaving.address(), "stat", "--interval", "200ms",
        "--count", "100000")) {
      stat.awaitLine(Pattern.compile("^0 +"), WAIT); // a line of the empty store
      leaving.close();
      Pattern gone = Pattern.compile("the manager at " + Pattern.quote(leaving.address())
          + " (is unreachable|has not answered)|got no reply");
      stat.awaitLine(gone, WAIT);
      assertTrue(stat.isAlive(), "stat ended when the manager went away: " + stat.tail(20));
      int failedLines = (int) stat.lines().stream().filter(l -> gone.matcher(l).find()).count();
      awaitMoreLines(stat, gone, failedLines + 1);
      assertTrue(stat.isAlive(), stat.tail(20));
    } finally {
      leaving.close();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static ManagerProcess startManager() throws Exception {
    return ManagerProcess.start(
        ProjectLayout.locate(), 0, JvmProcess.javaOptsFromEnvironment(),
        line -> System.out.println("[manager] " + line));
  }

  /** The CLI in a JVM of its own, from this test's classpath. */
  private static JvmProcess cli(String... args) {
    List<String> options = new ArrayList<>(JvmProcess.javaOptsFromEnvironment());
    options.add("-Dshared-store.client.connect-timeout=10s");
    options.add("-Dshared-store.client.timeout=2s");
    return JvmProcess.start("cli", List.of(System.getProperty("java.class.path")
            .split(File.pathSeparator)), options, Cli.class.getName(), List.of(args),
        line -> System.out.println("[cli] " + line));
  }

  /** Whether this JVM (and so every child it starts) was started with SIGINT ignored. */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2
      }
    }
    return false;
  }

  /** Waits until the manager has answered {@code calls} pings in all, the CLI still running. */
  private void awaitEchoCalls(long calls, JvmProcess cli) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (echoCalls() < calls) {
      assertTrue(cli.isAlive(), "the CLI ended: " + cli.tail(20));
      assertTrue(System.nanoTime() < deadline, "no pings within " + WAIT + ": " + cli.tail(20));
      TimeUnit.MILLISECONDS.sleep(50); // polling another process; no event to wait on
    }
  }

  /** Waits until at least {@code count} output lines match {@code pattern}. */
  private static void awaitMoreLines(JvmProcess process, Pattern pattern, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (process.lines().stream().filter(l -> pattern.matcher(l).find()).count() < count) {
      assertTrue(System.nanoTime() < deadline,
          "no further line matching " + pattern + ": " + process.tail(20));
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private long echoCalls() {
    return await(store.info()).stats().operations().getOrDefault("echo", 0L);
  }

  /** Runs the CLI against the test's manager and checks it exited 0 with nothing on stderr. */
  private CliRun ok(String... args) {
    List<String> withManager = new ArrayList<>();
    int at = 0;
    while (at < args.length && args[at].startsWith("--")) {
      withManager.add(args[at++]);
    }
    withManager.add("--manager");
    withManager.add(manager.address());
    withManager.addAll(List.of(args).subList(at, args.length));
    CliRun run = CliRun.of(withManager.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.err(), run.toString());
    return run;
  }

  private static List<String> fieldNames(JsonNode document) {
    List<String> names = new ArrayList<>();
    document.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: [" + text + "]", e);
    }
  }

  private <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
