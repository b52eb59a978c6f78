package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static io.sharedstore.store.StoreDriver.NO_ID;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.cbor;
import static io.sharedstore.store.StoreDriver.counter;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The race-free single-key operations at the actor: the normal case, a missing key, a key whose
 * TTL has passed (under manual time, before any sweep), a wrong type, overflow, and refused input
 * that changes nothing. Every test has a fresh store. No TTL used here reaches the 30 s sweep
 * interval unless a test says so, so "expired" always means "expired but still stored".
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtomicOperationsTest {

  private static final int MAX_KEY_LENGTH = 16;
  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), 10_000, 1000, MAX_KEY_LENGTH, 256, Duration.ofSeconds(60), 1000);
  private static final String TOO_LONG_KEY = "k".repeat(MAX_KEY_LENGTH + 1);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private StoreDriver newStore() {
    return StoreDriver.spawn(testKit, SETTINGS);
  }

  private static OptionalLong ttl(long millis) {
    return OptionalLong.of(millis);
  }

  // ---------------------------------------------------------------- Increment

  @Test
  void incrementOfAMissingKeyStartsAtZeroAndAnswersTheDelta() {
    var store = newStore();
    assertEquals(new Counter(5, 0), ok(store.increment("c", 5)));
    assertEquals(5, counter(store.get("c").orElseThrow()));
    assertEquals(new TtlLeft(true, OptionalLong.empty()), ok(store.getTtl("c")));
  }

  @Test
  void incrementAddsToTheStoredIntegerWhateverTypeWroteIt() {
    var store = newStore();
    store.set("c", cbor(10), NO_TTL);
    assertEquals(new Counter(15, 0), ok(store.increment("c", 5)));
    assertEquals(new Counter(-5, 0), ok(store.increment("c", -20)));
    assertEquals(new Counter(-5, 0), ok(store.increment("c", 0)));
    assertEquals(-5, counter(store.get("c").orElseThrow()));

    store.set("big", cbor(BigInteger.valueOf(40)), NO_TTL);
    assertEquals(new Counter(42, 0), ok(store.increment("big", 2)));
    store.set("short", cbor((short) 7), NO_TTL);
    assertEquals(new Counter(8, 0), ok(store.increment("short", 1)));
  }

  @Test
  void incrementOfAnExpiredKeyStartsAgainAtZero() {
    var store = newStore();
    store.set("c", cbor(10), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(new Counter(3, 0), ok(store.increment("c", 3)));
    assertEquals(
        new TtlLeft(true, OptionalLong.empty()),
        ok(store.getTtl("c")),
        "the new key takes this call's TTL (none), not the expired one's");
    assertEquals(new Stats(1, 0, 0), store.stats());
  }

  @Test
  void incrementTtlAppliesOnlyWhenTheCallCreatesTheKey() {
    var store = newStore();
    assertEquals(new Counter(1, 0), ok(store.increment("c", 1, ttl(1000), NO_ID)));
    assertEquals(OptionalLong.of(1000), ok(store.getTtl("c")).remainingMillis());

    store.timePasses(Duration.ofMillis(400));
    assertEquals(new Counter(2, 0), ok(store.increment("c", 1, ttl(5000), NO_ID)));
    assertEquals(OptionalLong.of(600), ok(store.getTtl("c")).remainingMillis(), "fixed window");
    assertEquals(new Counter(3, 0), ok(store.increment("c", 1)));
    assertEquals(
        OptionalLong.of(600), ok(store.getTtl("c")).remainingMillis(), "no TTL keeps the window");

    store.timePasses(Duration.ofMillis(599));
    assertEquals(3, counter(store.get("c").orElseThrow()));
    store.timePasses(Duration.ofMillis(1));
    assertEquals(Optional.empty(), store.get("c"));
    assertEquals(new Counter(1, 0), ok(store.increment("c", 1, ttl(2000), NO_ID)));
    assertEquals(OptionalLong.of(2000), ok(store.getTtl("c")).remainingMillis(), "a new window");
  }

  @Test
  void incrementOfANonIntegerIsRefusedAsTypeAndChangesNothing() {
    var store = newStore();
    for (Object notAnInteger :
        List.of("abc", "1", 1.5, 1.0, Map.of("n", 1), List.of(1), true, new byte[] {1})) {
      store.set("v", cbor(notAnInteger), ttl(5000));
      var before = store.snapshot("v");
      String error = refused(Refusal.TYPE, store.increment("v", 1));
      assertTrue(error.contains("[v]"), error);
      refused(Refusal.TYPE, store.increment("v", 1, ttl(10), Optional.of("r-" + notAnInteger)));
      assertEquals(before, store.snapshot("v"), "after increment of " + notAnInteger);
    }
    store.set("huge", cbor(BigInteger.TWO.pow(64)), NO_TTL);
    refused(Refusal.TYPE, store.increment("huge", -1));
    assertArrayEquals(cbor(BigInteger.TWO.pow(64)), store.get("huge").orElseThrow());
  }

  @Test
  void incrementPastTheLongRangeIsRefusedAsOverflowAndChangesNothing() {
    var store = newStore();
    store.set("max", cbor(Long.MAX_VALUE - 1), ttl(5000));
    assertEquals(new Counter(Long.MAX_VALUE, 0), ok(store.increment("max", 1)));
    var before = store.snapshot("max");
    refused(Refusal.OVERFLOW, store.increment("max", 1));
    refused(Refusal.OVERFLOW, store.increment("max", Long.MAX_VALUE));
    assertEquals(before, store.snapshot("max"));

    store.set("min", cbor(Long.MIN_VALUE), NO_TTL);
    var beforeMin = store.snapshot("min");
    refused(Refusal.OVERFLOW, store.increment("min", -1));
    assertEquals(beforeMin, store.snapshot("min"));
    assertEquals(new Counter(-1, 0), ok(store.increment("min", Long.MAX_VALUE)));
  }

  @Test
  void incrementRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.increment(null, 1),
        () -> store.increment("", 1),
        () -> store.increment(TOO_LONG_KEY, 1),
        () -> store.increment("k", 1, ttl(0), NO_ID),
        () -> store.increment("k", 1, ttl(-1), NO_ID),
        () -> store.increment("new", 1, ttl(0), NO_ID),
        () -> store.increment("k", 1, null, NO_ID),
        () -> store.increment("k", 1, NO_TTL, null),
        () -> store.increment("k", 1, NO_TTL, Optional.of("")),
        () -> store.increment("k", 1, NO_TTL, Optional.of("r".repeat(129))));
    assertEquals(Optional.empty(), store.get("new"));
    assertEquals(
        new Counter(8, 0),
        ok(store.increment("k", 1, NO_TTL, Optional.of("r".repeat(128)))),
        "the longest request id is accepted");
  }

  // --------------------------------------------------------- IncrementBounded

  @Test
  void incrementBoundedCountsUpToTheMaxThenAnswersEmptyAndChangesNothing() {
    var store = newStore();
    assertEquals(bounded(1), ok(store.incrementBounded("rate", 1, 3)));
    assertEquals(bounded(3), ok(store.incrementBounded("rate", 2, 3)));
    var before = store.snapshot("rate");
    assertEquals(refusedByBound(), ok(store.incrementBounded("rate", 1, 3)));
    assertEquals(refusedByBound(), ok(store.incrementBounded("rate", 1, 2)), "max below current");
    assertEquals(before, store.snapshot("rate"));
    assertEquals(bounded(7), ok(store.incrementBounded("rate", 4, 7)), "a higher max fits");
  }

  @Test
  void incrementBoundedOfAMissingKeyStartsAtZeroAndCreatesNothingWhenRefused() {
    var store = newStore();
    assertEquals(refusedByBound(), ok(store.incrementBounded("rate", 5, 4, ttl(1000), NO_ID)));
    assertEquals(Optional.empty(), store.get("rate"));
    assertEquals(new Stats(0, 0, 0), store.stats());
    assertEquals(bounded(4), ok(store.incrementBounded("rate", 4, 4)));
  }

  @Test
  void incrementBoundedOfAnExpiredKeyStartsAgainAtZero() {
    var store = newStore();
    store.set("rate", cbor(10), ttl(1000));
    assertEquals(refusedByBound(), ok(store.incrementBounded("rate", 1, 10)));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(bounded(1), ok(store.incrementBounded("rate", 1, 10, ttl(3000), NO_ID)));
    assertEquals(OptionalLong.of(3000), ok(store.getTtl("rate")).remainingMillis());
  }

  @Test
  void incrementBoundedTtlAppliesOnlyWhenTheCallCreatesTheKey() {
    var store = newStore();
    assertEquals(bounded(1), ok(store.incrementBounded("rate", 1, 100, ttl(1000), NO_ID)));
    store.timePasses(Duration.ofMillis(300));
    assertEquals(bounded(2), ok(store.incrementBounded("rate", 1, 100, ttl(9000), NO_ID)));
    assertEquals(bounded(3), ok(store.incrementBounded("rate", 1, 100)));
    assertEquals(OptionalLong.of(700), ok(store.getTtl("rate")).remainingMillis());
    store.timePasses(Duration.ofMillis(699));
    assertEquals(3, counter(store.get("rate").orElseThrow()));
    store.timePasses(Duration.ofMillis(1));
    assertEquals(Optional.empty(), store.get("rate"));
  }

  @Test
  void incrementBoundedAnswersEmptyWhenTheSumWouldOverflow() {
    var store = newStore();
    store.set("c", cbor(Long.MAX_VALUE - 1), NO_TTL);
    var before = store.snapshot("c");
    assertEquals(refusedByBound(), ok(store.incrementBounded("c", 10, Long.MAX_VALUE)));
    assertEquals(refusedByBound(), ok(store.incrementBounded("c", Long.MAX_VALUE, Long.MAX_VALUE)));
    assertEquals(before, store.snapshot("c"));
    assertEquals(bounded(Long.MAX_VALUE), ok(store.incrementBounded("c", 1, Long.MAX_VALUE)));

    assertEquals(
        refusedByBound(),
        ok(store.incrementBounded("neg", 1, Long.MIN_VALUE)),
        "max - delta below the long range: nothing fits");
    assertEquals(Optional.empty(), store.get("neg"));

    store.set("low", cbor(Long.MIN_VALUE), NO_TTL);
    assertEquals(bounded(-1), ok(store.incrementBounded("low", Long.MAX_VALUE, 0)));
  }

  @Test
  void incrementBoundedOfANonIntegerIsRefusedAsTypeAndChangesNothing() {
    var store = newStore();
    store.set("v", cbor("abc"), NO_TTL);
    var before = store.snapshot("v");
    refused(Refusal.TYPE, store.incrementBounded("v", 1, 10));
    assertEquals(before, store.snapshot("v"));
  }

  @Test
  void incrementBoundedRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.incrementBounded("k", 0, 100),
        () -> store.incrementBounded("k", -1, 100),
        () -> store.incrementBounded("new", 0, 100),
        () -> store.incrementBounded("k", Long.MIN_VALUE, 100),
        () -> store.incrementBounded(null, 1, 100),
        () -> store.incrementBounded("", 1, 100),
        () -> store.incrementBounded(TOO_LONG_KEY, 1, 100),
        () -> store.incrementBounded("k", 1, 100, ttl(0), NO_ID),
        () -> store.incrementBounded("k", 1, 100, ttl(-5), NO_ID),
        () -> store.incrementBounded("k", 1, 100, null, NO_ID),
        () -> store.incrementBounded("k", 1, 100, NO_TTL, null),
        () -> store.incrementBounded("k", 1, 100, NO_TTL, Optional.of("")));
  }

  // -------------------------------------------------------------- SetIfAbsent

  @Test
  void setIfAbsentStoresOnlyWhenTheKeyIsAbsent() {
    var store = newStore();
    assertEquals(applied(true), ok(store.setIfAbsent("lock", cbor("owner-1"), ttl(1000))));
    assertEquals(OptionalLong.of(1000), ok(store.getTtl("lock")).remainingMillis());
    var before = store.snapshot("lock");
    assertEquals(applied(false), ok(store.setIfAbsent("lock", cbor("owner-2"), NO_TTL)));
    assertEquals(before, store.snapshot("lock"), "value and TTL kept");
    assertArrayEquals(cbor("owner-1"), store.get("lock").orElseThrow());
  }

  @Test
  void setIfAbsentTakesAnExpiredKey() {
    var store = newStore();
    store.set("lock", cbor("owner-1"), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(applied(true), ok(store.setIfAbsent("lock", cbor("owner-2"), NO_TTL)));
    assertArrayEquals(cbor("owner-2"), store.get("lock").orElseThrow());
    assertEquals(new TtlLeft(true, OptionalLong.empty()), ok(store.getTtl("lock")));
    assertEquals(new Stats(1, 0, 0), store.stats());
  }

  @Test
  void setIfAbsentRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.setIfAbsent("new", null, NO_TTL),
        () -> store.setIfAbsent("new", new byte[257], NO_TTL),
        () -> store.setIfAbsent(null, cbor(1), NO_TTL),
        () -> store.setIfAbsent("", cbor(1), NO_TTL),
        () -> store.setIfAbsent(TOO_LONG_KEY, cbor(1), NO_TTL),
        () -> store.setIfAbsent("new", cbor(1), ttl(0)),
        () -> store.setIfAbsent("new", cbor(1), ttl(-1)),
        () -> store.setIfAbsent("new", cbor(1), null));
    assertEquals(Optional.empty(), store.get("new"));
  }

  // ------------------------------------------------------------ CompareAndSet

  @Test
  void compareAndSetReplacesOnlyAnEqualValue() {
    var store = newStore();
    store.set("k", cbor("v1"), NO_TTL);
    assertEquals(
        applied(false), ok(store.compareAndSet("k", Optional.of(cbor("v0")), cbor("v2"), NO_TTL)));
    assertArrayEquals(cbor("v1"), store.get("k").orElseThrow());
    assertEquals(
        applied(true),
        ok(store.compareAndSet("k", Optional.of(cbor("v1")), cbor("v2"), ttl(1000))));
    assertArrayEquals(cbor("v2"), store.get("k").orElseThrow());
    assertEquals(OptionalLong.of(1000), ok(store.getTtl("k")).remainingMillis(), "new TTL");
  }

  @Test
  void compareAndSetWithExpectedEmptySucceedsOnlyIfAbsent() {
    var store = newStore();
    assertEquals(applied(true), ok(store.compareAndSet("k", Optional.empty(), cbor(1), NO_TTL)));
    assertEquals(applied(false), ok(store.compareAndSet("k", Optional.empty(), cbor(2), NO_TTL)));
    assertArrayEquals(cbor(1), store.get("k").orElseThrow());
  }

  @Test
  void compareAndSetOfAMissingKeyWithAnExpectedValueChangesNothing() {
    var store = newStore();
    assertEquals(
        applied(false), ok(store.compareAndSet("k", Optional.of(cbor(1)), cbor(2), NO_TTL)));
    assertEquals(Optional.empty(), store.get("k"));
    assertEquals(new Stats(0, 0, 0), store.stats());
  }

  @Test
  void compareAndSetTreatsAnExpiredKeyAsAbsent() {
    var store = newStore();
    store.set("k", cbor("old"), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(
        applied(false), ok(store.compareAndSet("k", Optional.of(cbor("old")), cbor("x"), NO_TTL)));
    assertEquals(Optional.empty(), store.get("k"));

    store.set("k2", cbor("old"), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(applied(true), ok(store.compareAndSet("k2", Optional.empty(), cbor("new"), NO_TTL)));
    assertArrayEquals(cbor("new"), store.get("k2").orElseThrow());
  }

  @Test
  void compareAndSetWithoutTtlClearsTheOldTtl() {
    var store = newStore();
    store.set("k", cbor(1), ttl(1000));
    assertEquals(
        applied(true), ok(store.compareAndSet("k", Optional.of(cbor(1)), cbor(2), NO_TTL)));
    assertEquals(new TtlLeft(true, OptionalLong.empty()), ok(store.getTtl("k")));
    assertEquals(new Stats(1, 0, 0), store.stats());
    store.timePasses(Duration.ofMillis(2000));
    assertArrayEquals(cbor(2), store.get("k").orElseThrow());
  }

  @Test
  void compareAndSetComparesObjectsWithoutKeyOrder() {
    var store = newStore();
    store.set("k", cbor(ordered("a", 1, "b", 2)), NO_TTL);
    byte[] reversed = cbor(ordered("b", 2, "a", 1));
    assertFalse(Arrays.equals(store.get("k").orElseThrow(), reversed), "different bytes");
    assertEquals(applied(true), ok(store.compareAndSet("k", Optional.of(reversed), cbor(3), NO_TTL)));
    assertArrayEquals(cbor(3), store.get("k").orElseThrow());
  }

  @Test
  void compareAndSetComparesNumbersByValueWhateverTheirJavaType() {
    var store = newStore();
    byte[] asDouble = cbor(1.0);
    assertFalse(Arrays.equals(cbor(1), asDouble), "1 and 1.0 are encoded differently");
    for (Object expected :
        List.of(1, 1L, 1.0, 1.0f, (short) 1, BigInteger.ONE, new BigDecimal("1.00"))) {
      store.set("n", cbor(1), NO_TTL);
      assertEquals(
          applied(true),
          ok(store.compareAndSet("n", Optional.of(cbor(expected)), cbor("done"), NO_TTL)),
          "1 vs " + expected + " (" + expected.getClass().getSimpleName() + ")");
      store.set("d", asDouble, NO_TTL);
      assertEquals(
          applied(true),
          ok(store.compareAndSet("d", Optional.of(cbor(expected)), cbor("done"), NO_TTL)),
          "1.0 vs " + expected + " (" + expected.getClass().getSimpleName() + ")");
    }
    store.set("nested", cbor(Map.of("x", List.of(1, Map.of("y", 2.0)))), NO_TTL);
    assertEquals(
        applied(true),
        ok(store.compareAndSet(
            "nested", Optional.of(cbor(Map.of("x", List.of(1L, Map.of("y", 2))))), cbor(0), NO_TTL)));
  }

  @Test
  void compareAndSetDoesNotMixStringsAndNumbersNorReorderArrays() {
    var store = newStore();
    store.set("k", cbor(1), NO_TTL);
    var before = store.snapshot("k");
    for (Object notEqual : List.of("1", 2, 1.5, List.of(1), Map.of("k", 1), true)) {
      assertEquals(
          applied(false),
          ok(store.compareAndSet("k", Optional.of(cbor(notEqual)), cbor(9), NO_TTL)),
          "1 vs " + notEqual);
    }
    assertEquals(before, store.snapshot("k"));

    store.set("s", cbor("1"), NO_TTL);
    assertEquals(applied(false), ok(store.compareAndSet("s", Optional.of(cbor(1)), cbor(9), NO_TTL)));
    store.set("a", cbor(List.of(1, 2)), NO_TTL);
    assertEquals(
        applied(false), ok(store.compareAndSet("a", Optional.of(cbor(List.of(2, 1))), cbor(9), NO_TTL)));
    store.set("o", cbor(Map.of("a", 1)), NO_TTL);
    assertEquals(
        applied(false),
        ok(store.compareAndSet("o", Optional.of(cbor(ordered("a", 1, "b", 2))), cbor(9), NO_TTL)),
        "an extra field is not equal");
  }

  @Test
  void compareAndSetAgainstNaNOrInfinityAnswersInsteadOfFailing() {
    var store = newStore();
    store.set("k", cbor(1.0), NO_TTL);
    for (double odd : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      assertEquals(
          applied(false),
          ok(store.compareAndSet("k", Optional.of(cbor(odd)), cbor(9), NO_TTL)),
          "1.0 vs " + odd);
      assertArrayEquals(cbor(1.0), store.get("k").orElseThrow());
    }
  }

  /**
   * Values are opaque bytes to Set, so a stored value need not be CBOR. A readable expected
   * value is not equal to it: the answer is "not applied", not a refusal blaming {@code expected}.
   */
  @Test
  void compareAndSetAndDeleteIfEqualsAgainstAnUnreadableStoredValueAnswerNotApplied() {
    var store = newStore();
    byte[] opaque = {(byte) 0xff};
    store.set("k", opaque, NO_TTL);
    var before = store.snapshot("k");
    assertEquals(
        applied(false), ok(store.compareAndSet("k", Optional.of(cbor(1)), cbor(2), NO_TTL)));
    assertEquals(applied(false), ok(store.deleteIfEquals("k", cbor(1))));
    assertEquals(before, store.snapshot("k"));
    assertEquals(
        applied(true),
        ok(store.compareAndSet("k", Optional.of(opaque.clone()), cbor(2), NO_TTL)),
        "the same bytes are equal without reading them");
  }

  @Test
  void compareAndSetRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    Optional<byte[]> seven = Optional.of(cbor(7));
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.compareAndSet("k", seven, null, NO_TTL),
        () -> store.compareAndSet("k", seven, new byte[257], NO_TTL),
        () -> store.compareAndSet("k", null, cbor(8), NO_TTL),
        () -> store.compareAndSet("k", Optional.of(new byte[257]), cbor(8), NO_TTL),
        () -> store.compareAndSet("k", seven, cbor(8), ttl(0)),
        () -> store.compareAndSet("k", seven, cbor(8), ttl(-1)),
        () -> store.compareAndSet("k", seven, cbor(8), null),
        () -> store.compareAndSet(null, seven, cbor(8), NO_TTL),
        () -> store.compareAndSet("", seven, cbor(8), NO_TTL),
        () -> store.compareAndSet(TOO_LONG_KEY, Optional.empty(), cbor(8), NO_TTL),
        () -> store.compareAndSet("k", Optional.of(new byte[] {(byte) 0xff}), cbor(8), NO_TTL));
  }

  // ----------------------------------------------------------- DeleteIfEquals

  @Test
  void deleteIfEqualsDeletesOnlyAnEqualValue() {
    var store = newStore();
    store.set("lock", cbor("owner-1"), ttl(5000));
    var before = store.snapshot("lock");
    assertEquals(applied(false), ok(store.deleteIfEquals("lock", cbor("owner-2"))));
    assertEquals(before, store.snapshot("lock"));
    assertEquals(applied(true), ok(store.deleteIfEquals("lock", cbor("owner-1"))));
    assertEquals(Optional.empty(), store.get("lock"));
    assertEquals(new Stats(0, 0, 0), store.stats());
  }

  @Test
  void deleteIfEqualsOfAMissingOrExpiredKeyAnswersFalse() {
    var store = newStore();
    assertEquals(applied(false), ok(store.deleteIfEquals("missing", cbor(1))));
    store.set("k", cbor(1), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(applied(false), ok(store.deleteIfEquals("k", cbor(1))));
    assertEquals(Optional.empty(), store.get("k"));
  }

  @Test
  void deleteIfEqualsComparesAsJsonTrees() {
    var store = newStore();
    store.set("o", cbor(ordered("a", 1, "b", 2)), NO_TTL);
    assertEquals(applied(true), ok(store.deleteIfEquals("o", cbor(ordered("b", 2, "a", 1)))));
    store.set("n", cbor(1), NO_TTL);
    assertEquals(applied(true), ok(store.deleteIfEquals("n", cbor(1.0))));
    store.set("l", cbor(1L), NO_TTL);
    assertEquals(applied(true), ok(store.deleteIfEquals("l", cbor(1))));
    store.set("s", cbor("1"), NO_TTL);
    assertEquals(applied(false), ok(store.deleteIfEquals("s", cbor(1))));
    assertArrayEquals(cbor("1"), store.get("s").orElseThrow());
  }

  @Test
  void deleteIfEqualsRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.deleteIfEquals("k", null),
        () -> store.deleteIfEquals("k", new byte[257]),
        () -> store.deleteIfEquals("k", new byte[] {(byte) 0xff}),
        () -> store.deleteIfEquals(null, cbor(7)),
        () -> store.deleteIfEquals("", cbor(7)),
        () -> store.deleteIfEquals(TOO_LONG_KEY, cbor(7)));
  }

  // ------------------------------------------------------------- GetAndDelete

  @Test
  void getAndDeleteAnswersTheValueAndRemovesIt() {
    var store = newStore();
    store.set("k", cbor("v"), ttl(5000));
    assertEquals(value(cbor("v")), ok(store.getAndDelete("k")));
    assertEquals(Optional.empty(), store.get("k"));
    assertEquals(new Stats(0, 0, 0), store.stats());
    assertEquals(new Value(Optional.empty()), ok(store.getAndDelete("k")));
  }

  @Test
  void getAndDeleteOfAMissingOrExpiredKeyAnswersEmpty() {
    var store = newStore();
    assertEquals(new Value(Optional.empty()), ok(store.getAndDelete("missing")));
    store.set("k", cbor("v"), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(new Value(Optional.empty()), ok(store.getAndDelete("k")));
    assertEquals(new Stats(0, 0, 0), store.stats());
  }

  @Test
  void getAndDeleteRefusesBadKeysAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.getAndDelete(null),
        () -> store.getAndDelete(""),
        () -> store.getAndDelete(TOO_LONG_KEY));
  }

  // ---------------------------------------------------------------- GetAndSet

  @Test
  void getAndSetAnswersThePreviousValueAndStoresTheNewOne() {
    var store = newStore();
    assertEquals(new Value(Optional.empty()), ok(store.getAndSet("k", cbor(1), NO_TTL)));
    assertEquals(
        value(cbor(1)), ok(store.getAndSet("k", cbor(2), ttl(1000))));
    assertArrayEquals(cbor(2), store.get("k").orElseThrow());
    assertEquals(OptionalLong.of(1000), ok(store.getTtl("k")).remainingMillis());
    assertEquals(
        value(cbor(2)), ok(store.getAndSet("k", cbor(3), NO_TTL)));
    assertEquals(
        new TtlLeft(true, OptionalLong.empty()),
        ok(store.getTtl("k")),
        "without a TTL the old one is cleared, as Set");
    assertEquals(new Stats(1, 0, 0), store.stats());
  }

  @Test
  void getAndSetOfAnExpiredKeyAnswersEmpty() {
    var store = newStore();
    store.set("k", cbor(1), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(new Value(Optional.empty()), ok(store.getAndSet("k", cbor(2), NO_TTL)));
    assertArrayEquals(cbor(2), store.get("k").orElseThrow());
  }

  @Test
  void getAndSetRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.getAndSet("k", null, NO_TTL),
        () -> store.getAndSet("k", new byte[257], NO_TTL),
        () -> store.getAndSet("k", cbor(8), ttl(0)),
        () -> store.getAndSet("k", cbor(8), ttl(-1)),
        () -> store.getAndSet("k", cbor(8), null),
        () -> store.getAndSet(null, cbor(8), NO_TTL),
        () -> store.getAndSet("", cbor(8), NO_TTL),
        () -> store.getAndSet(TOO_LONG_KEY, cbor(8), NO_TTL));
  }

  // ------------------------------------------------------------------- Expire

  @Test
  void expireGivesALiveKeyANewTtl() {
    var store = newStore();
    store.set("k", cbor(1), NO_TTL);
    assertEquals(applied(true), ok(store.expire("k", 1000)));
    assertEquals(OptionalLong.of(1000), ok(store.getTtl("k")).remainingMillis());
    store.timePasses(Duration.ofMillis(500));
    assertEquals(applied(true), ok(store.expire("k", 200)), "a shorter TTL replaces it");
    assertEquals(OptionalLong.of(200), ok(store.getTtl("k")).remainingMillis());
    assertArrayEquals(cbor(1), store.get("k").orElseThrow(), "the value is kept");
    store.timePasses(Duration.ofMillis(200));
    assertEquals(Optional.empty(), store.get("k"));
  }

  @Test
  void expireCanExtendATtl() {
    var store = newStore();
    store.set("k", cbor(1), ttl(1000));
    store.timePasses(Duration.ofMillis(900));
    assertEquals(applied(true), ok(store.expire("k", 5000)));
    store.timePasses(Duration.ofMillis(4999));
    assertArrayEquals(cbor(1), store.get("k").orElseThrow());
    assertEquals(new Stats(1, 1, 0), store.stats());
  }

  @Test
  void expireOfAMissingOrExpiredKeyAnswersFalseAndCreatesNothing() {
    var store = newStore();
    assertEquals(applied(false), ok(store.expire("missing", 1000)));
    assertEquals(new Stats(0, 0, 0), store.stats());
    store.set("k", cbor(1), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(1, store.stats().storedEntries(), "not swept yet");
    assertEquals(applied(false), ok(store.expire("k", 1000)));
    assertEquals(Optional.empty(), store.get("k"), "an expired key is not revived");
  }

  @Test
  void expireRefusesBadInputAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.expire("k", 0),
        () -> store.expire("k", -1),
        () -> store.expire("k", Long.MIN_VALUE),
        () -> store.expire(null, 1000),
        () -> store.expire("", 1000),
        () -> store.expire(TOO_LONG_KEY, 1000));
  }

  // ------------------------------------------------------------------ Persist

  @Test
  void persistRemovesTheTtl() {
    var store = newStore();
    store.set("k", cbor(1), ttl(1000));
    assertEquals(applied(true), ok(store.persist("k")));
    assertEquals(new TtlLeft(true, OptionalLong.empty()), ok(store.getTtl("k")));
    assertEquals(new Stats(1, 0, 0), store.stats());
    store.timePasses(Duration.ofMillis(2000));
    assertArrayEquals(cbor(1), store.get("k").orElseThrow());
  }

  @Test
  void persistAnswersFalseForAMissingExpiredOrTtlLessKey() {
    var store = newStore();
    assertEquals(applied(false), ok(store.persist("missing")));
    store.set("plain", cbor(1), NO_TTL);
    assertEquals(applied(false), ok(store.persist("plain")));
    store.set("k", cbor(1), ttl(1000));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(applied(false), ok(store.persist("k")));
    assertEquals(Optional.empty(), store.get("k"), "an expired key is not revived");
    assertEquals(new Stats(1, 0, 0), store.stats());
  }

  @Test
  void persistRefusesBadKeysAndChangesNothing() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.persist(null),
        () -> store.persist(""),
        () -> store.persist(TOO_LONG_KEY));
  }

  // ------------------------------------------------------------------- GetTtl

  @Test
  void getTtlDistinguishesMissingNoTtlAndRemainingTime() {
    var store = newStore();
    assertEquals(new TtlLeft(false, OptionalLong.empty()), ok(store.getTtl("missing")));
    store.set("plain", cbor(1), NO_TTL);
    assertEquals(new TtlLeft(true, OptionalLong.empty()), ok(store.getTtl("plain")));
    store.set("k", cbor(1), ttl(1000));
    assertEquals(new TtlLeft(true, OptionalLong.of(1000)), ok(store.getTtl("k")));
    store.timePasses(Duration.ofMillis(250));
    assertEquals(new TtlLeft(true, OptionalLong.of(750)), ok(store.getTtl("k")));
    store.timePasses(Duration.ofMillis(749));
    assertEquals(new TtlLeft(true, OptionalLong.of(1)), ok(store.getTtl("k")));
    store.timePasses(Duration.ofMillis(1));
    assertEquals(2, store.stats().storedEntries(), "not swept yet");
    assertEquals(new TtlLeft(false, OptionalLong.empty()), ok(store.getTtl("k")));
  }

  @Test
  void getTtlOfAHugeTtlIsPositive() {
    var store = newStore();
    store.set("k", cbor(1), ttl(Long.MAX_VALUE));
    store.set("e", cbor(1), NO_TTL);
    ok(store.expire("e", Long.MAX_VALUE));
    long twoHundredYears = Duration.ofDays(200 * 365).toMillis();
    for (String key : List.of("k", "e")) {
      TtlLeft left = ok(store.getTtl(key));
      assertTrue(left.exists());
      assertTrue(
          left.remainingMillis().orElseThrow() > twoHundredYears,
          key + ": remaining " + left.remainingMillis());
    }
  }

  /**
   * The ticker's origin is arbitrary ({@link Ticker}: only differences count), so "now" may be 0
   * or negative; this kit's manual clock is neither once earlier tests moved it, hence a
   * synchronous kit with fixed clocks.
   */
  @Test
  void getTtlOfAHugeTtlIsPositiveWhateverTheClockOrigin() {
    long twoHundredYears = Duration.ofDays(200 * 365).toMillis();
    for (long origin : new long[] {0, 500_000, -1_000_000_000L, Long.MIN_VALUE / 2, 1L << 50}) {
      BehaviorTestKit<Command> kit =
          BehaviorTestKit.create(StoreActor.create(SETTINGS, () -> origin));
      TestInbox<StatusReply<Written>> acks = TestInbox.create();
      kit.run(new Execute<>(new Operation.Set("k", bytes(cbor(1)), ttl(Long.MAX_VALUE)), acks.getRef()));
      ok(acks.receiveMessage());
      TestInbox<StatusReply<TtlLeft>> ttls = TestInbox.create();
      kit.run(new Execute<>(new Operation.GetTtl("k"), ttls.getRef()));
      TtlLeft left = ok(ttls.receiveMessage());
      assertTrue(
          left.remainingMillis().orElseThrow() > twoHundredYears,
          "clock at " + origin + " ns: remaining " + left.remainingMillis());
    }
  }

  @Test
  void getTtlRefusesBadKeys() {
    var store = newStore();
    store.set("k", cbor(7), ttl(5000));
    var before = store.snapshot("k");
    assertAllInvalid(
        store,
        "k",
        before,
        () -> store.getTtl(null),
        () -> store.getTtl(""),
        () -> store.getTtl(TOO_LONG_KEY));
  }

  // ------------------------------------------------------------------ helpers

  /** Each request is refused as invalid, and the store is as it was. */
  @SafeVarargs
  private static void assertAllInvalid(
      StoreDriver store,
      String key,
      StoreDriver.Snapshot before,
      Supplier<StatusReply<?>>... requests) {
    assertAll(
        Arrays.stream(requests)
            .map(
                request ->
                    () -> {
                      StatusReply<?> reply = request.get();
                      refused(Refusal.INVALID, reply);
                    }));
    assertEquals(before, store.snapshot(key));
    assertNotEquals("absent", before.valueHex());
  }

  private static BoundedCounter bounded(long value) {
    return new BoundedCounter(OptionalLong.of(value), 0);
  }

  private static BoundedCounter refusedByBound() {
    return new BoundedCounter(OptionalLong.empty(), 0);
  }

  private static Applied applied(boolean applied) {
    return new Applied(applied, 0);
  }

  /** An object whose fields are written in the given order. */
  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
