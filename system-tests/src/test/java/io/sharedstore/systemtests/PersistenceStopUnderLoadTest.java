package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.demo.load.MixedLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A manager with a data directory stopped while three cluster JVMs ({@link JournaledWriter}) set,
 * increment, delete and read keys of their own, journaling every call; then started again on the
 * same directory and port, and every journaled key read back and checked by {@code
 * DurabilityChecker}:
 *
 * <ul>
 *   <li>SIGKILL with {@code fsync = always}: every acknowledged write is there (0 lost);
 *   <li>SIGKILL with {@code everysec}: every write acknowledged more than 2 s before the kill is
 *       there; how many keys lost a write of the last 2 s is printed (the manager hands each
 *       change to the OS before it answers, so a process kill, unlike a machine crash, is
 *       expected to lose none of them either);
 *   <li>SIGTERM, at every setting: everything is fsynced before the exit, 0 lost.
 * </ul>
 */
class PersistenceStopUnderLoadTest {

  private static final int WRITERS = 3;
  private static final int THREADS = 3;
  /** How long the load runs before the stop: the keys of its first rounds are over 2 s old. */
  private static final Duration LOAD = Duration.ofSeconds(4);
  private static final Duration EVERYSEC_WINDOW = Duration.ofSeconds(2);
  private static final int MIN_ACKS = 200;
  /** Keys held to one value by the check: fewer would prove too little. */
  private static final int MIN_PROVEN_KEYS = 30;
  private static final Duration FIRST_CALL = Duration.ofSeconds(20);

  /** How the manager is stopped. */
  enum Stop { KILL, TERM }

  @TempDir Path dataDir;
  @TempDir Path journals;

  @ParameterizedTest(name = "SIG{0} with fsync={1}")
  @CsvSource({"KILL, always", "KILL, everysec", "TERM, always", "TERM, everysec", "TERM, no"})
  void acknowledgedWritesSurviveTheStop(Stop stop, String fsync) throws Exception {
    int port = FreePort.pick();
    List<String> options = List.of("-Dshared-store.persistence.fsync=" + fsync);
    long stoppedAtMicros;
    List<String> done;
    List<JournalEntry> journal;
    long loadStarted = System.nanoTime();
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, options);
        JournaledWriters writers =
            JournaledWriters.start(first.address(), WRITERS, THREADS, journals)) {
      loadStarted = System.nanoTime();
      Thread.sleep(LOAD.toMillis()); // the load's length, not a wait for a condition
      stoppedAtMicros = MixedLoad.nowMicros();
      if (stop == Stop.KILL) {
        first.jvm().kill();
        assertFalse(first.jvm().isAlive(), "the manager survived SIGKILL");
      } else {
        assertEquals(PersistentManager.EXIT_ON_SIGTERM, first.terminate(),
            "exit code after SIGTERM");
      }
      done = writers.awaitDone();
      journal = writers.journal();
    }
    long stoppedAfterMillis = (System.nanoTime() - loadStarted) / 1_000_000;

    Map<String, Observation> reads;
    long restartNanos = System.nanoTime();
    try (PersistentManager second = PersistentManager.start("manager-2", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(WRITERS + 1, second.address())) {
      restartNanos = System.nanoTime() - restartNanos;
      // The first call opens the connection: give it room on a loaded machine.
      Stages.result(cluster.store().has("dur:warm-up", FIRST_CALL));
      reads = JournalChecks.read(cluster.store(), JournalChecks.keys(journal));
    }

    DurabilityChecker.Report all = JournalChecks.check(journal, reads);
    long windowStart = stoppedAtMicros - EVERYSEC_WINDOW.toNanos() / 1000;
    boolean lastSecondsMayBeLost = stop == Stop.KILL && fsync.equals("everysec");
    DurabilityChecker.Report held = lastSecondsMayBeLost
        ? JournalChecks.checkAcknowledgedBefore(journal, reads, windowStart)
        : all;
    done.forEach(line -> System.out.println("PersistenceStopUnderLoadTest " + line));
    System.out.printf("PersistenceStopUnderLoadTest SIG%s fsync=%s: %d writes acknowledged in the"
            + " last %d s before the stop; every acknowledged write: %s; held to: %s;"
            + " keys that lost a write: %d (of them acknowledged over %d s before the stop: %d);"
            + " load, stop and writers done in %d ms, restart %d ms%n",
        stop, fsync, JournalChecks.acknowledgedSince(journal, windowStart),
        EVERYSEC_WINDOW.toSeconds(), all.summary(),
        lastSecondsMayBeLost ? "the writes acknowledged over 2 s before the kill: " + held.summary()
            : "every one",
        all.violations().size(), EVERYSEC_WINDOW.toSeconds(), held.violations().size(),
        stoppedAfterMillis, restartNanos / 1_000_000);

    assertTrue(all.opsAcknowledged() >= MIN_ACKS,
        "too few acknowledged calls to prove anything: " + all.summary());
    assertTrue(JournalChecks.proven(held) >= MIN_PROVEN_KEYS,
        "too few keys held to one value to prove anything: " + held.summary());
    assertEquals(List.of(), held.violations().subList(0, Math.min(20, held.violations().size())),
        held.violations().size() + " keys lost an acknowledged write: " + held.summary());
  }
}
