package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ResetReason;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three store nodes, three writer JVMs ({@link JournaledWriter}) journaling every call; the
 * third node is SIGKILLed under that load. The two others down it (Split Brain Resolver,
 * stable-after 3 s here) and its slots start again on them: the calls for its slots fail fast
 * (StoreUnavailableException, none waits out its timeout), and every slot answers again within
 * stable-after + 15 s of the kill. With {@code journal} (a real PostgreSQL) the slots recover
 * from the journal and every acknowledged write, read back over all slots, is there ({@code
 * DurabilityChecker}: 0 lost); with {@code none} the killed node's slots start empty, and every
 * key that lost an acknowledged write is in one of them (counted and printed). A watch on the
 * first node hears the writes of every node's slots throughout; with {@code none} it is told
 * of the lost slots ({@code Reset} with {@code EPOCH_CHANGED}), with {@code journal} never.
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

  @ParameterizedTest(name = "durability {0}")
  @ValueSource(strings = {"journal", "none"})
  void aKilledNodesSlotsAreServedAgainAndOnlyInMemoryLoseTheirData(String durability)
      throws Exception {
    boolean journaled = durability.equals("journal");
    Assumptions.assumeTrue(!journaled || PostgresServer.missing().isEmpty(),
        () -> PostgresServer.missing().orElse(""));
    List<String> options = List.of(
        "-Dshared-store.cluster.stable-after=" + STABLE_AFTER.toSeconds() + "s",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=2s");
    try (StoreNodes nodes = StoreNodes.start(3, durability, options);
        ClusterClient watcher = ClusterClient.connect(WRITERS + 2, nodes.addresses().get(0))) {
      watcher.awaitReachable(Duration.ofSeconds(30));
      AtomicLong heard = new AtomicLong();
      Queue<ResetReason> resets = new ConcurrentLinkedQueue<>();
      Watch watch = watcher.store().watch("*7", event -> {
        if (event instanceof StoreEvent.Reset reset) {
          resets.add(reset.reason());
        } else {
          heard.incrementAndGet();
        }
      });
      List<String> done;
      List<JournalEntry> journal;
      long killedAt;
      Set<Integer> killedSlots;
      try (JournaledWriters writers =
          JournaledWriters.start(String.join(",", nodes.addresses()), WRITERS, THREADS,
              journals)) {
        Thread.sleep(LOAD.toMillis()); // the load's length, not a wait for a condition
        killedSlots = nodes.slotsServedBy(2);
        assertFalse(killedSlots.isEmpty(), "the node to kill serves no slot");
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
        // the reads go by this client's map: it must no longer name the killed node (a size is
        // gathered by a node, whatever the map of the client that asked)
        client.awaitReachable(Duration.ofSeconds(30));
        Map<String, Observation> reads =
            JournalChecks.read(client.store(), JournalChecks.keys(journal));
        DurabilityChecker.Report report = JournalChecks.check(journal, reads);
        done.forEach(line -> System.out.println("StoreNodeKilledTest " + line));
        List<String> outsideKilledSlots = report.violations().stream()
            .filter(v -> !killedSlots.contains(
                StoreNodes.KEY_SLOTS.slotOf(v.substring(0, v.indexOf(": ")))))
            .toList();
        System.out.printf("StoreNodeKilledTest durability %s: every slot served again %d ms"
            + " after the kill (stable-after %d s); the killed node served %d slots; keys that"
            + " lost an acknowledged write: %d (outside its slots: %d); %s%n", durability,
            servedAfterMillis, STABLE_AFTER.toSeconds(), killedSlots.size(),
            report.violations().size(), outsideKilledSlots.size(), report.summary());
        // The watch, on a surviving node, hears the slots of every node; with none the killed
        // node's slots started empty elsewhere: its watcher is told (an epoch change).
        // (journal: checked at once; the slots were served again, so any reset has come)
        boolean told = journaled ? resets.contains(ResetReason.EPOCH_CHANGED)
            : Poll.until(Duration.ofSeconds(10),
                () -> resets.contains(ResetReason.EPOCH_CHANGED)).isPresent();
        System.out.printf("StoreNodeKilledTest durability %s: the watch heard %d changes and"
            + " these resets: %s%n", durability, heard.get(), resets.stream().collect(
                java.util.stream.Collectors.groupingBy(r -> r, java.util.stream.Collectors
                    .counting())));
        watch.close();
        assertTrue(heard.get() > 0, "the watch heard no change");
        assertEquals(!journaled, told,
            "an epoch change told to the watcher: " + resets);
        assertTrue(servedAfterMillis <= SERVED_AGAIN_WITHIN.toMillis(),
            "served again only " + servedAfterMillis + " ms after the kill");
        assertTrue(report.opsAcknowledged() >= MIN_ACKS, report.summary());
        assertTrue(JournalChecks.proven(report) >= MIN_PROVEN_KEYS, report.summary());
        for (String line : done) {
          java.util.regex.Matcher m = JournaledWriter.DONE.matcher(line);
          assertTrue(m.find() && "0".equals(m.group(4)),
              "the calls to the killed node's slots failed fast, none timed out: " + line);
        }
        List<String> mustHold = journaled ? report.violations() : outsideKilledSlots;
        assertEquals(List.of(), mustHold.subList(0, Math.min(20, mustHold.size())),
            mustHold.size() + " keys lost an acknowledged write"
                + (journaled ? "" : " outside the killed node's slots") + ": "
                + report.summary());
      }
    }
  }
}
