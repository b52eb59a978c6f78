package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.FinalReads;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.demo.load.LoadClients;
import io.sharedstore.demo.load.MixedLoad;
import io.sharedstore.testsupport.JvmProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged writes are never lost: three cluster JVMs run the {@link MixedLoad} (set, set
 * with TTL, get, delete, increment with and without TTL on keys each thread owns and on shared
 * keys whose writer rotates every second; retried increments of counters every client shares)
 * against one manager JVM, journaling every operation with its send and acknowledgement time.
 * Then every key is read from the manager and {@link DurabilityChecker} replays the journals:
 * each key must hold its last acknowledged write, or be absent because it was deleted or its TTL
 * passed, and each counter the sum of its acknowledged increments. The checker's own test
 * (demo module, {@code DurabilityCheckerTest}) shows it fails on a single lost write.
 *
 * <p>The load runs {@code -Dsharedstore.durability.seconds} (30 by default) seconds:
 * {@code mvn -B test -pl system-tests -am -Dtest=AcknowledgedWritesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsharedstore.durability.seconds=600} for a long run.
 */
class AcknowledgedWritesTest {

  private static final int CLIENTS = 3;
  private static final int THREADS = 4;
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final Duration FINISH_GRACE = Duration.ofSeconds(90);
  /** As in {@link Race}: short-lived clients on a crowded 2-core machine start faster this way. */
  private static final List<String> CLIENT_JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @TempDir Path journals;

  @Test
  @Timeout(value = 1800, unit = TimeUnit.SECONDS)
  void everyAcknowledgedWriteIsOnTheManagerAtTheEnd() throws Exception {
    Duration run = Duration.ofSeconds(Long.getLong("sharedstore.durability.seconds", 30));
    List<String> classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> jvmOptions = new ArrayList<>(CLIENT_JVM_OPTIONS);
    jvmOptions.addAll(JvmProcess.javaOptsFromEnvironment());

    try (ManagerWithClient fixture = ManagerWithClient.start(CLIENTS + 1);
        LoadClients load = LoadClients.start(classpath, jvmOptions, fixture.manager().address(),
            CLIENTS, THREADS, Optional.of(journals),
            (name, line) -> {
              if (!MixedLoad.PROGRESS.matcher(line).matches()) {
                System.out.println("[" + name + "] " + line);
              }
            })) {
      load.awaitReady(READY_WITHIN);
      long end = load.go(fixture.store(), run);
      List<String> results = load.awaitResults(run.plus(FINISH_GRACE));
      Map<String, DurabilityChecker.Observation> reads =
          FinalReads.read(fixture.store(), load.keys().allKeys(), end, Duration.ofSeconds(20));
      List<JournalEntry> journal = load.journal();

      DurabilityChecker.Report report =
          new DurabilityChecker(DurabilityChecker.DEFAULT_MARGIN).check(journal, reads);

      results.forEach(System.out::println);
      System.out.printf("Acknowledged writes, %d s of load from %d JVMs x %d threads: %s%n",
          run.toSeconds(), CLIENTS, THREADS, report.summary());
      assertEquals(List.of(), report.violations().subList(0, Math.min(20,
          report.violations().size())), report.summary());
      assertTrue(report.opsAcknowledged() >= 100 * run.toSeconds() / 30,
          "too little load to prove anything: " + report.summary());
      assertTrue(report.keysChecked() >= load.keys().allKeys().size() / 2,
          "most keys must have been written: " + report.summary());
      assertTrue(report.ambiguous() * 10 <= report.keysChecked(),
          "over 10 % of the keys are ambiguous, the check proves too little: " + report.summary());
    }
  }
}
