package io.sharedstore.cluster;

import io.sharedstore.store.CborSerializable;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SteppedOperation;
import io.sharedstore.store.wire.WireSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
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
 * Batch} (Redis pipelining without the caller doing anything): a call that arrives
 * alone is sent at once, alone. The store answers a batch with {@link Replies} to this
 * actor's one stable address, and each answer completes its caller's future by id. A call that
 * gets no answer within its timeout fails with {@link StoreTimeoutException}; a late answer is
 * dropped. Calls are sent in the order they arrive, so one caller's calls apply in order.
 *
 * <p>It also pings the store's heartbeat (a child of the store with a mailbox of its own, so a
 * store busy with a long request still answers) every {@code heartbeat-interval}, and keeps the
 * client's {@link ManagerState}: with no answer for {@code heartbeat-timeout} after the manager
 * has answered once (and pings sent for at least {@code heartbeat-timeout - heartbeat-interval}
 * of it, so a client too starved to ping does not blame the manager), or on the store's notice
 * that it is stopping, the manager is unreachable: every call in flight fails at once with {@link
 * StoreUnavailableException}, and so does every new call, unsent, until a ping is answered again.
 * An answer with another epoch than the last means a restarted store. Replies and pongs arrive at
 * one address over the one connection, so the stopping notice, sent as the store stops, comes
 * after the answers the store sent before it.
 *
 * <p>State: the calls in flight, lost (failed) when the connection stops; the last epoch seen.
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

  private record Received(Replies replies) implements Message {}

  private record Ponged(Pong pong) implements Message {}

  /** Something the store sent that is neither replies nor a pong: dropped. */
  private record Unexpected(Object message) implements Message {}

  private enum HeartbeatTick implements Message {
    INSTANCE
  }

  /** No pong for heartbeat-timeout: armed again by every pong. */
  private enum HeartbeatDeadline implements Message {
    INSTANCE
  }

  /** Sent to itself on a deadline, so that pongs already in the mailbox are read first. */
  private enum ConfirmUnreachable implements Message {
    INSTANCE
  }

  private record Expired(long id) implements Message {}

  private record AnsweredAlone(long id, StatusReply<?> reply, Throwable failure)
      implements Message {}

  private final ActorRef<Command> store;
  private final ActorRef<Ping> heartbeatRef;
  private final String managerAddress;
  private final long batchBudget;
  private final Executor executor;
  private final ActorRef<Replies> repliesAddress;
  private final ActorRef<Pong> pongAddress;
  private final ManagerState state;
  private final Heartbeat heartbeat;
  private final TimerScheduler<Message> timers;
  private final LongSupplier nanoClock;
  /** The epoch of the store that answered the last ping, or null before the first answer. */
  private String epoch;
  /** When the first ping after the last pong was sent, or -1 if none was sent since. */
  private long firstUnansweredPingNanos = -1;
  /** A deadline passed and waits for its confirmation; a pong meanwhile cancels it. */
  private boolean confirming;
  private final Map<Long, Pending<?, ?>> inFlight = new HashMap<>();
  private List<Request> outbox = new ArrayList<>();
  private long outboxBytes;
  private boolean flushQueued;
  private long lastId;

  /** How often to ping, and how long without an answer makes the manager unreachable. */
  record Heartbeat(Duration interval, Duration timeout) {
    Heartbeat {
      if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval) <= 0) {
        throw new IllegalArgumentException(
            "shared-store.client.heartbeat-interval must be positive and heartbeat-timeout longer,"
                + " were " + interval.toMillis() + " ms and " + timeout.toMillis() + " ms");
      }
    }
  }

  /**
   * A connection to {@code store}, pinging {@code heartbeatRef} (the store's heartbeat child,
   * which answers however busy the store is).
   */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef,
      ManagerState state, long batchBudget, Heartbeat heartbeat) {
    return create(store, heartbeatRef, state, batchBudget, heartbeat, System::nanoTime);
  }

  /** As above, with a clock of its own (tests pass one they move with the manual time). */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef,
      ManagerState state, long batchBudget, Heartbeat heartbeat, LongSupplier nanoClock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new StoreConnection(
                        context, timers, store, heartbeatRef, state, batchBudget, heartbeat,
                        nanoClock)));
  }

  private StoreConnection(
      ActorContext<Message> context,
      TimerScheduler<Message> timers,
      ActorRef<Command> store,
      ActorRef<Ping> heartbeatRef,
      ManagerState state,
      long batchBudget,
      Heartbeat heartbeat,
      LongSupplier nanoClock) {
    super(context);
    this.heartbeatRef = heartbeatRef;
    this.nanoClock = nanoClock;
    this.store = store;
    this.state = state;
    this.managerAddress = state.managerAddress();
    this.batchBudget = batchBudget;
    this.heartbeat = heartbeat;
    this.timers = timers;
    this.executor = context.getExecutionContext();
    // One address for replies and pongs: the store's stopping notice cannot overtake an answer.
    ActorRef<CborSerializable> inbound =
        context.messageAdapter(CborSerializable.class, StoreConnection::inbound);
    this.repliesAddress = inbound.narrow();
    this.pongAddress = inbound.narrow();
    timers.startTimerWithFixedDelay(HeartbeatTick.INSTANCE, Duration.ZERO, heartbeat.interval());
  }

  private static Message inbound(CborSerializable message) {
    if (message instanceof Replies replies) {
      return new Received(replies);
    }
    if (message instanceof Pong pong) {
      return new Ponged(pong);
    }
    return new Unexpected(message);
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(Received.class, this::onReceived)
        .onMessage(Expired.class, this::onExpired)
        .onMessage(AnsweredAlone.class, this::onAnsweredAlone)
        .onMessageEquals(HeartbeatTick.INSTANCE, this::onHeartbeatTick)
        .onMessage(Ponged.class, this::onPonged)
        .onMessageEquals(HeartbeatDeadline.INSTANCE, this::onHeartbeatDeadline)
        .onMessageEquals(ConfirmUnreachable.INSTANCE, this::onConfirmUnreachable)
        .onMessage(Unexpected.class, this::onUnexpected)
        .onMessageEquals(Close.INSTANCE, this::onClose)
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  private Behavior<Message> onSubmit(Submit submit) {
    Pending<?, ?> pending = submit.pending();
    var refusal = state.refusal(pending.operation, pending.key, pending.requestId);
    if (refusal.isPresent()) {
      pending.fail(refusal.get(), executor);
      return this;
    }
    long id = ++lastId;
    inFlight.put(id, pending);
    pending.timer(getContext().scheduleOnce(pending.timeout, getContext().getSelf(), new Expired(id)));
    Operation<?> request = pending.op;
    if (request instanceof SteppedOperation) {
      sendAlone(id, pending); // answers later, in steps: not part of a batch
      return this;
    }
    long size = WireSizes.request(request);
    if (!outbox.isEmpty() && outboxBytes + size > batchBudget) {
      sendOutbox();
    }
    outbox.add(new Request(id, request));
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
    for (Outcome outcome : received.replies().outcomes()) {
      Pending<?, ?> pending = inFlight.remove(outcome.id());
      if (pending == null) {
        continue; // timed out already
      }
      pending.cancelTimer();
      if (outcome.error().isPresent()) {
        pending.fail(
            StoreFailures.refused(pending.operation, pending.key, outcome.error().get()), executor);
      } else {
        pending.succeed(outcome.reply().orElseThrow(), executor);
      }
    }
    return this;
  }

  private Behavior<Message> onExpired(Expired expired) {
    Pending<?, ?> pending = inFlight.remove(expired.id());
    if (pending != null) {
      pending.fail(StoreFailures.failed(pending, managerAddress, null), executor);
    }
    return this;
  }

  private Behavior<Message> onAnsweredAlone(AnsweredAlone answered) {
    Pending<?, ?> pending = inFlight.remove(answered.id());
    if (pending == null) {
      return this;
    }
    pending.cancelTimer();
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

  private Behavior<Message> onHeartbeatTick() {
    if (firstUnansweredPingNanos < 0) {
      firstUnansweredPingNanos = nanoClock.getAsLong();
    }
    heartbeatRef.tell(new Ping(pongAddress));
    return this;
  }

  private Behavior<Message> onPonged(Ponged ponged) {
    Pong pong = ponged.pong();
    if (pong.stopping()) {
      timers.cancel(HeartbeatDeadline.INSTANCE);
      confirming = false;
      becomeUnreachable("the manager is shutting down");
      return this;
    }
    timers.startSingleTimer(HeartbeatDeadline.INSTANCE, heartbeat.timeout());
    firstUnansweredPingNanos = -1;
    confirming = false;
    String previous = epoch;
    epoch = pong.epoch();
    if (previous != null && !previous.equals(epoch)) {
      state.restarted(previous, epoch);
    }
    state.reachable();
    return this;
  }

  private Behavior<Message> onHeartbeatDeadline() {
    confirming = true;
    getContext().getSelf().tell(ConfirmUnreachable.INSTANCE);
    return this;
  }

  /**
   * The manager is blamed only for pings it had time to answer: if this client itself was too
   * starved to send its pings on time (a loaded machine, a long GC pause), the deadline moves on
   * by what it missed; a pong that was already waiting in the mailbox cancels the deadline.
   */
  private Behavior<Message> onConfirmUnreachable() {
    if (!confirming) {
      return this;
    }
    confirming = false;
    long needed = heartbeat.timeout().minus(heartbeat.interval()).toNanos();
    long waited =
        firstUnansweredPingNanos < 0 ? 0 : nanoClock.getAsLong() - firstUnansweredPingNanos;
    if (waited < needed) {
      timers.startSingleTimer(
          HeartbeatDeadline.INSTANCE, Duration.ofNanos(Math.max(needed - waited, 1_000_000)));
      return this;
    }
    becomeUnreachable("no answer to heartbeats for " + heartbeat.timeout().toMillis() + " ms");
    return this;
  }

  /** From now on calls fail at once; the calls in flight fail now. */
  private void becomeUnreachable(String reason) {
    if (state.phase() == ManagerState.Phase.UNREACHABLE) {
      return;
    }
    state.unreachable(reason);
    getContext().getLog().warn(
        "Shared store manager at [{}] unreachable ({}); failing [{}] calls in flight",
        managerAddress, reason, inFlight.size());
    for (Pending<?, ?> pending : inFlight.values()) {
      pending.cancelTimer();
      pending.fail(state.inFlightFailure(pending), executor);
    }
    inFlight.clear();
    outbox = new ArrayList<>();
    outboxBytes = 0;
  }

  private Behavior<Message> onUnexpected(Unexpected unexpected) {
    getContext().getLog().warn("Dropped an unexpected message from the store: [{}]",
        unexpected.message().getClass().getName());
    return this;
  }

  private Behavior<Message> onClose() {
    return Behaviors.stopped();
  }

  private Behavior<Message> onStopped() {
    for (Pending<?, ?> pending : inFlight.values()) {
      pending.cancelTimer();
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
    store.tell(new Batch(outbox, repliesAddress));
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
            replyTo -> new Execute(raw.op, (ActorRef) replyTo),
            (reply, failure) -> new AnsweredAlone(id, (StatusReply<?>) reply, failure));
  }
}
