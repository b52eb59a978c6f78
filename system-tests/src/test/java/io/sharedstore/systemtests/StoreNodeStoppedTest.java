package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three store nodes, writer JVMs journaling every call and going on through failures, and one
 * node stopped with SIGTERM under that load: it leaves the cluster and hands its slots off (with
 * {@code journal} the new owners recover them from PostgreSQL; with {@code none} the leaving
 * node's {@code SlotHandover} carries their data). In both modes every acknowledged write is
 * there afterwards (0 lost) and no call waited out its timeout: a call for a moving slot either
 * waits for the move (buffered by the sharding) or fails fast.
 */
class StoreNodeStoppedTest {

  private static final int WRITERS = 3;
  private static final int THREADS = 3;
  private static final Duration BEFORE_STOP = Duration.ofSeconds(4);
  private static final int WRITE_SECONDS = 14;
  private static final int MIN_ACKS = 300;

  @TempDir Path journals;

  @ParameterizedTest(name = "durability {0}")
  @ValueSource(strings = {"journal", "none"})
  void aNodeStoppedWithSigtermMovesItsSlotsLosingNoAcknowledgedWrite(String durability)
      throws Exception {
    Assumptions.assumeTrue(!durability.equals("journal") || PostgresServer.missing().isEmpty(),
        () -> PostgresServer.missing().orElse(""));
    try (StoreNodes nodes = StoreNodes.start(3, durability, List.of())) {
      String all = String.join(",", nodes.addresses());
      List<String> done;
      List<JournalEntry> journal;
      try (JournaledWriters writers =
          JournaledWriters.start(all, WRITERS, THREADS, journals, WRITE_SECONDS, true)) {
        Thread.sleep(BEFORE_STOP.toMillis()); // the load's length, not a wait for a condition
        JvmProcess stopped = nodes.nodes().get(2);
        System.out.println("StoreNodeStoppedTest " + durability + ": SIGTERM at "
            + java.time.Instant.now());
        stopped.signal("TERM");
        Optional<Integer> exit = stopped.waitFor(Duration.ofSeconds(60));
        assertTrue(exit.isPresent(), "the node did not stop on SIGTERM:\n" + stopped.tail(30));
        done = writers.awaitDone(Duration.ofSeconds(WRITE_SECONDS + 30));
        journal = writers.journal();
      }
      try (ClusterClient client = ClusterClient.connect(WRITERS + 1, all)) {
        client.awaitReachable(Duration.ofSeconds(60));
        Map<String, Observation> reads =
            JournalChecks.read(client.store(), JournalChecks.keys(journal));
        DurabilityChecker.Report report = JournalChecks.check(journal, reads);
        long timedOut = 0;
        for (String line : done) {
          Matcher m = Pattern.compile("timedOut=(\\d+)").matcher(line);
          assertTrue(m.find(), line);
          timedOut += Long.parseLong(m.group(1));
          System.out.println("StoreNodeStoppedTest " + durability + " " + line);
        }
        System.out.printf("StoreNodeStoppedTest durability %s: calls timed out %d; every"
            + " acknowledged write: %s%n", durability, timedOut, report.summary());
        assertTrue(report.opsAcknowledged() >= MIN_ACKS, report.summary());
        assertEquals(List.of(),
            report.violations().subList(0, Math.min(20, report.violations().size())),
            report.violations().size() + " keys lost an acknowledged write: "
                + report.summary());
        assertEquals(0, timedOut, "calls that waited out their timeout: " + done);
      }
    }
  }
}
