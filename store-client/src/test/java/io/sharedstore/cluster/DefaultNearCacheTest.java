package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Bytes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The near cache's own rules, driven directly: its sink is called as the hub would, and its
 * reads go to a fake whose answers the test releases when it likes, so the orders that matter
 * ("read sent, change arrives, read answers with the old value") are forced, not hoped for.
 */
class DefaultNearCacheTest {

  private static final Executor DIRECT = Runnable::run;

  /** The reads a cache sent, each answered when the test says. */
  private static final class Reads {
    final Deque<String> keys = new ArrayDeque<>();
    final Deque<CompletableFuture<Optional<String>>> answers = new ArrayDeque<>();

    CompletionStage<Optional<String>> read(String key) {
      CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
      keys.add(key);
      answers.add(answer);
      return answer;
    }

    /** Answers the oldest read not yet answered. */
    void answer(Optional<String> value) {
      answers.removeFirst().complete(value);
      keys.removeFirst();
    }

    int pending() {
      return answers.size();
    }
  }

  private final Reads reads = new Reads();
  private final NearCaches registry = new NearCaches();
  private volatile boolean away;

  private DefaultNearCache<String> liveCache(String glob) {
    DefaultNearCache<String> cache =
        new DefaultNearCache<>(glob, 1024, 100, DIRECT, reads::read, registry,
        () -> away);
    registry.add(cache);
    cache.live(0);
    return cache;
  }

