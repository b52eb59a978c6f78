package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.Ttl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager with a data directory stopped with SIGTERM and started again on the same directory
 * and port: a new client finds every value set before the stop, not the deleted key, the counter
 * exact; a retried increment with the first call's request id is applied once and answers the
 * first result; a 1 h TTL keeps its deadline across the stop, a 2 s TTL is gone after a stop
 * longer than 2 s.
 */
class PersistenceRestartTest {

  private static final Duration FIRST_CALL = Duration.ofSeconds(20);
  private static final Duration SHORT_TTL = Duration.ofSeconds(2);
  private static final Duration LONG_TTL = Duration.ofHours(1);
  /** Clock readings and round trips on a loaded machine around the TTL comparison. */
  private static final Duration TTL_SLACK = Duration.ofMillis(500);

  @TempDir Path dataDir;

  @Test
  void everyWriteSurvivesACleanRestartAndTtlsKeepTheirDeadlines() throws Exception {
    int port = FreePort.pick();
    long firstIncrement;
    Duration longTtlBefore;
    long measuredBefore;
    long stoppedAt;
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, List.of());
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      StoreClient store = cluster.store();
      Stages.result(store.set("text", "hello", FIRST_CALL));
      Stages.result(store.set("number", 42));
      Stages.result(store.set("map", Map.of("a", 1, "b", "two")));
      Stages.result(store.set("overwritten", "old"));
      Stages.result(store.set("overwritten", "new"));
      Stages.result(store.set("deleted", "gone soon"));
      assertTrue(Stages.result(store.delete("deleted")));
      Stages.result(store.set("long-ttl", "an hour", SetOptions.ttl(LONG_TTL)));
      Stages.result(store.increment("counter", 10));
      firstIncrement =
          Stages.result(store.increment("counter", 5, SetOptions.none().withRequestId("retry-1")));
      assertEquals(15, firstIncrement);
      Stages.result(store.set("short-ttl", "two seconds", SetOptions.ttl(SHORT_TTL)));
      assertTrue(Stages.result(store.has("short-ttl")), "the 2 s key expired before the stop");
      measuredBefore = System.nanoTime();
      longTtlBefore = remaining(Stages.result(store.ttl("long-ttl")));

      assertEquals(PersistentManager.EXIT_ON_SIGTERM, first.terminate(), "exit code after SIGTERM");
      stoppedAt = System.nanoTime();
    }
    // The stop lasts longer than the short TTL (the next start may already take that long).
    Poll.until(SHORT_TTL.plusSeconds(2),
        () -> System.nanoTime() - stoppedAt > SHORT_TTL.plusMillis(500).toNanos());

    try (PersistentManager second = PersistentManager.start("manager-2", port, dataDir, List.of());
        ClusterClient cluster = ClusterClient.connect(2, second.address())) {
      StoreClient store = cluster.store();
      assertEquals(Optional.of("hello"), Stages.result(store.get("text", String.class, FIRST_CALL)));
      Duration longTtlAfter = remaining(Stages.result(store.ttl("long-ttl")));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - measuredBefore);
      assertEquals(Optional.of(42), Stages.result(store.get("number", Integer.class)));
      assertEquals(Optional.of(Map.of("a", 1, "b", "two")), Stages.result(store.get("map")));
      assertEquals(Optional.of("new"), Stages.result(store.get("overwritten", String.class)));
      assertFalse(Stages.result(store.has("deleted")), "the deleted key came back");
      assertFalse(Stages.result(store.has("short-ttl")), "the 2 s key outlived a longer stop");
      assertEquals(Optional.of(15L), Stages.result(store.get("counter", Long.class)));
      assertEquals(Optional.of("an hour"), Stages.result(store.get("long-ttl", String.class)));

      // The deadline was kept: the remaining TTL went down by the time between the readings.
      Duration expected = longTtlBefore.minus(elapsed);
      System.out.printf("PersistenceRestartTest: 1 h TTL %d ms before, %d ms after, %d ms apart%n",
          longTtlBefore.toMillis(), longTtlAfter.toMillis(), elapsed.toMillis());
      assertTrue(longTtlAfter.compareTo(longTtlBefore) <= 0,
          "the TTL grew across the restart: " + longTtlBefore + " -> " + longTtlAfter);
      assertTrue(longTtlAfter.compareTo(expected.minus(TTL_SLACK)) >= 0,
          "the TTL lost more than the stop: " + longTtlBefore + " -> " + longTtlAfter
              + " in " + elapsed);

      long retried =
          Stages.result(store.increment("counter", 5, SetOptions.none().withRequestId("retry-1")));
      assertEquals(firstIncrement, retried, "the retry did not answer the first result");
      assertEquals(Optional.of(15L), Stages.result(store.get("counter", Long.class)),
          "the retried increment was applied twice");
      assertEquals(16, Stages.result(store.increment("counter", 1)));
    }
  }

  private static Duration remaining(Ttl ttl) {
    assertTrue(ttl.exists(), "the key has no TTL entry: " + ttl);
    return ttl.remaining().orElseThrow(() -> new AssertionError("the key lost its TTL: " + ttl));
  }
}
