package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;

/**
 * One store actor under an {@link ActorTestKit} with {@link ManualTime}, and one method per
 * request that sends it and waits for the reply. The actor's clock is the manual scheduler's, so
 * {@link #timePasses} moves both its timers and its TTLs. Used by the actor-level tests of the
 * race-free operations.
 */
final class StoreDriver {

  static final OptionalLong NO_TTL = OptionalLong.empty();
  static final Optional<String> NO_ID = Optional.empty();

  private final ActorTestKit testKit;
  private final ActorRef<StoreActor.Command> store;

  private StoreDriver(ActorTestKit testKit, ActorRef<StoreActor.Command> store) {
    this.testKit = testKit;
    this.store = store;
  }

  /** A fresh store; the kit must have been built with {@link ManualTime#config()}. */
  static StoreDriver spawn(ActorTestKit testKit, StoreSettings settings) {
    ExplicitlyTriggeredScheduler scheduler =
        (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return new StoreDriver(
        testKit,
        testKit.spawn(StoreActor.create(settings, () -> scheduler.currentTimeMs() * 1_000_000)));
  }

  /** The store itself, for messages no helper here sends. */
  ActorRef<StoreActor.Command> ref() {
    return store;
  }

  void timePasses(Duration duration) {
    ManualTime.get(testKit.system()).timePasses(duration);
  }

  /** Sends the message built around a fresh probe and answers the probe's one reply. */
  <T> StatusReply<T> ask(Function<ActorRef<StatusReply<T>>, StoreActor.Command> message) {
    TestProbe<StatusReply<T>> probe = testKit.createTestProbe();
    store.tell(message.apply(probe.getRef()));
    return probe.receiveMessage();
  }

  StatusReply<StoreActor.Counter> increment(
      String key, long delta, OptionalLong ttl, Optional<String> requestId) {
    return ask(r -> new StoreActor.Increment(key, delta, ttl, requestId, r));
  }

  StatusReply<StoreActor.Counter> increment(String key, long delta) {
    return increment(key, delta, NO_TTL, NO_ID);
  }

  StatusReply<StoreActor.BoundedCounter> incrementBounded(
      String key, long delta, long max, OptionalLong ttl, Optional<String> requestId) {
    return ask(r -> new StoreActor.IncrementBounded(key, delta, max, ttl, requestId, r));
  }

  StatusReply<StoreActor.BoundedCounter> incrementBounded(String key, long delta, long max) {
    return incrementBounded(key, delta, max, NO_TTL, NO_ID);
  }

  StatusReply<StoreActor.Applied> setIfAbsent(String key, byte[] value, OptionalLong ttl) {
    return ask(r -> new StoreActor.SetIfAbsent(key, value, ttl, r));
  }

  StatusReply<StoreActor.Applied> compareAndSet(
      String key, Optional<byte[]> expected, byte[] value, OptionalLong ttl) {
    return ask(r -> new StoreActor.CompareAndSet(key, expected, value, ttl, r));
  }

  StatusReply<StoreActor.Applied> deleteIfEquals(String key, byte[] expected) {
    return ask(r -> new StoreActor.DeleteIfEquals(key, expected, r));
  }

  StatusReply<StoreActor.Value> getAndDelete(String key) {
    return ask(r -> new StoreActor.GetAndDelete(key, r));
  }

  StatusReply<StoreActor.Value> getAndSet(String key, byte[] value, OptionalLong ttl) {
    return ask(r -> new StoreActor.GetAndSet(key, value, ttl, r));
  }

  StatusReply<StoreActor.Applied> expire(String key, long ttlMillis) {
    return ask(r -> new StoreActor.Expire(key, ttlMillis, r));
  }

  StatusReply<StoreActor.Applied> persist(String key) {
    return ask(r -> new StoreActor.Persist(key, r));
  }

  StatusReply<StoreActor.TtlLeft> getTtl(String key) {
    return ask(r -> new StoreActor.GetTtl(key, r));
  }

  StatusReply<StoreActor.Values> getAll(List<String> keys) {
    return ask(r -> new StoreActor.GetAll(keys, r));
  }

  StatusReply<Done> setAll(Map<String, byte[]> entries, OptionalLong ttl) {
    return ask(r -> new StoreActor.SetAll(entries, ttl, r));
  }

  StatusReply<Done> trySet(String key, byte[] value, OptionalLong ttl) {
    return ask(r -> new StoreActor.Set(key, value, ttl, r));
  }

  void set(String key, byte[] value, OptionalLong ttl) {
    ok(trySet(key, value, ttl));
  }

  Optional<byte[]> get(String key) {
    return ok(ask((ActorRef<StatusReply<StoreActor.Value>> r) -> new StoreActor.Get(key, r)))
        .bytes();
  }

  StoreActor.Stats stats() {
    TestProbe<StoreActor.Stats> probe = testKit.createTestProbe();
    store.tell(new StoreActor.GetStats(probe.getRef()));
    return probe.receiveMessage();
  }

  /**
   * What a refused request must leave as it was: the entry counts, and the value and TTL of one
   * key.
   */
  record Snapshot(StoreActor.Stats stats, String valueHex, StoreActor.TtlLeft ttl) {}

  Snapshot snapshot(String key) {
    return new Snapshot(
        stats(), get(key).map(HexFormat.of()::formatHex).orElse("absent"), ok(getTtl(key)));
  }

  /** The reply's value, failing the test if the store refused. */
  static <T> T ok(StatusReply<T> reply) {
    assertTrue(reply.isSuccess(), () -> "expected success, was " + reply);
    return reply.getValue();
  }

  /** The error text of a refusal, failing the test unless it starts with the refusal's code. */
  static String refused(Refusal refusal, StatusReply<?> reply) {
    if (!reply.isError()) {
      fail("expected a " + refusal + " refusal, was " + reply);
    }
    String text = reply.getError().getMessage();
    assertTrue(
        text.startsWith(refusal.describe("")), () -> "expected " + refusal + " refusal: " + text);
    return text;
  }

  /** A value in the store's format (Jackson CBOR), as a client writes it. */
  static byte[] cbor(Object value) {
    try {
      return ValueFormat.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** A stored counter's value. */
  static long counter(byte[] stored) {
    try {
      return ValueFormat.mapper().readValue(stored, Long.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
