package io.sharedstore.cluster;

import io.sharedstore.store.KeyRules;
import io.sharedstore.store.StoreActor;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * A client's one connection to the store: every call of a {@link StoreClient} goes through it.
 * It numbers the calls, and coalesces the ones that arrive while it is busy into one {@link
 * StoreActor.Batch} (Redis pipelining without the caller doing anything): a call that arrives
 * alone is sent at once, alone. The store answers a batch with {@link StoreActor.Replies} to this
 * actor's one stable address, and each answer completes its caller's future by id. A call that
 * gets no answer within its timeout fails with {@link StoreTimeoutException}; a late answer is
 * dropped. Calls are sent in the order they arrive, so one caller's calls apply in order.
 *
 * <p>State: the calls in flight, lost (failed) when the connection stops.
 */
final class StoreConnection extends AbstractBehavior<StoreConnection.Message> {

  interface Message {}

  /** A call to send. */
  record Submit(Pending<?, ?> pending) implements Message {}

  /** Stop, failing every call still in flight. */
  enum Close implements Message {
    INSTANCE
  }

  private enum Flush implements Message {
    INSTANCE
  }

  /** Fail the calls whose deadline has passed; the one timer is armed for the earliest. */
  private enum CheckTimeouts implements Message {
    INSTANCE
  }

  private record Received(StoreActor.Replies replies) implements Message {}

  private record AnsweredAlone(long id, StatusReply<?> reply, Throwable failure)
      implements Message {}

