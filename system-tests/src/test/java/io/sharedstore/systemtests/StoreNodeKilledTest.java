package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three store nodes with their slots on the journal (a real PostgreSQL), three writer JVMs
 * ({@link JournaledWriter}) journaling every call through the first node; the third node is
 * SIGKILLed under that load. The two others down it (Split Brain Resolver, stable-after 3 s
 * here) and its slots start again on them, recovered from the journal: every slot answers again
 * within stable-after + 15 s of the kill, and every acknowledged write, read back over all
 * slots, is there ({@code DurabilityChecker}: 0 lost).
 */
class StoreNodeKilledTest {

  private static final Duration STABLE_AFTER = Duration.ofSeconds(3);
  private static final Duration SERVED_AGAIN_WITHIN = STABLE_AFTER.plusSeconds(15);
  private static final int WRITERS = 3;
  private static final int THREADS = 3;
  private static final Duration LOAD = Duration.ofSeconds(4);
  private static final int MIN_ACKS = 200;
  private static final int MIN_PROVEN_KEYS = 30;

  @TempDir Path journals;

  @Test
  void aKilledNodesSlotsAreServedAgainFromTheJournalWithNoAcknowledgedWriteLost()
      throws Exception {
    Assumptions.assumeTrue(PostgresServer.missing().isEmpty(),
        () -> PostgresServer.missing().orElse(""));
    List<String> options = List.of(
        "-Dshared-store.cluster.stable-after=" + STABLE_AFTER.toSeconds() + "s",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=2s");
    try (StoreNodes nodes = StoreNodes.start(3, "journal", options)) {
      List<String> done;
      List<JournalEntry> journal;
      long killedAt;
      try (JournaledWriters writers =
          JournaledWriters.start(String.join(",", nodes.addresses()), WRITERS, THREADS,
              journals)) {
        Thread.sleep(LOAD.toMillis()); // the load's length, not a wait for a condition
        killedAt = System.nanoTime();
        nodes.nodes().get(2).kill();
        assertFalse(nodes.nodes().get(2).isAlive(), "the node survived SIGKILL");
        done = writers.awaitDone();
        journal = writers.journal();
      }

      try (ClusterClient client = ClusterClient.connect(WRITERS + 1, nodes.addresses().get(0))) {
        Optional<Duration> served = Poll.until(SERVED_AGAIN_WITHIN.plusSeconds(30), () -> {
          try {
            client.store().size(Duration.ofSeconds(2)).toCompletableFuture().get();
            return true;
          } catch (Exception e) {
            return false;
          }
        });
        long servedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(served.isPresent(), "the slots were not all served again");
        Map<String, Observation> reads =
            JournalChecks.read(client.store(), JournalChecks.keys(journal));
        DurabilityChecker.Report report = JournalChecks.check(journal, reads);
        done.forEach(line -> System.out.println("StoreNodeKilledTest " + line));
        System.out.printf("StoreNodeKilledTest: every slot served again %d ms after the kill"
            + " (stable-after %d s); every acknowledged write: %s%n", servedAfterMillis,
            STABLE_AFTER.toSeconds(), report.summary());
        assertTrue(servedAfterMillis <= SERVED_AGAIN_WITHIN.toMillis(),
            "served again only " + servedAfterMillis + " ms after the kill");
        assertTrue(report.opsAcknowledged() >= MIN_ACKS, report.summary());
        assertTrue(JournalChecks.proven(report) >= MIN_PROVEN_KEYS, report.summary());
        assertEquals(List.of(),
            report.violations().subList(0, Math.min(20, report.violations().size())),
            report.violations().size() + " keys lost an acknowledged write: "
                + report.summary());
      }
    }
  }
}
