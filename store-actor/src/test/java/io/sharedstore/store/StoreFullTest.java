package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static io.sharedstore.store.StoreDriver.NO_ID;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.cbor;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The manager's bound on what it holds: {@code max-entries} and {@code max-memory}. A write that
 * would add data past either is refused with {@link Refusal#FULL} and changes nothing; reads,
 * deletes and writes that do not grow the store keep working; expired entries make room again.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreFullTest {

  private static final int MAX_ENTRIES = 1000;
  private static final StoreSettings BASE =
      new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 64, 4096, Duration.ofSeconds(60), 1000);
  private static final byte[] VALUE = cbor("v".repeat(90));

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private StoreDriver entriesBound() {
    return StoreDriver.spawn(testKit, BASE.withLimits(MAX_ENTRIES, Long.MAX_VALUE));
  }

  /** Sets {@code count} keys {@code prefix0..}, each answered with success. */
  private void fill(StoreDriver store, String prefix, int count, OptionalLong ttl) {
    TestProbe<StatusReply<Written>> probe = testKit.createTestProbe();
    for (int i = 0; i < count; i++) {
      store.ref().tell(new Execute<>(new Operation.Set(prefix + i, bytes(VALUE), ttl), probe.getRef()));
    }
    for (int i = 0; i < count; i++) {
      ok(probe.receiveMessage());
    }
  }

  @Test
  void maxEntriesAllowsExactlyThatManyKeysThenRefusesANewOne() {
    StoreDriver store = entriesBound();
    fill(store, "k", MAX_ENTRIES, NO_TTL);
    assertEquals(MAX_ENTRIES, store.stats().storedEntries());

    String error = refused(Refusal.FULL, store.trySet("one-more", VALUE, NO_TTL));
    assertTrue(error.contains("set of key [one-more]") && error.contains("max-entries is 1000"),
        error);
    assertEquals(Optional.empty(), store.get("one-more"));
    assertEquals(MAX_ENTRIES, store.stats().storedEntries());
  }

  @Test
  void aFullStoreStillOverwritesReadsAndDeletes() {
    StoreDriver store = entriesBound();
    fill(store, "k", MAX_ENTRIES, NO_TTL);

    byte[] other = cbor("w".repeat(90));
    store.set("k7", other, NO_TTL);
    assertArrayEquals(other, store.get("k7").orElseThrow());
    assertArrayEquals(VALUE, ok(store.getAndSet("k8", other, NO_TTL)).bytes().orElseThrow().toArray());
    assertTrue(ok(store.expire("k9", 60_000)).applied());
    assertTrue(ok(store.persist("k9")).applied());
    assertEquals(1, ok(store.getAll(java.util.List.of("k1", "absent"))).values().size());

    assertTrue(ok(store.<Deleted>ask(r -> new Execute<>(new Operation.Delete("k1"), r))).existed());
    store.set("new", VALUE, NO_TTL); // the deleted key made room for exactly one
    refused(Refusal.FULL, store.trySet("newer", VALUE, NO_TTL));
  }

  @Test
  void everyWriteThatWouldAddAKeyIsRefusedWhenFull() {
    StoreDriver store = entriesBound();
    fill(store, "k", MAX_ENTRIES - 1, NO_TTL);
    assertEquals(5, ok(store.increment("counter", 5)).value());
    // Now exactly full: the counter took the last slot.
    refused(Refusal.FULL, store.increment("counter-2", 1));
    refused(Refusal.FULL, store.incrementBounded("counter-2", 1, 10));
    refused(Refusal.FULL, store.setIfAbsent("new", VALUE, NO_TTL));
    refused(Refusal.FULL, store.getAndSet("new", VALUE, NO_TTL));
    refused(Refusal.FULL,
        store.<Applied>ask(r -> new Execute<>(new Operation.CompareAndSet("new", bytes(Optional.empty()), bytes(VALUE), NO_TTL), r)));
    refused(Refusal.FULL, store.setAll(Map.of("k1", VALUE, "new", VALUE), NO_TTL));
    assertEquals(MAX_ENTRIES, store.stats().storedEntries());

    // An existing counter still counts; setIfAbsent of a present key answers as usual.
    assertEquals(6, ok(store.increment("counter", 1)).value());
    assertFalse(ok(store.setIfAbsent("k1", VALUE, NO_TTL)).applied());
    ok(store.setAll(Map.of("k1", VALUE, "k2", VALUE), NO_TTL));
  }

  @Test
  void afterTheTtlExpiresNewKeysAreAcceptedAgain() {
    StoreDriver store = entriesBound();
    fill(store, "short", MAX_ENTRIES, OptionalLong.of(1_000));
    refused(Refusal.FULL, store.trySet("late", VALUE, NO_TTL));

    store.timePasses(Duration.ofMillis(1_001)); // before the 30 s sweep: the write frees them
    store.set("late", VALUE, NO_TTL);
    assertEquals(1, store.stats().storedEntries());
    fill(store, "again", MAX_ENTRIES - 1, NO_TTL);
    refused(Refusal.FULL, store.trySet("again-more", VALUE, NO_TTL));
  }

  @Test
  void anIncrementThatCreatesAKeyIsAcceptedOnceAnExpiredKeyFreesItsSlot() {
    StoreDriver store = entriesBound();
    fill(store, "k", MAX_ENTRIES - 1, NO_TTL);
    ok(store.increment("window", 1, OptionalLong.of(500), NO_ID));
    refused(Refusal.FULL, store.increment("other", 1));
    store.timePasses(Duration.ofMillis(500));
    assertEquals(1, ok(store.increment("other", 1)).value());
  }

  @Test
  void maxMemoryRefusesAGrowingWriteButNotASmallerOrEqualOne() {
    long entry = StoreEngine.estimate("m0", VALUE, false);
    StoreDriver store = StoreDriver.spawn(testKit, BASE.withLimits(Long.MAX_VALUE, 10 * entry));
    fill(store, "m", 10, NO_TTL); // exactly max-memory

    String error = refused(Refusal.FULL, store.trySet("m10", VALUE, NO_TTL));
    assertTrue(error.contains("max-memory is " + 10 * entry), error);
    refused(Refusal.FULL, store.trySet("m1", cbor("v".repeat(91)), NO_TTL)); // grows by 1 byte
    refused(Refusal.FULL, store.trySet("m1", VALUE, OptionalLong.of(60_000))); // a TTL costs too
    refused(Refusal.FULL, store.increment("c", 1));

    store.set("m1", cbor("w".repeat(90)), NO_TTL); // same size
    store.set("m2", cbor("small"), NO_TTL); // shrinks, and so makes room
    store.set("m3", cbor("v".repeat(90 + 80)), NO_TTL); // grows into that room
    refused(Refusal.FULL, store.trySet("m4", cbor("v".repeat(100)), NO_TTL)); // 6 bytes left

    assertTrue(ok(store.<Deleted>ask(r -> new Execute<>(new Operation.Delete("m5"), r))).existed());
    store.set("m10", VALUE, NO_TTL);
  }

  @Test
  void aFullRefusalChangesNothing() {
    StoreDriver store = StoreDriver.spawn(testKit, BASE.withLimits(2, Long.MAX_VALUE));
    store.set("a", VALUE, OptionalLong.of(60_000));
    store.set("b", VALUE, NO_TTL);
    StoreDriver.Snapshot before = store.snapshot("a");
    refused(Refusal.FULL, store.setAll(Map.of("a", cbor(1), "c", VALUE), NO_TTL));
    assertEquals(before, store.snapshot("a"));
  }
}