  /** Longer timeouts count as this; the timer re-checks at least once a day. */
  private static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 2);
  private static final long MAX_TIMER_NANOS = Duration.ofDays(1).toNanos();

  private final ActorRef<StoreActor.Command> store;
  private final String managerAddress;
  private final long batchBudget;
  private final Executor executor;
  private final ActorRef<StoreActor.Replies> repliesAddress;
  private final TimerScheduler<Message> timers;
  private final Map<Long, Pending<?, ?>> inFlight = new HashMap<>();
  /** Whether the timeout timer is armed, and for which deadline. */
  private boolean timerArmed;
  private long armedDeadline;
  private List<StoreActor.Request> outbox = new ArrayList<>();
  private long outboxBytes;
  private boolean flushQueued;
  private long lastId;

  static Behavior<Message> create(
      ActorRef<StoreActor.Command> store, String managerAddress, long batchBudget) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new StoreConnection(context, timers, store, managerAddress, batchBudget)));
  }

  private StoreConnection(
      ActorContext<Message> context,
      TimerScheduler<Message> timers,
      ActorRef<StoreActor.Command> store,
      String managerAddress,
      long batchBudget) {
    super(context);
    this.timers = timers;
    this.store = store;
    this.managerAddress = managerAddress;
    this.batchBudget = batchBudget;
    this.executor = context.getExecutionContext();
    this.repliesAddress = context.messageAdapter(StoreActor.Replies.class, Received::new);
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(Received.class, this::onReceived)
        .onMessageEquals(CheckTimeouts.INSTANCE, this::onCheckTimeouts)
        .onMessage(AnsweredAlone.class, this::onAnsweredAlone)
        .onMessageEquals(Close.INSTANCE, this::onClose)
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  private Behavior<Message> onSubmit(Submit submit) {
    Pending<?, ?> pending = submit.pending();
    long id = ++lastId;
    inFlight.put(id, pending);
    long now = System.nanoTime();
    pending.deadline(now + cappedNanos(pending.timeout));
    if (!timerArmed || pending.deadlineNanos() - armedDeadline < 0) {
      armTimer(pending.deadlineNanos(), now);
    }
    StoreActor.Command request = pending.request(null);
    if (request instanceof StoreActor.Size || request instanceof StoreActor.DeleteAll) {
      sendAlone(id, pending); // answers later, in steps: not part of a batch
      return this;
    }
    long size = RequestSizes.estimate(request);
    if (!outbox.isEmpty() && outboxBytes + size > batchBudget) {
      sendOutbox();
    }
    outbox.add(new StoreActor.Request(id, request));
    outboxBytes += size;
    if (!flushQueued) {
      flushQueued = true;
      getContext().getSelf().tell(Flush.INSTANCE);
    }
    return this;
  }

  /** Everything submitted since the last flush goes out as one batch. */
  private Behavior<Message> onFlush() {
    flushQueued = false;
    sendOutbox();
    return this;
  }

  private Behavior<Message> onReceived(Received received) {
    for (StoreActor.Outcome outcome : received.replies().outcomes()) {
      Pending<?, ?> pending = inFlight.remove(outcome.id());
      if (pending == null) {
        continue; // timed out already
      }
      if (outcome.error().isPresent()) {
        pending.fail(
            StoreFailures.refused(pending.operation, pending.key, outcome.error().get()), executor);
      } else {
        pending.succeed(outcome.reply().orElseThrow(), executor);
      }
    }
    return this;
  }

  /**
   * Fails every call past its deadline and arms the timer for the earliest one left. One timer
   * for all calls instead of one per call: under load a call is answered long before its timeout,
   * so this runs about once per timeout period, and no call pays for a timer of its own.
   */
  private Behavior<Message> onCheckTimeouts() {
    timerArmed = false;
    long now = System.nanoTime();
    Iterator<Pending<?, ?>> calls = inFlight.values().iterator();
    while (calls.hasNext()) {
      Pending<?, ?> pending = calls.next();
      if (pending.deadlineNanos() - now <= 0) {
        calls.remove();
        pending.fail(StoreFailures.failed(pending, managerAddress, null), executor);
      } else if (!timerArmed || pending.deadlineNanos() - armedDeadline < 0) {
        timerArmed = true;
        armedDeadline = pending.deadlineNanos();
      }
    }
    if (timerArmed) {
      armTimer(armedDeadline, now);
    }
    return this;
  }

  private void armTimer(long deadline, long now) {
    timerArmed = true;
    armedDeadline = deadline;
    long delay = Math.max(0, Math.min(deadline - now, MAX_TIMER_NANOS));
    timers.startSingleTimer(CheckTimeouts.INSTANCE, Duration.ofNanos(delay));
  }

  /** A timeout in nanoseconds, at most about 146 years (so deadlines never overflow). */
  private static long cappedNanos(Duration timeout) {
    return timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT.toNanos() : timeout.toNanos();
  }

  private Behavior<Message> onAnsweredAlone(AnsweredAlone answered) {
    Pending<?, ?> pending = inFlight.remove(answered.id());
    if (pending == null) {
      return this;
    }
    if (answered.failure() != null) {
      pending.fail(StoreFailures.failed(pending, managerAddress, answered.failure()), executor);
    } else if (answered.reply().isError()) {
      pending.fail(
          StoreFailures.refused(
              pending.operation, pending.key, answered.reply().getError().getMessage()),
          executor);
    } else {
      pending.succeed(answered.reply().getValue(), executor);
    }
    return this;
  }

  private Behavior<Message> onClose() {
    return Behaviors.stopped();
  }

  private Behavior<Message> onStopped() {
    for (Pending<?, ?> pending : inFlight.values()) {
      pending.fail(
          new StoreException(pending.operation, pending.key,
              pending.operation + " of key " + KeyRules.show(pending.key)
                  + ": the client was closed before the answer came", null),
          executor);
    }
    inFlight.clear();
    return this;
  }

  private void sendOutbox() {
    if (outbox.isEmpty()) {
      return;
    }
    store.tell(new StoreActor.Batch(outbox, repliesAddress));
    outbox = new ArrayList<>();
    outboxBytes = 0;
  }

  /** Sends a request that answers in steps with an ask of its own, after what is queued. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void sendAlone(long id, Pending<?, ?> pending) {
    sendOutbox();
    Pending raw = pending;
    getContext()
        .ask(
            StatusReply.class,
            store,
            pending.timeout,
            replyTo -> raw.request((ActorRef) replyTo),
            (reply, failure) -> new AnsweredAlone(id, (StatusReply<?>) reply, failure));
  }
}
