package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Near caches of real clients of a manager in the test JVM, over real Artery remoting: hits stay
 * in the JVM, another client's writes reach the cache through its watch, this client's own
 * writes are seen at once, and an unreachable manager leaves nothing to serve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NearCacheTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Sweeps often, so an expired key's event comes soon after its deadline. */
  private final InJvmManager manager =
      new InJvmManager(ConfigFactory.parseString("shared-store.cleanup-interval = 50ms"));
  private final ClusterClient reader = ClusterClient.connect(31, manager.address());
  private final ClusterClient writer = ClusterClient.connect(32, manager.address());
  private final AtomicInteger ids = new AtomicInteger();

  @AfterAll
  void stop() {
    reader.close();
    writer.close();
    manager.close();
  }

  /** A fresh glob per test, so tests share the manager without seeing each other's keys. */
  private String prefix() {
    return "nc" + ids.incrementAndGet() + ":";
  }

  /** A live near cache of {@code prefix*} in the reader: its watch confirmed by the manager. */
  private <T> DefaultNearCache<T> liveCache(String prefix, Class<T> type) {
    DefaultNearCache<T> cache = (DefaultNearCache<T>) reader.store().nearCache(prefix + "*", type);
    awaitCondition(cache::isLive, "the near cache's watch was not confirmed");
    return cache;
  }

  private static void awaitCondition(BooleanSupplier condition, String failure) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure + " within " + WAIT);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void theFirstGetMissesAndTheNextAreHitsCompletedAtOnce() {
    String p = prefix();
    await(writer.store().set(p + "flag", true));
    try (NearCache<Boolean> cache = liveCache(p, Boolean.class)) {
      assertEquals(Optional.of(true), await(cache.get(p + "flag")));
      for (int i = 0; i < 10; i++) {
        CompletableFuture<Optional<Boolean>> hit = cache.get(p + "flag").toCompletableFuture();
        assertTrue(hit.isDone(), "a hit was not completed at once");
        assertEquals(Optional.of(true), hit.join());
      }
      NearCache.Stats stats = cache.stats();
      assertEquals(1, stats.misses());
      assertEquals(10, stats.hits());
      assertEquals(1, stats.size());
    }
  }

  @Test
  void aKnownAbsenceIsAnsweredLocally() {
    String p = prefix();
    try (NearCache<String> cache = liveCache(p, String.class)) {
      assertEquals(Optional.empty(), await(cache.get(p + "none")));
      CompletableFuture<Optional<String>> again = cache.get(p + "none").toCompletableFuture();
      assertTrue(again.isDone());
      assertEquals(Optional.empty(), again.join());
      assertEquals(1, cache.stats().hits());
    }
  }

  @Test
  void genericValuesAreReadWithATypeReference() {
    String p = prefix();
    await(writer.store().set(p + "list", List.of("a", "b")));
    NearCache<List<String>> cache = reader.store().nearCache(p + "*", new TypeReference<>() {});
    try (cache) {
      awaitCondition(((DefaultNearCache<List<String>>) cache)::isLive, "not live");
      assertEquals(Optional.of(List.of("a", "b")), await(cache.get(p + "list")));
      assertEquals(Optional.of(List.of("a", "b")), await(cache.get(p + "list")));
      assertEquals(1, cache.stats().hits());
    }
  }

  @Test
  void anotherClientsSetIsAnsweredOnceItsEventArrived() {
    String p = prefix();
    await(writer.store().set(p + "mode", "old"));
    try (NearCache<String> cache = liveCache(p, String.class)) {
      assertEquals(Optional.of("old"), await(cache.get(p + "mode")));
      await(writer.store().set(p + "mode", "new"));
      awaitCondition(() -> cache.stats().invalidations() == 1, "the change did not arrive");
      assertEquals(Optional.of("new"), await(cache.get(p + "mode")));
      assertEquals(Optional.of("new"), await(cache.get(p + "mode")));
      assertEquals(2, cache.stats().misses());
    }
  }

  @Test
  void anotherClientsDeleteLeavesTheKeyAbsent() {
    String p = prefix();
    await(writer.store().set(p + "gone", "v"));
    try (NearCache<String> cache = liveCache(p, String.class)) {
      assertEquals(Optional.of("v"), await(cache.get(p + "gone")));
      await(writer.store().delete(p + "gone"));
      awaitCondition(() -> cache.stats().invalidations() == 1, "the delete did not arrive");
      assertEquals(Optional.empty(), await(cache.get(p + "gone")));
    }
  }

  @Test
  void anExpiredKeyIsServedUntilItsEventAndAbsentAfter() {
    String p = prefix();
    await(writer.store().set(p + "short", "v", SetOptions.ttl(Duration.ofMillis(300))));
    try (NearCache<String> cache = liveCache(p, String.class)) {
      Optional<String> first = await(cache.get(p + "short"));
      if (first.isPresent()) { // on a slow machine it may be gone already
        awaitCondition(() -> cache.stats().invalidations() == 1, "the expiry did not arrive");
      }
      assertEquals(Optional.empty(), await(cache.get(p + "short")));
    }
  }

  @Test
  void aWriteThroughTheSameClientIsSeenByTheNextGetWithoutWaiting() {
    String p = prefix();
    StoreClient store = reader.store();
    try (NearCache<Integer> cache = liveCache(p, Integer.class)) {
      for (int i = 0; i < 50; i++) {
        await(store.set(p + "n", i));
        assertEquals(Optional.of(i), await(cache.get(p + "n")), "write " + i + " not seen");
        assertEquals(Optional.of(i), await(cache.get(p + "n")));
      }
      await(store.delete(p + "n"));
      assertEquals(Optional.empty(), await(cache.get(p + "n")));
      await(store.increment(p + "n", 5));
      assertEquals(Optional.of(5), await(cache.get(p + "n")));
      await(store.deleteAll(p + "*"));
      assertEquals(Optional.empty(), await(cache.get(p + "n")));
    }
  }

  @Test
  void aMillionGetsOfHeldKeysSendNothing() {
    String p = prefix();
    await(writer.store().set(p + "a", "x"));
    try (NearCache<String> cache = liveCache(p, String.class)) {
      await(cache.get(p + "a"));
      await(cache.get(p + "b"));
      StoreCalls calls = ((DefaultStoreClient) reader.store()).calls();
      long before = calls.callsQueued();
      long hitsBefore = cache.stats().hits();
      for (int i = 0; i < 1_000_000; i++) {
        cache.get((i & 1) == 0 ? p + "a" : p + "b");
      }
      assertEquals(before, calls.callsQueued(), "a get of a held key sent a call");
      assertEquals(hitsBefore + 1_000_000, cache.stats().hits());
    }
  }

  @Test
  void badInputIsRefusedAtTheCall() {
    String p = prefix();
    StoreClient store = reader.store();
    assertThrows(NullPointerException.class, () -> store.nearCache(null, String.class));
    assertThrows(NullPointerException.class, () -> store.nearCache(p + "*", (Class<?>) null));
    assertThrows(IllegalArgumentException.class, () -> store.nearCache("", String.class));
    assertThrows(IllegalArgumentException.class, () -> store.nearCache("a\\", String.class));
    assertThrows(IllegalArgumentException.class,
        () -> store.nearCache("x".repeat(2000), String.class));
    NearCache<String> cache = liveCache(p, String.class);
    IllegalArgumentException other =
        assertThrows(IllegalArgumentException.class, () -> cache.get("elsewhere"));
    assertTrue(other.getMessage().contains("elsewhere") && other.getMessage().contains(p + "*"),
        other.getMessage());
    assertThrows(IllegalArgumentException.class, () -> cache.get(""));
    cache.close();
    assertThrows(IllegalStateException.class, () -> cache.get(p + "a"));
  }

  @Test
  void theCachesOfAClosedClientRefuseGets() {
    ClusterClient client = ClusterClient.connect(33, manager.address());
    NearCache<String> cache;
    try {
      client.awaitReachable(WAIT);
      cache = client.store().nearCache("closing:*", String.class);
      awaitCondition(((DefaultNearCache<String>) cache)::isLive, "not live");
      await(cache.get("closing:a"));
    } finally {
      client.close();
    }
    assertThrows(IllegalStateException.class, () -> cache.get("closing:a"));
    assertThrows(IllegalStateException.class,
        () -> client.store().nearCache("closing:*", String.class));
  }

  @Test
  void anUnreachableManagerLeavesNothingToServe() {
    InJvmManager own = new InJvmManager();
    ClusterClient client = ClusterClient.connect(34, own.address());
    try {
      await(client.store().set("cfg:flag", true));
      DefaultNearCache<Boolean> cache =
          (DefaultNearCache<Boolean>) client.store().nearCache("cfg:*", Boolean.class);
      awaitCondition(cache::isLive, "not live");
      assertEquals(Optional.of(true), await(cache.get("cfg:flag")));
      assertEquals(Optional.of(true), await(cache.get("cfg:flag")));
      assertEquals(1, cache.stats().hits());

      own.close(); // the manager tells its clients it stops: unreachable
      awaitCondition(() -> !client.isManagerReachable(), "the client still finds it reachable");
      CompletableFuture<Optional<Boolean>> away = cache.get("cfg:flag").toCompletableFuture();
      assertTrue(away.isDone(), "a get while the manager is away did not fail fast");
      CompletionException failure = assertThrows(CompletionException.class, away::join);
      assertInstanceOf(StoreUnavailableException.class, failure.getCause());
      awaitCondition(() -> cache.stats().resets() == 1, "the watch was not suspended");
      assertEquals(0, cache.stats().size());
      assertEquals(1, cache.stats().hits());
    } finally {
      client.close();
      own.close();
    }
  }
}
