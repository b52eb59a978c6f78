package io.sharedstore.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The shared store: a map from string keys to serialized values, each with an optional TTL.
 *
 * <p>Values arrive already serialized by the client and are kept as opaque bytes, so the manager
 * never needs the application's classes. Expiry is checked on every read; a timer-driven sweep
 * every {@code shared-store.cleanup-interval} frees expired entries at most {@code
 * shared-store.sweep-batch} per message and continues after a pause, so no message stalls the
 * actor however many keys expire at once, and the sweep takes at most about a quarter of its time.
 *
 * <p>State is in memory only: it is lost when the manager process stops. A bug (an exception in a
 * handler) resumes the actor with its data instead of restarting it empty. Each store picks an
 * epoch when it starts; its heartbeat child answers every {@link Ping} with it, so clients learn
 * that the manager is reachable and when a new store (with no data) took over, and as the store
 * stops, the child tells the clients that pinged lately ({@link Pong#stopping()}).
 *
 * <p>A refused request (a key, value or TTL that breaks the limits: only a misbehaving peer sends
 * one, as the client checks first) is answered with {@link StatusReply#error(String)} and changes
 * nothing.
 */
public final class StoreActor extends AbstractBehavior<StoreActor.Command> {

  /**
   * Every message the store accepts. Named subtypes (never class names) let a {@link Batch}
   * carry any operation that answers at once.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@op")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Set.class, name = "set"),
    @JsonSubTypes.Type(value = Get.class, name = "get"),
    @JsonSubTypes.Type(value = Has.class, name = "has"),
    @JsonSubTypes.Type(value = Delete.class, name = "delete"),
    @JsonSubTypes.Type(value = Increment.class, name = "increment"),
    @JsonSubTypes.Type(value = IncrementBounded.class, name = "incrementBounded"),
    @JsonSubTypes.Type(value = SetIfAbsent.class, name = "setIfAbsent"),
    @JsonSubTypes.Type(value = CompareAndSet.class, name = "compareAndSet"),
    @JsonSubTypes.Type(value = DeleteIfEquals.class, name = "deleteIfEquals"),
    @JsonSubTypes.Type(value = GetAndDelete.class, name = "getAndDelete"),
    @JsonSubTypes.Type(value = GetAndSet.class, name = "getAndSet"),
    @JsonSubTypes.Type(value = Expire.class, name = "expire"),
    @JsonSubTypes.Type(value = Persist.class, name = "persist"),
    @JsonSubTypes.Type(value = GetTtl.class, name = "ttl"),
    @JsonSubTypes.Type(value = Scan.class, name = "scan"),
    @JsonSubTypes.Type(value = Size.class, name = "size"),
    @JsonSubTypes.Type(value = DeleteAll.class, name = "deleteAll"),
    @JsonSubTypes.Type(value = GetAll.class, name = "getAll"),
    @JsonSubTypes.Type(value = SetAll.class, name = "setAll"),
    @JsonSubTypes.Type(value = GetStats.class, name = "stats"),
    @JsonSubTypes.Type(value = Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = Ping.class, name = "ping")
  })
  public interface Command extends CborSerializable {}

  /**
   * Every answer a request can get inside {@link Replies}; {@link Ack} stands for {@code Done}.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@reply")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = Value.class, name = "value"),
    @JsonSubTypes.Type(value = Exists.class, name = "exists"),
    @JsonSubTypes.Type(value = Deleted.class, name = "deleted"),
    @JsonSubTypes.Type(value = Counter.class, name = "counter"),
    @JsonSubTypes.Type(value = BoundedCounter.class, name = "boundedCounter"),
    @JsonSubTypes.Type(value = Applied.class, name = "applied"),
    @JsonSubTypes.Type(value = TtlLeft.class, name = "ttlLeft"),
    @JsonSubTypes.Type(value = KeyPage.class, name = "keyPage"),
    @JsonSubTypes.Type(value = Count.class, name = "count"),
    @JsonSubTypes.Type(value = Values.class, name = "values")
  })
  public interface Reply extends CborSerializable {}

  /**
   * Many requests from one client in one message: what a client's connection coalesces from the
   * calls its callers make at the same moment. The store applies them in order, each exactly as
   * if it had come alone, and answers with {@link Replies} (several, if the answers are larger
   * than one frame should carry). Inside a batch each request's own {@code replyTo} is unused (it
   * may be null). {@link Size}, {@link DeleteAll}, {@link GetStats} and nested batches, which do
   * not answer at once, are refused inside a batch. On the wire it is a flat array without type
   * names for the hot requests ({@link BatchFormat}).
   */
  @JsonSerialize(using = BatchFormat.Writer.class)
  @JsonDeserialize(using = BatchFormat.Reader.class)
  public record Batch(List<Request> requests, ActorRef<Replies> replyTo) implements Command {
    public Batch {
      requests = requests == null ? null : Collections.unmodifiableList(new ArrayList<>(requests));
    }
  }

  /** One request of a {@link Batch}, with the id its answer will carry. */
  public record Request(long id, Command command) implements CborSerializable {}

  /**
   * The answers to (part of) a {@link Batch}, in the order of its requests. On the wire a flat
   * array without type names for the hot answers ({@link RepliesFormat}).
   */
  @JsonSerialize(using = RepliesFormat.Writer.class)
  @JsonDeserialize(using = RepliesFormat.Reader.class)
  public record Replies(List<Outcome> outcomes) implements CborSerializable {
    public Replies {
      outcomes = List.copyOf(outcomes);
    }
  }

  /** The answer to one request of a batch: its reply, or the error text of its refusal. */
  public record Outcome(long id, Optional<Reply> reply, Optional<String> error)
      implements CborSerializable {}

  /** The answer of a write that has nothing to say but "done", inside {@link Replies}. */
  public enum Ack implements Reply {
    INSTANCE
  }

  /**
   * Stores {@code value} under {@code key}, replacing any previous value and TTL; without a TTL
   * the key never expires (as Redis {@code SET} clears a TTL).
   */
  public record Set(
      String key, byte[] value, OptionalLong ttlMillis, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    public Set {
      Objects.requireNonNull(ttlMillis, "ttlMillis");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Set s
          && Objects.equals(key, s.key)
          && Arrays.equals(value, s.value)
          && ttlMillis.equals(s.ttlMillis)
          && Objects.equals(replyTo, s.replyTo);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, Arrays.hashCode(value), ttlMillis, replyTo);
    }

    @Override
    public String toString() {
      return "Set[key=" + KeyRules.show(key) + ", value=" + (value == null ? "null" : value.length
          + " bytes") + ", ttlMillis=" + ttlMillis + "]";
    }
  }

  /** Reads a key; answers {@link Value}, empty if missing or expired. */
  public record Get(String key, ActorRef<StatusReply<Value>> replyTo) implements Command {}

  /** Asks whether a key is present and not expired; answers {@link Exists}. */
  public record Has(String key, ActorRef<StatusReply<Exists>> replyTo) implements Command {}

  /** Removes a key; answers {@link Deleted}, true if it existed. */
  public record Delete(String key, ActorRef<StatusReply<Deleted>> replyTo) implements Command {}

  /**
   * Adds {@code delta} to the integer stored under {@code key} (a missing key counts as 0) and
   * answers the new value as {@link Counter}. The TTL applies only when this call creates the key
   * (a fixed window). A request id makes a retry safe: the manager answers a repeated id with the
   * first result for {@code shared-store.retry-window}. Refused with {@link Refusal#TYPE} if the
   * value is not an integer, {@link Refusal#OVERFLOW} if the sum leaves the long range.
   */
  public record Increment(
      String key,
      long delta,
      OptionalLong ttlMillis,
      Optional<String> requestId,
      ActorRef<StatusReply<Counter>> replyTo)
      implements Command {}

  /**
   * Adds a positive {@code delta} only if the result stays at or below {@code max}; answers the
   * new value, or empty when the increment would pass {@code max} (and nothing changed): a rate
   * limiter in one message. TTL and request id as for {@link Increment}.
   */
  public record IncrementBounded(
      String key,
      long delta,
      long max,
      OptionalLong ttlMillis,
      Optional<String> requestId,
      ActorRef<StatusReply<BoundedCounter>> replyTo)
      implements Command {}

  /** Stores the value only if the key is absent; answers {@link Applied}, true if it stored it. */
  public record SetIfAbsent(
      String key, byte[] value, OptionalLong ttlMillis, ActorRef<StatusReply<Applied>> replyTo)
      implements Command {}

  /**
   * Replaces the value only if the current one equals {@code expected} as a JSON tree (object key
   * order ignored, numbers by value), or, with {@code expected} empty, only if the key is absent.
   * The new value takes {@code ttlMillis} (none: no TTL, as {@link Set}).
   */
  public record CompareAndSet(
      String key,
      Optional<byte[]> expected,
      byte[] value,
      OptionalLong ttlMillis,
      ActorRef<StatusReply<Applied>> replyTo)
      implements Command {}

  /** Deletes the key only if its value equals {@code expected} as a JSON tree. */
  public record DeleteIfEquals(String key, byte[] expected, ActorRef<StatusReply<Applied>> replyTo)
      implements Command {}

  /** Deletes the key and answers the value it had ({@link Value}, empty if none). */
  public record GetAndDelete(String key, ActorRef<StatusReply<Value>> replyTo)
      implements Command {}

  /** Stores the value (as {@link Set}) and answers the previous one. */
  public record GetAndSet(
      String key, byte[] value, OptionalLong ttlMillis, ActorRef<StatusReply<Value>> replyTo)
      implements Command {}

  /** Gives a live key a new TTL; answers false if the key is missing. */
  public record Expire(String key, long ttlMillis, ActorRef<StatusReply<Applied>> replyTo)
      implements Command {}

  /** Removes a key's TTL; answers false if the key is missing or has none (as Redis). */
  public record Persist(String key, ActorRef<StatusReply<Applied>> replyTo) implements Command {}

  /** Asks a key's remaining time to live; answers {@link TtlLeft}. */
  public record GetTtl(String key, ActorRef<StatusReply<TtlLeft>> replyTo) implements Command {}

  /**
   * One page of the live keys matching {@code glob}, in key order, after {@code cursor} ({@code
   * ""} to start). Examines at most {@code shared-store.scan-batch} keys, so a page may hold fewer
   * than {@code limit} keys before the end; the answer's cursor is {@code ""} when the scan is
   * complete. Keys present for the whole scan are listed exactly once.
   */
  public record Scan(
      String glob, String cursor, int limit, ActorRef<StatusReply<KeyPage>> replyTo)
      implements Command {}

  /** Asks the number of live keys; answers {@link Count} after freeing expired entries in steps. */
  public record Size(ActorRef<StatusReply<Count>> replyTo) implements Command {}

  /** Deletes every live key matching {@code glob}, in bounded steps; answers how many. */
  public record DeleteAll(String glob, ActorRef<StatusReply<Count>> replyTo) implements Command {}

  /** Reads many keys at once; answers {@link Values} with the present ones only. */
  public record GetAll(List<String> keys, ActorRef<StatusReply<Values>> replyTo)
      implements Command {
    public GetAll {
      // A copy, so a sender that changes its list afterwards changes nothing here; nulls are
      // kept for the store to refuse with a reply.
      keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
    }
  }

  /** Stores every entry, all or nothing, each with {@code ttlMillis} (none: no TTL). */
  public record SetAll(
      Map<String, byte[]> entries, OptionalLong ttlMillis, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    public SetAll {
      entries = entries == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  /** Asks for the store's entry counts; answers {@link Stats}. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /**
   * A client's heartbeat, sent to the store's heartbeat child ({@link
   * ManagerAddress#heartbeatPath()}), which answers at once with {@link Pong} however busy the
   * store is, and remembers {@code replyTo} while the client keeps pinging, so that it can tell
   * the client when the store stops. Refused inside a batch.
   */
  public record Ping(ActorRef<Pong> replyTo) implements Command {}

  /**
   * The answer to a {@link Ping}. {@code epoch} is an id the store chose when it started: a
   * different epoch means a new store, whose data started empty. {@code stopping} is true in the
   * notice the store sends every recent pinger as it stops (the manager is shutting down).
   */
  public record Pong(String epoch, boolean stopping) implements CborSerializable {}

  /** A counter's value after an increment. */
  public record Counter(long value) implements Reply {}

  /** A bounded counter's value after an increment, or empty when the bound refused it. */
  public record BoundedCounter(OptionalLong value) implements Reply {}

  /** Whether a conditional operation changed the store. */
  public record Applied(boolean applied) implements Reply {}

  /** A key's remaining time to live: empty when the key exists without one. */
  public record TtlLeft(boolean exists, OptionalLong remainingMillis) implements Reply {}

  /** One page of a scan. */
  public record KeyPage(List<String> keys, String cursor) implements Reply {
    public KeyPage {
      keys = List.copyOf(keys);
    }
  }

  /** A number of keys. */
  public record Count(long count) implements Reply {}

  /** The present keys of a {@link GetAll}, with their serialized values. */
  public record Values(Map<String, byte[]> values) implements Reply {
    public Values {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** A serialized value, or empty when the key is missing or expired. */
  public record Value(Optional<byte[]> bytes) implements Reply {
    public Value {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v
          && bytes.isPresent() == v.bytes.isPresent()
          && (bytes.isEmpty() || Arrays.equals(bytes.get(), v.bytes.get()));
    }

    @Override
    public int hashCode() {
      return bytes.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
      return "Value[" + bytes.map(b -> b.length + " bytes").orElse("empty") + "]";
    }
  }

  /** Whether a key is present and not expired. */
  public record Exists(boolean exists) implements Reply {}

  /** Whether a deleted key existed. */
  public record Deleted(boolean existed) implements Reply {}

  /**
   * Entry counts: {@code storedEntries} includes expired entries the sweep has not yet freed.
   */
  public record Stats(long storedEntries, long entriesWithTtl) implements CborSerializable {}

  /** The sweep timer's tick. */
  private enum Sweep implements Command {
    INSTANCE
  }

  /** The next bounded step of a sweep, after a pause (see {@link #SWEEP_DUTY_FACTOR}). */
  private enum SweepMore implements Command {
    INSTANCE
  }

  /**
   * A sweep that continues pauses this many times as long as its last step took (at least the
   * scheduler's tick, 10 ms by default), so it takes at most about a quarter of the store's time
   * however many keys expire at once: Redis bounds its active expiry the same way. Reads check
   * expiry themselves, so a slower sweep only frees memory later.
   */
  private static final int SWEEP_DUTY_FACTOR = 3;

  /** The next bounded step of a {@link DeleteAll}, sent to itself. */
  private record DeleteAllStep(
      String glob, String cursor, long deleted, ActorRef<StatusReply<Count>> replyTo)
      implements Command {}

  /** The longest request id accepted. */
  private static final int MAX_REQUEST_ID_LENGTH = 128;

  /** The most keys a scan page may ask for. */
  public static final int MAX_SCAN_LIMIT = 100_000;

  private final StoreSettings settings;
  private final Ticker ticker;
  private final TimerScheduler<Command> timers;
  private final EntryTable table = new EntryTable();
  private final StoreLimits limits;
  private final String epoch = UUID.randomUUID().toString();
  private final ActorRef<Ping> heartbeat;
  private final RecentResults recentResults;
  /** The answers of the batch being applied, or null outside a batch. */
  private ReplyBatcher batchReplies;

  /** The store with the system's monotonic clock. */
  public static Behavior<Command> create(StoreSettings settings) {
    return create(settings, Ticker.system());
  }

  /** The store with a given clock (tests pass the test kit's manual time). */
  public static Behavior<Command> create(StoreSettings settings, Ticker ticker) {
    Behavior<Command> store =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(timers -> new StoreActor(context, timers, settings, ticker)));
    return Behaviors.intercept(
            ForeignMessages::new, Behaviors.supervise(store).onFailure(SupervisorStrategy.resume()))
        .narrow();
  }

  private StoreActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StoreSettings settings,
      Ticker ticker) {
    super(context);
    this.settings = settings;
    this.ticker = ticker;
    this.timers = timers;
    this.limits = new StoreLimits(settings);
    this.recentResults =
        new RecentResults(settings.retryWindow().toNanos(), settings.retryCapacity());
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.cleanupInterval());
    this.heartbeat =
        context.spawn(StoreHeartbeat.create(epoch, ticker), ManagerAddress.HEARTBEAT_NAME);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Set.class, this::onSet)
        .onMessage(Get.class, this::onGet)
        .onMessage(Has.class, this::onHas)
        .onMessage(Delete.class, this::onDelete)
        .onMessage(Increment.class, this::onIncrement)
        .onMessage(IncrementBounded.class, this::onIncrementBounded)
        .onMessage(SetIfAbsent.class, this::onSetIfAbsent)
        .onMessage(CompareAndSet.class, this::onCompareAndSet)
        .onMessage(DeleteIfEquals.class, this::onDeleteIfEquals)
        .onMessage(GetAndDelete.class, this::onGetAndDelete)
        .onMessage(GetAndSet.class, this::onGetAndSet)
        .onMessage(Expire.class, this::onExpire)
        .onMessage(Persist.class, this::onPersist)
        .onMessage(GetTtl.class, this::onGetTtl)
        .onMessage(Scan.class, this::onScan)
        .onMessage(Size.class, this::onSize)
        .onMessage(DeleteAll.class, this::onDeleteAll)
        .onMessage(DeleteAllStep.class, this::onDeleteAllStep)
        .onMessage(GetAll.class, this::onGetAll)
        .onMessage(SetAll.class, this::onSetAll)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Ping.class, this::onPing)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .onMessageEquals(SweepMore.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onSet(Set set) {
    Optional<String> problem =
        firstProblem(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
    if (problem.isPresent()) {
      return refuse("set", set.key(), problem.get(), set.replyTo());
    }
    long now = ticker.nanos();
    long deadline = deadline(set.ttlMillis(), now);
    if (full("set", set.key(), set.value(), deadline, now, set.replyTo())) {
      return this;
    }
    table.put(set.key(), set.value(), deadline);
    respond(set.replyTo(), StatusReply.ack());
    return this;
  }

  private Behavior<Command> onGet(Get get) {
    Optional<String> problem = keyProblem(get.key());
    if (problem.isPresent()) {
      return refuse("get", get.key(), problem.get(), get.replyTo());
    }
    respond(get.replyTo(), StatusReply.success(valueOf(table.live(get.key(), ticker.nanos()))));
    return this;
  }

  private Behavior<Command> onHas(Has has) {
    Optional<String> problem = keyProblem(has.key());
    if (problem.isPresent()) {
      return refuse("has", has.key(), problem.get(), has.replyTo());
    }
    boolean exists = table.live(has.key(), ticker.nanos()) != null;
    respond(has.replyTo(), StatusReply.success(new Exists(exists)));
    return this;
  }

  private Behavior<Command> onDelete(Delete delete) {
    Optional<String> problem = keyProblem(delete.key());
    if (problem.isPresent()) {
      return refuse("delete", delete.key(), problem.get(), delete.replyTo());
    }
    boolean existed = table.delete(delete.key(), ticker.nanos());
    respond(delete.replyTo(), StatusReply.success(new Deleted(existed)));
    return this;
  }

  private Behavior<Command> onIncrement(Increment increment) {
    String key = increment.key();
    Optional<String> problem =
        firstProblem(
            keyProblem(key),
            ttlProblem(increment.ttlMillis()),
            requestIdProblem(increment.requestId()));
    if (problem.isPresent()) {
      return refuse("increment", key, problem.get(), increment.replyTo());
    }
    long now = ticker.nanos();
    if (repliedBefore(key, increment.requestId(), Counter.class, increment.replyTo(), now)) {
      return this;
    }
    Entry entry = table.live(key, now);
    long value;
    if (entry == null) {
      value = increment.delta();
      byte[] counter = Counters.write(value);
      long deadline = deadline(increment.ttlMillis(), now);
      if (full("increment", key, counter, deadline, now, increment.replyTo())) {
        return this;
      }
      table.put(key, counter, deadline);
    } else {
      OptionalLong current = Counters.read(entry.value());
      if (current.isEmpty()) {
        return refuse(Refusal.TYPE, "increment", key, "the stored value is not an integer",
            increment.replyTo());
      }
      try {
        value = Math.addExact(current.getAsLong(), increment.delta());
      } catch (ArithmeticException e) {
        return refuse(Refusal.OVERFLOW, "increment", key,
            current.getAsLong() + " + " + increment.delta() + " leaves the range of a long",
            increment.replyTo());
      }
      byte[] counter = Counters.write(value);
      if (full("increment", key, counter, entry.expiresAtNanos(), now, increment.replyTo())) {
        return this;
      }
      table.put(key, counter, entry.expiresAtNanos());
    }
    reply(key, new Counter(value), increment.requestId(), increment.replyTo(), now);
    return this;
  }

  private Behavior<Command> onIncrementBounded(IncrementBounded increment) {
    String key = increment.key();
    Optional<String> problem =
        firstProblem(
            keyProblem(key),
            increment.delta() > 0
                ? Optional.empty()
                : Optional.of("delta must be positive, was " + increment.delta()),
            ttlProblem(increment.ttlMillis()),
            requestIdProblem(increment.requestId()));
    if (problem.isPresent()) {
      return refuse("incrementBounded", key, problem.get(), increment.replyTo());
    }
    long now = ticker.nanos();
    if (repliedBefore(key, increment.requestId(), BoundedCounter.class, increment.replyTo(), now)) {
      return this;
    }
    Entry entry = table.live(key, now);
    long current = 0;
    if (entry != null) {
      OptionalLong stored = Counters.read(entry.value());
      if (stored.isEmpty()) {
        return refuse(Refusal.TYPE, "incrementBounded", key, "the stored value is not an integer",
            increment.replyTo());
      }
      current = stored.getAsLong();
    }
    boolean fits;
    try {
      fits = current <= Math.subtractExact(increment.max(), increment.delta());
    } catch (ArithmeticException e) {
      fits = false; // max - delta is below every long: nothing fits
    }
    BoundedCounter result;
    if (!fits) {
      result = new BoundedCounter(OptionalLong.empty());
    } else {
      long value = current + increment.delta();
      long deadline = entry == null ? deadline(increment.ttlMillis(), now) : entry.expiresAtNanos();
      byte[] counter = Counters.write(value);
      if (full("incrementBounded", key, counter, deadline, now, increment.replyTo())) {
        return this;
      }
      table.put(key, counter, deadline);
      result = new BoundedCounter(OptionalLong.of(value));
    }
    reply(key, result, increment.requestId(), increment.replyTo(), now);
    return this;
  }

  private Behavior<Command> onSetIfAbsent(SetIfAbsent set) {
    Optional<String> problem =
        firstProblem(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
    if (problem.isPresent()) {
      return refuse("setIfAbsent", set.key(), problem.get(), set.replyTo());
    }
    long now = ticker.nanos();
    boolean absent = table.live(set.key(), now) == null;
    if (absent) {
      long deadline = deadline(set.ttlMillis(), now);
      if (full("setIfAbsent", set.key(), set.value(), deadline, now, set.replyTo())) {
        return this;
      }
      table.put(set.key(), set.value(), deadline);
    }
    respond(set.replyTo(), StatusReply.success(new Applied(absent)));
    return this;
  }

  private Behavior<Command> onCompareAndSet(CompareAndSet cas) {
    Optional<String> problem =
        firstProblem(
            keyProblem(cas.key()),
            valueProblem(cas.value()),
            cas.expected() == null
                ? Optional.of("expected must not be null (empty: absent)")
                : cas.expected().flatMap(this::valueProblem),
            ttlProblem(cas.ttlMillis()));
    if (problem.isPresent()) {
      return refuse("compareAndSet", cas.key(), problem.get(), cas.replyTo());
    }
    long now = ticker.nanos();
    Entry current = table.live(cas.key(), now);
    boolean matches;
    try {
      matches =
          cas.expected().isEmpty()
              ? current == null
              : current != null && ValueTrees.equal(current.value(), cas.expected().get());
    } catch (IOException e) {
      return refuse("compareAndSet", cas.key(), "expected is not a readable value", cas.replyTo());
    }
    if (matches) {
      long deadline = deadline(cas.ttlMillis(), now);
      if (full("compareAndSet", cas.key(), cas.value(), deadline, now, cas.replyTo())) {
        return this;
      }
      table.put(cas.key(), cas.value(), deadline);
    }
    respond(cas.replyTo(), StatusReply.success(new Applied(matches)));
    return this;
  }

  private Behavior<Command> onDeleteIfEquals(DeleteIfEquals delete) {
    Optional<String> problem =
        firstProblem(keyProblem(delete.key()), valueProblem(delete.expected()));
    if (problem.isPresent()) {
      return refuse("deleteIfEquals", delete.key(), problem.get(), delete.replyTo());
    }
    long now = ticker.nanos();
    Entry current = table.live(delete.key(), now);
    boolean matches;
    try {
      matches = current != null && ValueTrees.equal(current.value(), delete.expected());
    } catch (IOException e) {
      return refuse("deleteIfEquals", delete.key(), "expected is not a readable value",
          delete.replyTo());
    }
    if (matches) {
      table.delete(delete.key(), now);
    }
    respond(delete.replyTo(), StatusReply.success(new Applied(matches)));
    return this;
  }

  private Behavior<Command> onGetAndDelete(GetAndDelete getAndDelete) {
    Optional<String> problem = keyProblem(getAndDelete.key());
    if (problem.isPresent()) {
      return refuse("getAndDelete", getAndDelete.key(), problem.get(), getAndDelete.replyTo());
    }
    long now = ticker.nanos();
    Entry entry = table.live(getAndDelete.key(), now);
    if (entry != null) {
      table.delete(getAndDelete.key(), now);
    }
    respond(getAndDelete.replyTo(), StatusReply.success(valueOf(entry)));
    return this;
  }

  private Behavior<Command> onGetAndSet(GetAndSet set) {
    Optional<String> problem =
        firstProblem(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
    if (problem.isPresent()) {
      return refuse("getAndSet", set.key(), problem.get(), set.replyTo());
    }
    long now = ticker.nanos();
    Entry previous = table.live(set.key(), now);
    long deadline = deadline(set.ttlMillis(), now);
    if (full("getAndSet", set.key(), set.value(), deadline, now, set.replyTo())) {
      return this;
    }
    table.put(set.key(), set.value(), deadline);
    respond(set.replyTo(), StatusReply.success(valueOf(previous)));
    return this;
  }

  private Behavior<Command> onExpire(Expire expire) {
    Optional<String> problem =
        firstProblem(keyProblem(expire.key()), ttlProblem(OptionalLong.of(expire.ttlMillis())));
    if (problem.isPresent()) {
      return refuse("expire", expire.key(), problem.get(), expire.replyTo());
    }
    long now = ticker.nanos();
    Entry entry = table.live(expire.key(), now);
    if (entry != null) {
      table.put(expire.key(), entry.value(), deadlineAfter(expire.ttlMillis(), now));
    }
    respond(expire.replyTo(), StatusReply.success(new Applied(entry != null)));
    return this;
  }

  private Behavior<Command> onPersist(Persist persist) {
    Optional<String> problem = keyProblem(persist.key());
    if (problem.isPresent()) {
      return refuse("persist", persist.key(), problem.get(), persist.replyTo());
    }
    Entry entry = table.live(persist.key(), ticker.nanos());
    boolean hadTtl = entry != null && entry.expires();
    if (hadTtl) {
      table.put(persist.key(), entry.value(), Entry.NEVER);
    }
    respond(persist.replyTo(), StatusReply.success(new Applied(hadTtl)));
    return this;
  }

  private Behavior<Command> onGetTtl(GetTtl getTtl) {
    Optional<String> problem = keyProblem(getTtl.key());
    if (problem.isPresent()) {
      return refuse("ttl", getTtl.key(), problem.get(), getTtl.replyTo());
    }
    long now = ticker.nanos();
    Entry entry = table.live(getTtl.key(), now);
    TtlLeft ttl;
    if (entry == null) {
      ttl = new TtlLeft(false, OptionalLong.empty());
    } else if (!entry.expires()) {
      ttl = new TtlLeft(true, OptionalLong.empty());
    } else {
      long leftNanos = entry.expiresAtNanos() - now; // positive: the entry is live
      long leftMillis = leftNanos / 1_000_000 + (leftNanos % 1_000_000 == 0 ? 0 : 1); // ceiling
      ttl = new TtlLeft(true, OptionalLong.of(leftMillis));
    }
    respond(getTtl.replyTo(), StatusReply.success(ttl));
    return this;
  }

  private Behavior<Command> onScan(Scan scan) {
    Optional<String> problem =
        firstProblem(
            globProblem(scan.glob()),
            scan.cursor() == null ? Optional.of("cursor must not be null (\"\" to start)")
                : scan.cursor().isEmpty() ? Optional.empty() : keyProblem(scan.cursor()),
            scan.limit() >= 1 && scan.limit() <= MAX_SCAN_LIMIT
                ? Optional.empty()
                : Optional.of("limit must be in 1.." + MAX_SCAN_LIMIT + ", was " + scan.limit()));
    if (problem.isPresent()) {
      return refuse("scan", scan.glob(), problem.get(), scan.replyTo());
    }
    EntryTable.ScanStep step =
        table.scan(
            Glob.of(scan.glob()),
            scan.cursor(),
            scan.limit(),
            settings.scanBatch(),
            settings.maxValueSize(),
            ticker.nanos());
    respond(scan.replyTo(), StatusReply.success(new KeyPage(step.keys(), step.cursor())));
    return this;
  }

  private Behavior<Command> onSize(Size size) {
    if (size.replyTo() == null) {
      return dropped(size);
    }
    long now = ticker.nanos();
    table.sweep(now, settings.sweepBatch());
    if (table.hasExpired(now)) {
      getContext().getSelf().tell(size); // count after the rest is freed, in bounded steps
    } else {
      size.replyTo().tell(StatusReply.success(new Count(table.storedEntries())));
    }
    return this;
  }

  private Behavior<Command> onDeleteAll(DeleteAll deleteAll) {
    if (deleteAll.replyTo() == null) {
      return dropped(deleteAll);
    }
    Optional<String> problem = globProblem(deleteAll.glob());
    if (problem.isPresent()) {
      return refuse("deleteAll", deleteAll.glob(), problem.get(), deleteAll.replyTo());
    }
    return onDeleteAllStep(new DeleteAllStep(deleteAll.glob(), "", 0, deleteAll.replyTo()));
  }

  private Behavior<Command> onDeleteAllStep(DeleteAllStep step) {
    long now = ticker.nanos();
    EntryTable.ScanStep scanned =
        table.scan(
            Glob.of(step.glob()), step.cursor(), Integer.MAX_VALUE, settings.scanBatch(),
            Long.MAX_VALUE, now);
    scanned.keys().forEach(key -> table.delete(key, now));
    long deleted = step.deleted() + scanned.keys().size();
    if (scanned.cursor().isEmpty()) {
      step.replyTo().tell(StatusReply.success(new Count(deleted)));
    } else {
      getContext().getSelf().tell(
          new DeleteAllStep(step.glob(), scanned.cursor(), deleted, step.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onGetAll(GetAll getAll) {
    Optional<String> problem =
        getAll.keys() == null
            ? Optional.of("keys must not be null")
            : getAll.keys().stream().map(this::keyProblem).flatMap(Optional::stream).findFirst();
    if (problem.isPresent()) {
      return refuse("getAll", "", problem.get(), getAll.replyTo());
    }
    long now = ticker.nanos();
    Map<String, byte[]> found = new LinkedHashMap<>();
    long bytes = 0;
    for (String key : getAll.keys()) {
      Entry entry = table.live(key, now);
      if (entry != null && found.put(key, entry.value()) == null) {
        bytes += 3L * key.length() + entry.value().length;
      }
    }
    if (bytes > settings.maxValueSize()) {
      return refuse("getAll", "", "the reply would be about " + bytes
          + " bytes, larger than max-value-size " + settings.maxValueSize()
          + ": ask for fewer keys at once", getAll.replyTo());
    }
    respond(getAll.replyTo(), StatusReply.success(new Values(found)));
    return this;
  }

  private Behavior<Command> onSetAll(SetAll setAll) {
    Optional<String> problem = setAllProblem(setAll);
    if (problem.isPresent()) {
      return refuse("setAll", "", problem.get(), setAll.replyTo());
    }
    long now = ticker.nanos();
    long deadline = deadline(setAll.ttlMillis(), now);
    Optional<String> full = limits.roomForAll(table, setAll.entries(), deadline, now);
    if (full.isPresent()) {
      return refuse(Refusal.FULL, "setAll", "", full.get(), setAll.replyTo());
    }
    setAll.entries().forEach((key, value) -> table.put(key, value, deadline));
    respond(setAll.replyTo(), StatusReply.ack());
    return this;
  }

  private Behavior<Command> onGetStats(GetStats getStats) {
    if (getStats.replyTo() == null) {
      return dropped(getStats);
    }
    getStats.replyTo().tell(new Stats(table.storedEntries(), table.entriesWithTtl()));
    return this;
  }

  private Behavior<Command> onBatch(Batch batch) {
    if (batch.requests() == null || batch.replyTo() == null) {
      getContext().getLog().warn("Dropped a batch without requests or replyTo");
      return this;
    }
    batchReplies = new ReplyBatcher(batch.replyTo(), settings.maxValueSize());
    try {
      for (Request request : batch.requests()) {
        batchReplies.next(request == null ? -1 : request.id());
        Command command = request == null ? null : request.command();
        if (answersAtOnce(command)) {
          apply(command);
        } else {
          batchReplies.add(StatusReply.error(Refusal.INVALID.describe(
              "batch refused a request that does not answer at once: " + command)));
        }
      }
    } finally {
      batchReplies.flush();
      batchReplies = null;
    }
    return this;
  }

  /** Drops a request with nowhere to answer (only a misbehaving peer sends one), with a log line. */
  private Behavior<Command> dropped(Command command) {
    getContext().getLog().warn("Dropped [{}]: it has no replyTo", command);
    return this;
  }

  /** Handles one request of a batch exactly as if it had arrived alone. */
  private void apply(Command command) {
    try {
      receive(getContext(), command);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("handler failed on " + command, e);
    }
  }

  private static boolean answersAtOnce(Command command) {
    return command != null
        && !(command instanceof Size)
        && !(command instanceof DeleteAll)
        && !(command instanceof GetStats)
        && !(command instanceof Batch)
        && !(command instanceof Ping);
  }

  /** Answers a request: to its replyTo, or, inside a batch, into the batch's replies. */
  private <T> void respond(ActorRef<StatusReply<T>> replyTo, StatusReply<T> reply) {
    if (batchReplies != null) {
      batchReplies.add(reply);
    } else if (replyTo != null) {
      replyTo.tell(reply);
    }
  }

  /** Pings are answered beside the store (see {@link StoreHeartbeat}); one sent here goes there. */
  private Behavior<Command> onPing(Ping ping) {
    heartbeat.tell(ping);
    return this;
  }

  private Behavior<Command> onSweep() {
    long now = ticker.nanos();
    int freed = table.sweep(now, settings.sweepBatch());
    if (freed > 0 && getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("Swept [{}] expired entries", freed);
    }
    if (table.hasExpired(now)) {
      long spent = Math.max(0, ticker.nanos() - now);
      timers.startSingleTimer(
          SweepMore.INSTANCE, Duration.ofNanos(Math.max(1, spent * SWEEP_DUTY_FACTOR)));
    }
    return this;
  }

  private Optional<String> setAllProblem(SetAll setAll) {
    if (setAll.entries() == null) {
      return Optional.of("entries must not be null");
    }
    long bytes = 0;
    for (Map.Entry<String, byte[]> entry : setAll.entries().entrySet()) {
      Optional<String> problem =
          firstProblem(keyProblem(entry.getKey()), valueProblem(entry.getValue()));
      if (problem.isPresent()) {
        return Optional.of("entry " + KeyRules.show(entry.getKey()) + ": " + problem.get());
      }
      bytes += 3L * entry.getKey().length() + entry.getValue().length;
    }
    if (bytes > settings.maxValueSize()) {
      return Optional.of("the batch is about " + bytes + " bytes, larger than max-value-size "
          + settings.maxValueSize());
    }
    return ttlProblem(setAll.ttlMillis());
  }

  /** Answers a retried request with its first result, if remembered. */
  private <T> boolean repliedBefore(
      String key,
      Optional<String> requestId, Class<T> type, ActorRef<StatusReply<T>> replyTo, long now) {
    if (requestId.isEmpty()) {
      return false;
    }
    Object first = recentResults.get(key, requestId.get(), now);
    if (!type.isInstance(first)) {
      return false;
    }
    respond(replyTo, StatusReply.success(type.cast(first)));
    return true;
  }

  private <T> void reply(
      String key,
      T result, Optional<String> requestId, ActorRef<StatusReply<T>> replyTo, long now) {
    requestId.ifPresent(id -> recentResults.remember(key, id, result, now));
    respond(replyTo, StatusReply.success(result));
  }

  private static Value valueOf(Entry entry) {
    return new Value(entry == null ? Optional.empty() : Optional.of(entry.value()));
  }

  @SafeVarargs
  private static Optional<String> firstProblem(Optional<String>... problems) {
    for (Optional<String> problem : problems) {
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private Optional<String> keyProblem(String key) {
    return KeyRules.problem(key, settings.maxKeyLength());
  }

  private Optional<String> globProblem(String glob) {
    return Glob.problem(glob, settings.maxKeyLength());
  }

  private Optional<String> valueProblem(byte[] value) {
    if (value == null) {
      return Optional.of("value must not be null");
    }
    if (value.length > settings.maxValueSize()) {
      return Optional.of(
          "value is " + value.length + " bytes, larger than max-value-size "
              + settings.maxValueSize());
    }
    return ValueDepth.problem(value);
  }

  private static Optional<String> ttlProblem(OptionalLong ttlMillis) {
    if (ttlMillis == null) {
      return Optional.of("ttlMillis must not be null (empty: no TTL)");
    }
    if (ttlMillis.isPresent() && ttlMillis.getAsLong() <= 0) {
      return Optional.of("ttl must be positive, was " + ttlMillis.getAsLong() + " ms");
    }
    return Optional.empty();
  }

  private static Optional<String> requestIdProblem(Optional<String> requestId) {
    if (requestId == null) {
      return Optional.of("requestId must not be null (empty: none)");
    }
    return requestId
        .filter(id -> id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH)
        .map(id -> "requestId must have 1.." + MAX_REQUEST_ID_LENGTH + " chars");
  }

  /**
   * True, after refusing it, if storing {@code value} under {@code key} would pass the store's
   * bounds ({@link StoreLimits}).
   */
  private <T> boolean full(
      String operation, String key, byte[] value, long deadline, long now,
      ActorRef<StatusReply<T>> replyTo) {
    Optional<String> problem = limits.roomFor(table, key, value, deadline, now);
    problem.ifPresent(p -> refuse(Refusal.FULL, operation, key, p, replyTo));
    return problem.isPresent();
  }

  private <T> Behavior<Command> refuse(
      String operation, String key, String problem, ActorRef<StatusReply<T>> replyTo) {
    return refuse(Refusal.INVALID, operation, key, problem, replyTo);
  }

  private <T> Behavior<Command> refuse(
      Refusal refusal, String operation, String key, String problem,
      ActorRef<StatusReply<T>> replyTo) {
    getContext()
        .getLog()
        .warn("Refused [{}] of key {}: {}", operation, KeyRules.show(key), problem);
    String subject = "".equals(key) ? "" : " of key " + KeyRules.show(key);
    respond(
        replyTo, StatusReply.error(refusal.describe(operation + subject + " refused: " + problem)));
    return this;
  }

  /** The deadline of a write: none without a TTL. */
  private long deadline(OptionalLong ttlMillis, long now) {
    return ttlMillis.isPresent() ? deadlineAfter(ttlMillis.getAsLong(), now) : Entry.NEVER;
  }

  /** Now plus a TTL, saturating: a TTL too long to represent still expires, in centuries. */
  private static long deadlineAfter(long ttlMillis, long now) {
    long ttlNanos =
        ttlMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : ttlMillis * 1_000_000;
    long deadline = now + ttlNanos;
    return (deadline < now || deadline == Entry.NEVER) ? Entry.NEVER - 1 : deadline;
  }
}
