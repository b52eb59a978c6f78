package io.sharedstore.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 * shared-store.sweep-batch} per message, continuing in further messages, so no message stalls the
 * actor however many keys expire at once.
 *
 * <p>State is in memory only: it is lost when the manager process stops. A bug (an exception in a
 * handler) resumes the actor with its data instead of restarting it empty.
 *
 * <p>A refused request (a key, value or TTL that breaks the limits: only a misbehaving peer sends
 * one, as the client checks first) is answered with {@link StatusReply#error(String)} and changes
 * nothing.
 */
public final class StoreActor extends AbstractBehavior<StoreActor.Command> {

  /** Every message the store accepts. */
  public interface Command extends CborSerializable {}

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

  /** Asks for the store's entry counts; answers {@link Stats}. */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /** A serialized value, or empty when the key is missing or expired. */
  public record Value(Optional<byte[]> bytes) implements CborSerializable {
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
  public record Exists(boolean exists) implements CborSerializable {}

  /** Whether a deleted key existed. */
  public record Deleted(boolean existed) implements CborSerializable {}

  /**
   * Entry counts: {@code storedEntries} includes expired entries the sweep has not yet freed.
   */
  public record Stats(long storedEntries, long entriesWithTtl) implements CborSerializable {}

  /** The sweep timer's tick, also sent to itself to continue a sweep in bounded steps. */
  private enum Sweep implements Command {
    INSTANCE
  }

  private final StoreSettings settings;
  private final Ticker ticker;
  private final EntryTable table = new EntryTable();

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
    return Behaviors.supervise(store).onFailure(SupervisorStrategy.resume());
  }

  private StoreActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StoreSettings settings,
      Ticker ticker) {
    super(context);
    this.settings = settings;
    this.ticker = ticker;
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.cleanupInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Set.class, this::onSet)
        .onMessage(Get.class, this::onGet)
        .onMessage(Has.class, this::onHas)
        .onMessage(Delete.class, this::onDelete)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onSet(Set set) {
    Optional<String> problem = setProblem(set);
    if (problem.isPresent()) {
      return refuse("set", set.key(), problem.get(), set.replyTo());
    }
    long deadline =
        set.ttlMillis().isPresent() ? deadlineAfter(set.ttlMillis().getAsLong()) : Entry.NEVER;
    table.put(set.key(), set.value(), deadline);
    set.replyTo().tell(StatusReply.ack());
    return this;
  }

  private Behavior<Command> onGet(Get get) {
    Optional<String> problem = KeyRules.problem(get.key(), settings.maxKeyLength());
    if (problem.isPresent()) {
      return refuse("get", get.key(), problem.get(), get.replyTo());
    }
    Entry entry = table.live(get.key(), ticker.nanos());
    Value value = new Value(entry == null ? Optional.empty() : Optional.of(entry.value()));
    get.replyTo().tell(StatusReply.success(value));
    return this;
  }

  private Behavior<Command> onHas(Has has) {
    Optional<String> problem = KeyRules.problem(has.key(), settings.maxKeyLength());
    if (problem.isPresent()) {
      return refuse("has", has.key(), problem.get(), has.replyTo());
    }
    boolean exists = table.live(has.key(), ticker.nanos()) != null;
    has.replyTo().tell(StatusReply.success(new Exists(exists)));
    return this;
  }

  private Behavior<Command> onDelete(Delete delete) {
    Optional<String> problem = KeyRules.problem(delete.key(), settings.maxKeyLength());
    if (problem.isPresent()) {
      return refuse("delete", delete.key(), problem.get(), delete.replyTo());
    }
    boolean existed = table.delete(delete.key(), ticker.nanos());
    delete.replyTo().tell(StatusReply.success(new Deleted(existed)));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats getStats) {
    getStats.replyTo().tell(new Stats(table.storedEntries(), table.entriesWithTtl()));
    return this;
  }

  private Behavior<Command> onSweep() {
    long now = ticker.nanos();
    int freed = table.sweep(now, settings.sweepBatch());
    if (freed > 0 && getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("Swept [{}] expired entries", freed);
    }
    if (table.hasExpired(now)) {
      getContext().getSelf().tell(Sweep.INSTANCE);
    }
    return this;
  }

  private Optional<String> setProblem(Set set) {
    Optional<String> keyProblem = KeyRules.problem(set.key(), settings.maxKeyLength());
    if (keyProblem.isPresent()) {
      return keyProblem;
    }
    if (set.value() == null) {
      return Optional.of("value must not be null");
    }
    if (set.value().length > settings.maxValueSize()) {
      return Optional.of(
          "value is "
              + set.value().length
              + " bytes, larger than max-value-size "
              + settings.maxValueSize());
    }
    if (set.ttlMillis().isPresent() && set.ttlMillis().getAsLong() <= 0) {
      return Optional.of("ttl must be positive, was " + set.ttlMillis().getAsLong() + " ms");
    }
    return Optional.empty();
  }

  private <T> Behavior<Command> refuse(
      String operation, String key, String problem, ActorRef<StatusReply<T>> replyTo) {
    getContext()
        .getLog()
        .warn("Refused [{}] of key {}: {}", operation, KeyRules.show(key), problem);
    if (replyTo != null) {
      replyTo.tell(
          StatusReply.error(operation + " of key " + KeyRules.show(key) + " refused: " + problem));
    }
    return this;
  }

  /** Now plus a TTL, saturating: a TTL too long to represent still expires, in centuries. */
  private long deadlineAfter(long ttlMillis) {
    long ttlNanos =
        ttlMillis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : ttlMillis * 1_000_000;
    long now = ticker.nanos();
    long deadline = now + ttlNanos;
    return (deadline < now || deadline == Entry.NEVER) ? Entry.NEVER - 1 : deadline;
  }
}