  private static Optional<String> now(CompletionStage<Optional<String>> stage) {
    CompletableFuture<Optional<String>> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "not answered at once");
    return future.join();
  }

  private static StoreEvent.Changed changed(String key, long revision) {
    return new StoreEvent.Changed(key, revision, new byte[] {1}, Optional.empty());
  }

  @Test
  void aFilledKeyIsAHitAnsweredWithTheSameCompletedStage() {
    DefaultNearCache<String> cache = liveCache("config:*");
    CompletionStage<Optional<String>> first = cache.get("config:a");
    assertEquals(1, reads.pending());
    reads.answer(Optional.of("on"));
    assertEquals(Optional.of("on"), now(first));

    CompletionStage<Optional<String>> second = cache.get("config:a");
    assertEquals(Optional.of("on"), now(second));
    assertSame(second, cache.get("config:a"), "a hit allocated a new stage");
    assertEquals(0, reads.pending());
    assertEquals(new NearCache.Stats(2, 1, 0, 0, 1), cache.stats());
  }

  @Test
  void aSharedHitCannotBeChangedByOneCaller() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("on"));
    CompletableFuture<Optional<String>> hit = cache.get("config:a").toCompletableFuture();
    assertFalse(hit.complete(Optional.of("off")));
    assertThrows(UnsupportedOperationException.class, () -> hit.obtrudeValue(Optional.empty()));
    assertEquals(Optional.of("on"), now(cache.get("config:a")));
  }

  @Test
  void aKnownAbsenceIsHeld() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:none");
    reads.answer(Optional.empty());
    assertEquals(Optional.empty(), now(cache.get("config:none")));
    assertEquals(0, reads.pending());
    assertEquals(1, cache.stats().hits());
  }

  @Test
  void concurrentMissesOfOneKeyShareOneRead() {
    DefaultNearCache<String> cache = liveCache("config:*");
    CompletionStage<Optional<String>> a = cache.get("config:a");
    CompletionStage<Optional<String>> b = cache.get("config:a");
    assertEquals(1, reads.pending());
    reads.answer(Optional.of("on"));
    assertEquals(Optional.of("on"), now(a));
    assertEquals(Optional.of("on"), now(b));
  }

  @Test
  void aChangeArrivingWhileTheReadIsInFlightIsNeverOvertakenByTheOldValue() {
    DefaultNearCache<String> cache = liveCache("config:*");
    CompletionStage<Optional<String>> racing = cache.get("config:a"); // read sent
    cache.deliver(changed("config:a", 5)); // the change arrives first
    reads.answer(Optional.of("old")); // then the read, answered before the change
    assertEquals(Optional.of("old"), now(racing), "the caller still gets its answer");

    cache.get("config:a");
    assertEquals(1, reads.pending(), "the old value was kept");
    reads.answer(Optional.of("new"));
    assertEquals(Optional.of("new"), now(cache.get("config:a")));
  }

  @Test
  void aMissAfterADirtyFillDoesNotJoinIt() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    cache.deliver(new StoreEvent.Deleted("config:a", 5));
    CompletionStage<Optional<String>> after = cache.get("config:a");
    assertEquals(2, reads.pending(), "a get after the change joined the read sent before it");
    reads.answer(Optional.of("old"));
    reads.answer(Optional.empty());
    assertEquals(Optional.empty(), now(after));
    assertEquals(Optional.empty(), now(cache.get("config:a")));
    assertEquals(0, reads.pending());
  }

  @Test
  void everyKeyEventDropsAHeldKey() {
    DefaultNearCache<String> cache = liveCache("config:*");
    for (String key : List.of("config:a", "config:b", "config:c")) {
      cache.get(key);
      reads.answer(Optional.of("v"));
    }
    cache.deliver(changed("config:a", 1));
    cache.deliver(new StoreEvent.Deleted("config:b", 2));
    cache.deliver(new StoreEvent.Expired("config:c", 3));
    cache.deliver(changed("config:other", 4)); // not held: nothing to count, nothing added
    assertEquals(3, cache.stats().invalidations());
    assertEquals(0, cache.stats().size());
    cache.get("config:c");
    assertEquals(1, reads.pending());
  }

  @Test
  void aResetDropsEverythingAndAReadSentBeforeItIsNotKept() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    cache.get("config:b"); // in flight across the reset
    cache.deliver(new StoreEvent.Reset(9, ResetReason.OVERFLOW));
    reads.answer(Optional.of("before the reset"));
    assertEquals(1, cache.stats().resets());
    assertEquals(0, cache.stats().size());
    cache.get("config:a");
    cache.get("config:b");
    assertEquals(2, reads.pending());
  }

  @Test
  void whileSuspendedNothingIsServedOrKeptUntilLiveAgain() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    cache.suspended();
    assertEquals(1, cache.stats().resets());
    CompletionStage<Optional<String>> whileAway = cache.get("config:a");
    assertEquals(1, reads.pending(), "a get while suspended must ask the manager");
    reads.answer(Optional.of("v2"));
    assertEquals(Optional.of("v2"), now(whileAway));
    cache.get("config:a");
    assertEquals(1, reads.pending(), "a read while suspended was kept");
    reads.answer(Optional.of("v2"));

    cache.live(10);
    cache.get("config:a");
    reads.answer(Optional.of("v3"));
    assertEquals(Optional.of("v3"), now(cache.get("config:a")));
    assertEquals(0, reads.pending());
  }

  @Test
  void nothingIsServedOnceTheManagerIsAwayEvenBeforeTheWatchHears() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    away = true;
    cache.get("config:a");
    assertEquals(1, reads.pending(), "a held value was served while the manager is away");
  }

  @Test
  void nothingIsKeptBeforeTheWatchIsLive() {
    DefaultNearCache<String> cache =
        new DefaultNearCache<>("config:*", 1024, 100, DIRECT, reads::read, registry,
        () -> away);
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    cache.get("config:a");
    assertEquals(1, reads.pending());
  }

  @Test
  void aWriteThroughTheClientDropsItsKeysAndDirtiesTheirReads() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    cache.get("config:b"); // in flight when the write completes
    registry.written(new Operation.Set("config:a", Bytes.wrap(new byte[] {1}), OptionalLong.empty()));
    registry.written(new Operation.Delete("config:b"));
    registry.written(new Operation.Set("other:a", Bytes.wrap(new byte[] {1}), OptionalLong.empty()));
    reads.answer(Optional.of("old b"));
    assertEquals(1, cache.stats().invalidations());
    cache.get("config:a");
    cache.get("config:b");
    assertEquals(2, reads.pending());
  }

  @Test
  void deleteAllThroughTheClientDropsTheKeysItMatches() {
    DefaultNearCache<String> cache = liveCache("config:*");
    for (String key : List.of("config:x:1", "config:x:2", "config:y")) {
      cache.get(key);
      reads.answer(Optional.of("v"));
    }
    cache.get("config:x:3"); // in flight
    registry.written(new Operation.DeleteAll("config:x:*"));
    reads.answer(Optional.of("old"));
    assertEquals(Optional.of("v"), now(cache.get("config:y")));
    assertEquals(0, reads.pending());
    cache.get("config:x:1");
    cache.get("config:x:3");
    assertEquals(2, reads.pending());
  }

  @Test
  void setAllThroughTheClientDropsEachKey() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    registry.written(new Operation.SetAll(
        Map.of("config:a", Bytes.wrap(new byte[] {1})), OptionalLong.empty()));
    cache.get("config:a");
    assertEquals(1, reads.pending());
  }

  @Test
  void badKeysAreRefusedAtTheCall() {
    DefaultNearCache<String> cache = liveCache("config:*");
    assertThrows(NullPointerException.class, () -> cache.get(null));
    assertThrows(IllegalArgumentException.class, () -> cache.get(""));
    assertThrows(IllegalArgumentException.class, () -> cache.get("x".repeat(1025)));
    IllegalArgumentException other =
        assertThrows(IllegalArgumentException.class, () -> cache.get("session:1"));
    assertTrue(other.getMessage().contains("session:1"), other.getMessage());
    assertTrue(other.getMessage().contains("config:*"), other.getMessage());
    assertEquals(0, reads.pending());
  }

  @Test
  void aClosedCacheRefusesGetsAndDropsEverything() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    cache.close();
    assertThrows(IllegalStateException.class, () -> cache.get("config:a"));
    assertEquals(0, cache.stats().size());
    assertEquals(0, registry.size());
    cache.close(); // twice is fine
  }

  @Test
  void theCachesOfAClosedClientRefuseGets() {
    DefaultNearCache<String> cache = liveCache("config:*");
    cache.get("config:a");
    reads.answer(Optional.of("v"));
    registry.closeAll();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> cache.get("config:a"));
    assertTrue(closed.getMessage().contains("client is closed"), closed.getMessage());
  }

  @Test
  void aFailedReadIsPassedOnAndNotKept() {
    DefaultNearCache<String> cache = liveCache("config:*");
    CompletionStage<Optional<String>> failed = cache.get("config:a");
    reads.answers.removeFirst().completeExceptionally(
        new StoreUnavailableException("get", "config:a", "127.0.0.1:9", java.time.Instant.EPOCH,
            "away", false, Optional.empty()));
    reads.keys.removeFirst();
    CompletableFuture<Optional<String>> future = failed.toCompletableFuture();
    assertTrue(future.isCompletedExceptionally());
    cache.get("config:a");
    assertEquals(1, reads.pending());
  }
}
