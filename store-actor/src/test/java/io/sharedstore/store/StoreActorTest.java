package io.sharedstore.store;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store's operations and TTLs, with the test kit's manual clock: nothing sleeps. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreActorTest {

  private static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(30);
  private static final StoreSettings SETTINGS =
      new StoreSettings(CLEANUP_INTERVAL, 10_000, 1000, 16, 64, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private ManualTime manualTime() {
    return ManualTime.get(testKit.system());
  }

  /** The actor's clock is the manual scheduler's, so timePasses moves both timers and TTLs. */
  private ActorRef<Command> newStore() {
    ExplicitlyTriggeredScheduler scheduler =
        (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return testKit.spawn(StoreActor.create(SETTINGS, scheduler::currentTimeMs,
        () -> scheduler.currentTimeMs() * 1_000_000, ChangeListener.NONE));
  }

  @Test
  void setThenGetAnswersTheStoredBytes() {
    var store = newStore();
    set(store, "greeting", "hello", OptionalLong.empty());
    assertArrayEquals(bytes("hello"), get(store, "greeting").orElseThrow());
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertEquals(Optional.empty(), get(newStore(), "missing"));
  }

  @Test
  void setReplacesTheValue() {
    var store = newStore();
    set(store, "k", "one", OptionalLong.empty());
    set(store, "k", "two", OptionalLong.empty());
    assertArrayEquals(bytes("two"), get(store, "k").orElseThrow());
    assertEquals(1, stats(store).storedEntries());
  }

  @Test
  void hasIsTrueOnlyForAPresentKey() {
    var store = newStore();
    set(store, "present", "v", OptionalLong.empty());
    assertTrue(has(store, "present"));
    assertFalse(has(store, "absent"));
  }

  @Test
  void deleteAnswersWhetherTheKeyExisted() {
    var store = newStore();
    set(store, "k", "v", OptionalLong.empty());
    assertTrue(delete(store, "k"));
    assertFalse(delete(store, "k"));
    assertEquals(Optional.empty(), get(store, "k"));
  }

  @Test
  void anExpiredKeyReadsAsAbsentAtOnceBeforeAnySweep() {
    var store = newStore();
    set(store, "session", "v", OptionalLong.of(1000));
    manualTime().timePasses(Duration.ofMillis(999));
    assertTrue(get(store, "session").isPresent());
    assertTrue(has(store, "session"));

    manualTime().timePasses(Duration.ofMillis(1));
    assertEquals(1, stats(store).storedEntries(), "the sweep has not run yet");
    assertFalse(has(store, "session"));
    assertEquals(Optional.empty(), get(store, "session"));
  }

  @Test
  void deleteOfAnExpiredKeyAnswersFalse() {
    var store = newStore();
    set(store, "k", "v", OptionalLong.of(10));
    manualTime().timePasses(Duration.ofMillis(10));
    assertFalse(delete(store, "k"));
  }

  @Test
  void theTimerDrivenSweepFreesExpiredEntriesOnly() {
    var store = newStore();
    for (int i = 0; i < 50; i++) {
      set(store, "short" + i, "v", OptionalLong.of(1000));
    }
    set(store, "long", "v", OptionalLong.of(60_000));
    set(store, "forever", "v", OptionalLong.empty());
    assertEquals(52, stats(store).storedEntries());

    manualTime().timePasses(CLEANUP_INTERVAL.minusMillis(1));
    assertEquals(52, stats(store).storedEntries(), "no sweep before the interval");
    manualTime().timePasses(Duration.ofMillis(1));
    assertEquals(new Stats(2, 1, 0), stats(store));
    assertTrue(has(store, "long"));
    assertTrue(has(store, "forever"));
  }

  @Test
  void aSetWithoutTtlClearsThePreviousTtl() {
    var store = newStore();
    set(store, "k", "first", OptionalLong.of(1000));
    set(store, "k", "second", OptionalLong.empty());
    manualTime().timePasses(CLEANUP_INTERVAL.plusSeconds(1));
    assertArrayEquals(bytes("second"), get(store, "k").orElseThrow());
    assertEquals(new Stats(1, 0, 0), stats(store));
  }

  @Test
  void aSetWithANewTtlReplacesTheOldDeadline() {
    var store = newStore();
    set(store, "k", "v", OptionalLong.of(1000));
    set(store, "k", "v", OptionalLong.of(5000));
    manualTime().timePasses(Duration.ofMillis(4999));
    assertTrue(has(store, "k"));
    assertEquals(new Stats(1, 1, 0), stats(store));
    manualTime().timePasses(Duration.ofMillis(1));
    assertFalse(has(store, "k"));
  }

  @Test
  void aHugeTtlDoesNotOverflowIntoThePast() {
    var store = newStore();
    set(store, "k", "v", OptionalLong.of(Long.MAX_VALUE));
    manualTime().timePasses(CLEANUP_INTERVAL.plusSeconds(1));
    assertTrue(has(store, "k"));
  }

  @Test
  void aKeyOverTheLimitIsRefusedAndChangesNothing() {
    var store = newStore();
    String longest = "k".repeat(16);
    set(store, longest, "v", OptionalLong.empty());
    StatusReply<Written> reply = trySet(store, "k".repeat(17), bytes("v"), OptionalLong.empty());
    assertTrue(reply.isError());
    assertTrue(reply.getError().getMessage().contains("max-key-length"), reply.toString());
    assertEquals(1, stats(store).storedEntries());
  }

  @Test
  void anEmptyKeyIsRefused() {
    var store = newStore();
    assertTrue(trySet(store, "", bytes("v"), OptionalLong.empty()).isError());
    TestProbe<StatusReply<Value>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Get(""), probe.getRef()));
    assertTrue(probe.receiveMessage().isError());
    assertEquals(0, stats(store).storedEntries());
  }

  @Test
  void aValueOverTheLimitIsRefusedAndChangesNothing() {
    var store = newStore();
    assertTrue(trySet(store, "k", new byte[64], OptionalLong.empty()).isSuccess());
    StatusReply<Written> reply = trySet(store, "k", new byte[65], OptionalLong.empty());
    assertTrue(reply.isError());
    assertTrue(reply.getError().getMessage().contains("max-value-size"), reply.toString());
    assertEquals(64, get(store, "k").orElseThrow().length);
  }

  @Test
  void aZeroOrNegativeTtlIsRefusedAndChangesNothing() {
    var store = newStore();
    assertTrue(trySet(store, "k", bytes("v"), OptionalLong.of(0)).isError());
    assertTrue(trySet(store, "k", bytes("v"), OptionalLong.of(-5)).isError());
    assertEquals(0, stats(store).storedEntries());
  }

  private void set(ActorRef<Command> store, String key, String value, OptionalLong ttl) {
    StatusReply<Written> reply = trySet(store, key, bytes(value), ttl);
    assertTrue(reply.isSuccess(), reply.toString());
  }

  private StatusReply<Written> trySet(
      ActorRef<Command> store, String key, byte[] value, OptionalLong ttl) {
    TestProbe<StatusReply<Written>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set(key, Bytes.wrapNullable(value), ttl), probe.getRef()));
    return probe.receiveMessage();
  }

  private Optional<byte[]> get(ActorRef<Command> store, String key) {
    TestProbe<StatusReply<Value>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Get(key), probe.getRef()));
    return probe.receiveMessage().getValue().bytes().map(Bytes::toArray);
  }

  private boolean has(ActorRef<Command> store, String key) {
    TestProbe<StatusReply<Exists>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Has(key), probe.getRef()));
    return probe.receiveMessage().getValue().exists();
  }

  private boolean delete(ActorRef<Command> store, String key) {
    TestProbe<StatusReply<Deleted>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Delete(key), probe.getRef()));
    return probe.receiveMessage().getValue().existed();
  }

  private Stats stats(ActorRef<Command> store) {
    TestProbe<StatusReply<Stats>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.GetStats(), probe.getRef()));
    Stats stats = probe.receiveMessage().getValue();
    return new Stats(stats.storedEntries(), stats.entriesWithTtl(), 0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
