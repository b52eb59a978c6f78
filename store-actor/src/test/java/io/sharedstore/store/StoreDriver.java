package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.ValueFormat;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
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
  private final ActorRef<Command> store;

  private StoreDriver(ActorTestKit testKit, ActorRef<Command> store) {
    this.testKit = testKit;
    this.store = store;
  }

  /** A fresh store; the kit must have been built with {@link ManualTime#config()}. */
  static StoreDriver spawn(ActorTestKit testKit, StoreSettings settings) {
    return spawn(testKit, settings, ChangeListener.NONE);
  }

  /** As {@link #spawn(ActorTestKit, StoreSettings)}, telling {@code listener} of every change. */
  static StoreDriver spawn(ActorTestKit testKit, StoreSettings settings, ChangeListener listener) {
    StoreClock clock = clockOf(testKit);
    return new StoreDriver(testKit, testKit.spawn(
        StoreActor.create(settings, clock, () -> clock.nowMillis() * 1_000_000, listener)));
  }

  /** The manual scheduler's time, as the store's clock. */
  static StoreClock clockOf(ActorTestKit testKit) {
    ExplicitlyTriggeredScheduler scheduler =
        (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return scheduler::currentTimeMs;
  }

  /** The store itself, for messages no helper here sends. */
  ActorRef<Command> ref() {
    return store;
  }

  void timePasses(Duration duration) {
    ManualTime.get(testKit.system()).timePasses(duration);
  }

  /** Sends the message built around a fresh probe and answers the probe's one reply. */
  <T> StatusReply<T> ask(Function<ActorRef<StatusReply<T>>, Command> message) {
    TestProbe<StatusReply<T>> probe = testKit.createTestProbe();
    store.tell(message.apply(probe.getRef()));
    return probe.receiveMessage();
  }

  /**
   * Executes one operation and answers its reply with the revision set to 0, so that tests of
   * an operation's meaning compare replies by value (revisions have tests of their own).
   */
  <T extends Reply> StatusReply<T> exec(Operation<T> operation) {
    return withoutRevision(ask((ActorRef<StatusReply<T>> r) -> new Execute<>(operation, r)));
  }

  /** The reply with its revision set to 0 (errors as they are). */
  @SuppressWarnings("unchecked")
  static <T> StatusReply<T> withoutRevision(StatusReply<T> reply) {
    if (reply.isError()) {
      return reply;
    }
    Object value = reply.getValue();
    Object plain;
    if (value instanceof Counter c) {
      plain = new Counter(c.value(), 0);
    } else if (value instanceof BoundedCounter c) {
      plain = new BoundedCounter(c.value(), 0);
    } else if (value instanceof Applied a) {
      plain = new Applied(a.applied(), 0);
    } else if (value instanceof Deleted d) {
      plain = new Deleted(d.existed(), 0);
    } else if (value instanceof Written) {
      plain = new Written(0);
    } else if (value instanceof DeletedKeys d) {
      plain = new DeletedKeys(d.count(), 0);
    } else if (value instanceof Previous p) {
      plain = new Previous(p.value(), 0);
    } else if (value instanceof Stats s) {
      plain = new Stats(s.storedEntries(), s.entriesWithTtl(), 0);
    } else {
      plain = value;
    }
    return StatusReply.success((T) plain);
  }

  StatusReply<Counter> increment(
      String key, long delta, OptionalLong ttl, Optional<String> requestId) {
    return exec(new Operation.Increment(key, delta, ttl, requestId));
  }

  StatusReply<Counter> increment(String key, long delta) {
    return increment(key, delta, NO_TTL, NO_ID);
  }

  StatusReply<BoundedCounter> incrementBounded(
      String key, long delta, long max, OptionalLong ttl, Optional<String> requestId) {
    return exec(new Operation.IncrementBounded(key, delta, max, ttl, requestId));
  }

  StatusReply<BoundedCounter> incrementBounded(String key, long delta, long max) {
    return incrementBounded(key, delta, max, NO_TTL, NO_ID);
  }

  StatusReply<Applied> setIfAbsent(String key, byte[] value, OptionalLong ttl) {
    return exec(new Operation.SetIfAbsent(key, bytes(value), ttl));
  }

  StatusReply<Applied> compareAndSet(
      String key, Optional<byte[]> expected, byte[] value, OptionalLong ttl) {
    return exec(new Operation.CompareAndSet(key, bytes(expected), bytes(value), ttl));
  }

  StatusReply<Applied> deleteIfEquals(String key, byte[] expected) {
    return exec(new Operation.DeleteIfEquals(key, bytes(expected)));
  }

  /** The previous value, as a {@link Value}. */
  StatusReply<Value> getAndDelete(String key) {
    return previous(exec(new Operation.GetAndDelete(key)));
  }

  /** The previous value, as a {@link Value}. */
  StatusReply<Value> getAndSet(String key, byte[] value, OptionalLong ttl) {
    return previous(exec(new Operation.GetAndSet(key, bytes(value), ttl)));
  }

  private static StatusReply<Value> previous(StatusReply<Previous> reply) {
    return reply.isError()
        ? StatusReply.error(reply.getError())
        : StatusReply.success(new Value(reply.getValue().value()));
  }

  StatusReply<Applied> expire(String key, long ttlMillis) {
    return exec(new Operation.Expire(key, ttlMillis));
  }

  StatusReply<Applied> persist(String key) {
    return exec(new Operation.Persist(key));
  }

  StatusReply<TtlLeft> getTtl(String key) {
    return exec(new Operation.GetTtl(key));
  }

  StatusReply<Values> getAll(List<String> keys) {
    return exec(new Operation.GetAll(keys));
  }

  StatusReply<Written> setAll(Map<String, byte[]> entries, OptionalLong ttl) {
    return exec(new Operation.SetAll(bytes(entries), ttl));
  }

  StatusReply<Written> trySet(String key, byte[] value, OptionalLong ttl) {
    return exec(new Operation.Set(key, bytes(value), ttl));
  }

  void set(String key, byte[] value, OptionalLong ttl) {
    ok(trySet(key, value, ttl));
  }

  Optional<byte[]> get(String key) {
    return ok(exec(new Operation.Get(key))).bytes().map(Bytes::toArray);
  }

  /** The entry counts, with the revision set to 0. */
  Stats stats() {
    return ok(exec(new Operation.GetStats()));
  }

  /** The store's current revision. */
  long revision() {
    return ok(ask((ActorRef<StatusReply<Stats>> r) -> new Execute<>(new Operation.GetStats(), r)))
        .revision();
  }

  /**
   * What a refused request must leave as it was: the entry counts, and the value and TTL of one
   * key.
   */
  record Snapshot(Stats stats, String valueHex, TtlLeft ttl) {}

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

  /** The bytes, or null for null (tests send nulls as a hostile peer would). */
  static Bytes bytes(byte[] value) {
    return Bytes.wrapNullable(value);
  }

  /** The bytes, or null for null. */
  static Optional<Bytes> bytes(Optional<byte[]> value) {
    return value == null ? null : value.map(Bytes::wrap);
  }

  /** The values as bytes (null values kept), or null for null. */
  static Map<String, Bytes> bytes(Map<String, byte[]> entries) {
    if (entries == null) {
      return null;
    }
    Map<String, Bytes> wrapped = new java.util.LinkedHashMap<>();
    entries.forEach((k, v) -> wrapped.put(k, bytes(v)));
    return wrapped;
  }

  /** A present {@link Value} of these bytes. */
  static Value value(byte[] bytes) {
    return new Value(Optional.of(Bytes.wrap(bytes)));
  }

  /** A value in the store's format (Jackson CBOR), as a client writes it. */
  static byte[] cbor(Object value) {
    try {
      return ValueFormat.writer().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** A stored counter's value. */
  static long counter(byte[] stored) {
    try {
      return ValueFormat.reader().forType(Long.class).readValue(stored);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
