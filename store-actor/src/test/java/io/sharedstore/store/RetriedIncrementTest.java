package io.sharedstore.store;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.counter;
import static io.sharedstore.store.StoreDriver.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An increment retried with the same request id (the client saw no reply) is applied once and
 * answered with the first result, for {@code retry-window}; then the id is forgotten. Between the
 * first send and the retry another client increments the same key, so "the same reply" cannot
 * come from reading the counter again.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetriedIncrementTest {

  private static final Duration RETRY_WINDOW = Duration.ofSeconds(60);
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 64, 256, RETRY_WINDOW, 1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private StoreDriver newStore() {
    return StoreDriver.spawn(testKit, SETTINGS);
  }

  private static Optional<String> id(String requestId) {
    return Optional.of(requestId);
  }

  @Test
  void theSameIdSentTwiceIsAppliedOnce() {
    var store = newStore();
    Counter first = ok(store.increment("c", 5, NO_TTL, id("r1")));
    assertEquals(new Counter(5, 0), first);
    assertEquals(new Counter(6, 0), ok(store.increment("c", 1)), "another client");

    assertEquals(first, ok(store.increment("c", 5, NO_TTL, id("r1"))), "the first result");
    assertEquals(first, ok(store.increment("c", 5, NO_TTL, id("r1"))), "and again");
    assertEquals(6, counter(store.get("c").orElseThrow()), "applied once");
  }

  @Test
  void anIdIsScopedToItsKey() {
    var store = newStore();
    assertEquals(new Counter(5, 0), ok(store.increment("a", 5, NO_TTL, id("shared"))));
    assertEquals(new Counter(7, 0), ok(store.increment("b", 7, NO_TTL, id("shared"))));
    assertEquals(7, counter(store.get("b").orElseThrow()), "the other key's increment applied");
    assertEquals(new Counter(5, 0), ok(store.increment("a", 5, NO_TTL, id("shared"))));
  }

  @Test
  void differentIdsApplyEachTime() {
    var store = newStore();
    assertEquals(new Counter(5, 0), ok(store.increment("c", 5, NO_TTL, id("r1"))));
    assertEquals(new Counter(10, 0), ok(store.increment("c", 5, NO_TTL, id("r2"))));
    assertEquals(10, counter(store.get("c").orElseThrow()));
  }

  @Test
  void afterTheRetryWindowTheSameIdAppliesAgain() {
    var store = newStore();
    assertEquals(new Counter(5, 0), ok(store.increment("c", 5, NO_TTL, id("r1"))));
    store.timePasses(RETRY_WINDOW.minusMillis(1));
    assertEquals(new Counter(5, 0), ok(store.increment("c", 5, NO_TTL, id("r1"))));
    assertEquals(5, counter(store.get("c").orElseThrow()), "still within the window");

    store.timePasses(Duration.ofMillis(1));
    assertEquals(new Counter(10, 0), ok(store.increment("c", 5, NO_TTL, id("r1"))));
    assertEquals(10, counter(store.get("c").orElseThrow()));
  }

  @Test
  void aRetryWithATtlDoesNotCreateAFreshWindowOrAnotherKey() {
    var store = newStore();
    ok(store.increment("c", 1, OptionalLong.of(1000), id("r1")));
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(
        new Counter(1, 0),
        ok(store.increment("c", 1, OptionalLong.of(1000), id("r1"))),
        "the first result, though the key has expired since");
    assertEquals(Optional.empty(), store.get("c"), "the retry wrote nothing");
  }

  @Test
  void boundedTheSameIdSentTwiceIsAppliedOnce() {
    var store = newStore();
    BoundedCounter first =
        ok(store.incrementBounded("rate", 1, 2, NO_TTL, id("b1")));
    assertEquals(new BoundedCounter(OptionalLong.of(1), 0), first);
    assertEquals(
        new BoundedCounter(OptionalLong.of(2), 0),
        ok(store.incrementBounded("rate", 1, 2)),
        "another client reaches the bound");

    assertEquals(
        first,
        ok(store.incrementBounded("rate", 1, 2, NO_TTL, id("b1"))),
        "the retry gets its first (successful) result, not a refusal by the bound");
    assertEquals(2, counter(store.get("rate").orElseThrow()));
    assertEquals(
        new BoundedCounter(OptionalLong.empty(), 0),
        ok(store.incrementBounded("rate", 1, 2, NO_TTL, id("b2"))),
        "a new id is a new request");
  }

  @Test
  void boundedARefusalByTheBoundIsRememberedToo() {
    var store = newStore();
    ok(store.incrementBounded("rate", 1, 1));
    BoundedCounter refusedFirst =
        ok(store.incrementBounded("rate", 1, 1, NO_TTL, id("b1")));
    assertEquals(new BoundedCounter(OptionalLong.empty(), 0), refusedFirst);
    ok(store.getAndDelete("rate"));
    assertEquals(refusedFirst, ok(store.incrementBounded("rate", 1, 1, NO_TTL, id("b1"))));
    assertEquals(Optional.empty(), store.get("rate"));
  }

  @Test
  void boundedDifferentIdsApplyEachTime() {
    var store = newStore();
    assertEquals(
        new BoundedCounter(OptionalLong.of(3), 0),
        ok(store.incrementBounded("rate", 3, 10, NO_TTL, id("b1"))));
    assertEquals(
        new BoundedCounter(OptionalLong.of(6), 0),
        ok(store.incrementBounded("rate", 3, 10, NO_TTL, id("b2"))));
    assertEquals(6, counter(store.get("rate").orElseThrow()));
  }

  @Test
  void boundedAfterTheRetryWindowTheSameIdAppliesAgain() {
    var store = newStore();
    ok(store.incrementBounded("rate", 3, 10, NO_TTL, id("b1")));
    store.timePasses(RETRY_WINDOW.minusMillis(1));
    assertEquals(
        new BoundedCounter(OptionalLong.of(3), 0),
        ok(store.incrementBounded("rate", 3, 10, NO_TTL, id("b1"))));
    store.timePasses(Duration.ofMillis(1));
    assertEquals(
        new BoundedCounter(OptionalLong.of(6), 0),
        ok(store.incrementBounded("rate", 3, 10, NO_TTL, id("b1"))));
    assertEquals(6, counter(store.get("rate").orElseThrow()));
  }

  @Test
  void pastRetryCapacityTheOldestIdIsForgotten() {
    var store =
        StoreDriver.spawn(
            testKit,
            new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 64, 256, RETRY_WINDOW, 2));
    ok(store.increment("c", 1, NO_TTL, id("r1")));
    ok(store.increment("c", 1, NO_TTL, id("r2")));
    ok(store.increment("c", 1, NO_TTL, id("r3")));
    assertEquals(new Counter(2, 0), ok(store.increment("c", 1, NO_TTL, id("r2"))));
    assertEquals(new Counter(4, 0), ok(store.increment("c", 1, NO_TTL, id("r1"))));
  }

  /**
   * An id reused by another operation type is a new request (the types differ); the result it
   * stores must still be forgotten on time, and must not keep later ids alive past the window.
   */
  @Test
  void anIdReusedByTheOtherOperationDoesNotKeepLaterIdsPastTheWindow() {
    var store = newStore();
    ok(store.increment("a", 1, NO_TTL, id("x")));
    store.timePasses(Duration.ofSeconds(1));
    ok(store.increment("b", 1, NO_TTL, id("y")));
    store.timePasses(Duration.ofSeconds(29));
    assertEquals(
        new BoundedCounter(OptionalLong.of(1), 0),
        ok(store.incrementBounded("z", 1, 10, NO_TTL, id("x"))));

    store.timePasses(Duration.ofSeconds(31)); // 61 s after "y": its window has passed
    assertEquals(
        new Counter(2, 0),
        ok(store.increment("b", 1, NO_TTL, id("y"))),
        "y was sent 61 s ago: a new request");
  }
}
