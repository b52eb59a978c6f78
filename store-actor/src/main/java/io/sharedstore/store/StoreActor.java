package io.sharedstore.store;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.Stepper;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SteppedOperation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
 * The shared store's host: runs a {@link StoreEngine} (the map from string keys to serialized
 * values, each with an optional TTL) behind a mailbox. It applies each {@link Execute} and each
 * request of a {@link Batch} on the engine with its clock, answers, hands every change to its
 * {@link ChangeListener}, runs the {@link SteppedOperation}s in bounded steps (self-messages, so
 * other requests interleave), and paces the sweep: every {@code shared-store.cleanup-interval}
 * it frees at most {@code shared-store.sweep-batch} expired entries per message and continues
 * after a pause, so the sweep takes at most about a quarter of its time.
 *
 * <p>State is in memory only: it is lost when the manager process stops. A bug (an exception in
 * the engine) resumes the actor with its data instead of restarting it empty. Each store picks
 * an epoch when it starts; its heartbeat child answers every {@link Ping} with it, from a mailbox
 * of its own.
 *
 * <p>A refused request (only a misbehaving peer sends one, as the client checks first) is
 * answered with {@link StatusReply#error(String)}, changes nothing, and is logged at WARN, at
 * most once per refusal kind per 10 s ({@link RefusalLog}).
 */
public final class StoreActor extends AbstractBehavior<Command> {

  /**
   * A sweep that continues pauses this many times as long as its last step took (at least the
   * scheduler's tick, 10 ms by default), so it takes at most about a quarter of the store's time
   * however many keys expire at once: Redis bounds its active expiry the same way. Reads check
   * expiry themselves, so a slower sweep only frees memory later.
   */
  private static final int SWEEP_DUTY_FACTOR = 3;

  /** The sweep timer's tick. */
  private enum Sweep implements Command {
    INSTANCE
  }

  /** The next bounded step of a sweep, after a pause (see {@link #SWEEP_DUTY_FACTOR}). */
  private enum SweepMore implements Command {
    INSTANCE
  }

  /** The next bounded step of a stepped operation, sent to itself. */
  private record Continue<R extends Reply>(
      Operation<R> operation, Stepper<R> stepper, ActorRef<StatusReply<R>> replyTo)
      implements Command {}

  private final StoreSettings settings;
  private final StoreClock clock;
  private final Ticker monotonic;
  private final ChangeListener listener;
  private final TimerScheduler<Command> timers;
  private final StoreEngine engine;
  private final RefusalLog refusals;
  private final ActorRef<Ping> heartbeat;

  /**
   * The store with the system's wall clock and no change listener.
   *
   * @param settings the store's settings
   * @return the store's behavior, to spawn as {@link ManagerAddress#STORE_NAME}
   */
  public static Behavior<Command> create(StoreSettings settings) {
    return create(settings, StoreClock.system());
  }

  /**
   * The store with a given clock (tests pass the test kit's manual time).
   *
   * @param settings the store's settings
   * @param clock the wall clock TTLs and deadlines are counted on
   * @return the store's behavior
   */
  public static Behavior<Command> create(StoreSettings settings, StoreClock clock) {
    return create(settings, clock, ChangeListener.NONE);
  }

  /**
   * The store with a given clock, telling {@code listener} of every change.
   *
   * @param settings the store's settings
   * @param clock the wall clock TTLs and deadlines are counted on
   * @param listener told of every change, on the store's thread
   * @return the store's behavior
   */
  public static Behavior<Command> create(
      StoreSettings settings, StoreClock clock, ChangeListener listener) {
    return create(settings, clock, Ticker.system(), listener);
  }

  /**
   * As above, with the monotonic clock that times the sweep's steps and the heartbeat's client
   * silences (tests pass a manual one, so the pauses between steps are known); a step of the wall
   * clock (NTP, a changed time zone) then neither stretches a sweep nor loses a client.
   */
  static Behavior<Command> create(
      StoreSettings settings, StoreClock clock, Ticker monotonic, ChangeListener listener) {
    Behavior<Command> store =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers ->
                        new StoreActor(context, timers, settings, clock, monotonic, listener)));
    return Behaviors.intercept(
            ForeignMessages::new, Behaviors.supervise(store).onFailure(SupervisorStrategy.resume()))
        .narrow();
  }

  private StoreActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StoreSettings settings,
      StoreClock clock,
      Ticker monotonic,
      ChangeListener listener) {
    super(context);
    this.monotonic = monotonic;
    context.setLoggerName(StoreActor.class);
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.timers = timers;
    this.engine = new StoreEngine(settings);
    this.refusals = new RefusalLog(context.getLog(), clock);
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.cleanupInterval());
    String epoch = UUID.randomUUID().toString();
    this.heartbeat =
        context.spawn(
            StoreHeartbeat.create(epoch, monotonic),
            ManagerAddress.HEARTBEAT_NAME);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Execute.class, this::onExecute)
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Continue.class, this::onContinue)
        .onMessage(Ping.class, this::onPing)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .onMessageEquals(SweepMore.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onExecute(Execute<?> execute) {
    return execute(execute);
  }

  private Behavior<Command> onContinue(Continue<?> step) {
    return step(step);
  }

  private <R extends Reply> Behavior<Command> execute(Execute<R> execute) {
    if (execute.replyTo() == null) {
      getContext().getLog().warn("Dropped [{}]: it has no replyTo", execute.operation());
      return this;
    }
    if (execute.operation() instanceof SteppedOperation<R> stepped) {
      return step(new Continue<>(stepped, engine.start(stepped), execute.replyTo()));
    }
    Result<R> result = run(execute.operation());
    if (result.refused() != null) {
      refusals.refused(result.refused(), execute.replyTo());
      execute.replyTo().tell(StatusReply.error(result.refused().errorText()));
    } else {
      execute.replyTo().tell(StatusReply.success(result.reply()));
    }
    return this;
  }

  private <R extends Reply> Behavior<Command> step(Continue<R> step) {
    Result<R> result = step.stepper().step(clock.nowMillis());
    publish(result.changes());
    if (!result.isDone()) {
      getContext().getSelf().tell(step); // the rest in bounded steps, after what is queued
    } else if (result.refused() != null) {
      refusals.refused(result.refused(), step.replyTo());
      step.replyTo().tell(StatusReply.error(result.refused().errorText()));
    } else {
      step.replyTo().tell(StatusReply.success(result.reply()));
    }
    return this;
  }

  private Behavior<Command> onBatch(Batch batch) {
    if (batch.requests() == null || batch.replyTo() == null) {
      getContext().getLog().warn("Dropped a batch without requests or replyTo");
      return this;
    }
    ReplyBatcher replies = new ReplyBatcher(batch.replyTo(), settings.maxValueSize());
    try {
      for (Request request : batch.requests()) {
        long id = request == null ? -1 : request.id();
        Operation<?> operation = request == null ? null : request.operation();
        if (operation == null || operation instanceof SteppedOperation) {
          replies.add(Outcome.refused(id, Refusal.INVALID.describe(
              "batch refused a request that does not answer at once: " + operation)));
          continue;
        }
        Result<?> result = run(operation);
        if (result.refused() != null) {
          refusals.refused(result.refused(), batch.replyTo());
          replies.add(Outcome.refused(id, result.refused().errorText()));
        } else {
          replies.add(Outcome.success(id, (Reply) result.reply()));
        }
      }
    } finally {
      replies.flush();
    }
    return this;
  }

  /** Applies one operation that answers at once, and publishes its changes. */
  private <R extends Reply> Result<R> run(Operation<R> operation) {
    if (operation == null) {
      return new Result<>(null, new Result.Refused(Refusal.INVALID, "null", "",
          "the operation must not be null"), List.of());
    }
    Result<R> result = engine.apply(operation, clock.nowMillis());
    publish(result.changes());
    return result;
  }

  private void publish(List<Change> changes) {
    if (!changes.isEmpty()) {
      listener.changed(changes);
    }
  }

  /** Pings are answered beside the store (see {@link StoreHeartbeat}); one sent here goes there. */
  private Behavior<Command> onPing(Ping ping) {
    heartbeat.tell(ping);
    return this;
  }

  private Behavior<Command> onSweep() {
    long started = monotonic.nanos();
    long now = clock.nowMillis();
    List<Change> freed = engine.sweep(now, settings.sweepBatch());
    publish(freed);
    if (!freed.isEmpty() && getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("Swept [{}] expired entries", freed.size());
    }
    if (engine.hasExpired(now)) {
      long spent = Math.max(0, monotonic.nanos() - started);
      timers.startSingleTimer(
          SweepMore.INSTANCE, Duration.ofNanos(Math.max(1, spent * SWEEP_DUTY_FACTOR)));
    }
    return this;
  }
}
