package io.sharedstore.cluster;

import io.sharedstore.store.CborSerializable;
import io.sharedstore.store.ClientLeaving;
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
import io.sharedstore.store.wire.WireSizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
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
 * dropped (one timer serves every call's deadline, see {@link Deadlines}). Calls are sent in the
 * order they arrive, so one caller's calls apply in order. Calls arrive through the client's
 * {@link CallQueue}: one {@link Drain} message takes all the calls queued since the last.
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
 * <p>Until the manager's first answer, calls are sent and wait their own timeouts, but only up
 * to {@code connect-timeout} after the connection was made: then the manager is unreachable as
 * above. While pings go unanswered, a {@link ConnectProbe} asks TCP why, and the calls' errors
 * carry its answer (e.g. "Connection refused").
 *
 * <p>Never a hang: a malformed answer (an outcome with neither reply nor error) fails its call
 * and is logged at ERROR; any other failure inside the actor restarts it (its supervisor, see
 * {@link #create}), and the restart fails every call in flight with a {@link StoreException}.
 *
 * <p>State: the calls in flight, lost (failed) when the connection stops or restarts; and, kept
 * across a restart in {@link ConnectionMemory}, the last call id and the last epoch seen.
 */
final class StoreConnection extends AbstractBehavior<StoreConnection.Message> {

  interface Message {}

  /**
   * Calls wait in {@code calls}: take them all. Told by the call that found the queue idle (see
   * {@link CallQueue}), and by this actor itself when one drain took its limit.
   */
  record Drain(CallQueue calls) implements Message {}

  /** Stop, failing every call still in flight. */
  enum Close implements Message {
    INSTANCE
  }

  /**
   * Stop, as {@link Close}, because the node left the store's slot map: the calls still held
   * fail with {@link StoreUnavailableException} (a newer map routes them elsewhere), not as
   * closed by the client.
   */
  enum LeftSlotMap implements Message {
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

  /** The earliest deadline of a call in flight has come: see {@link Deadlines}. */
  private enum TimeoutCheck implements Message {
    INSTANCE
  }

  /** No answer within connect-timeout of the connection's start. */
  private enum ConnectDeadline implements Message {
    INSTANCE
  }

  /** A connect probe's answer: the transport error, or empty if TCP connected. */
  private record Probed(Optional<String> error) implements Message {}

  private record AnsweredAlone(long id, StatusReply<?> reply, Throwable failure)
      implements Message {}

  private final ActorRef<Command> store;
  private final ActorRef<Ping> heartbeatRef;
  /** How a ping goes out while the manager is unreachable (see {@link #create}). */
  private final Consumer<Ping> pingWhileUnreachable;
  private final String managerAddress;
  private final long batchBudget;
  private final Executor executor;
  /** What the message being handled settles, run on {@link #executor} once it is handled. */
  private final Completions completions;
  private final ActorRef<Replies> repliesAddress;
  private final ActorRef<Pong> pongAddress;
  private final ManagerState state;
  private final Heartbeat heartbeat;
  private final TimerScheduler<Message> timers;
  private final LongSupplier nanoClock;
  private final ConnectionMemory memory;
  private final ConnectProbe probe;
  /** Stopped because the node left the slot map (not closed by the client). */
  private boolean leftSlotMap;
  private boolean probing;
  private long lastProbeNanos;
  /** When the first ping after the last pong was sent, or -1 if none was sent since. */
  private long firstUnansweredPingNanos = -1;
  /** A deadline passed and waits for its confirmation; a pong meanwhile cancels it. */
  private boolean confirming;
  private static final long PROBE_EVERY_NANOS = 1_000_000_000L;
  /** At most this many calls per drain, so replies and heartbeats are read in between. */
  private static final int DRAIN_LIMIT = 512;

  private final Map<Long, Pending<?, ?>> inFlight = new HashMap<>();
  private final Deadlines deadlines = new Deadlines();
  /** Whether the TimeoutCheck timer is armed, and for when. */
  private boolean timeoutArmed;
  private long timeoutArmedAtNanos;
  private List<Request> outbox = new ArrayList<>();
  private long outboxBytes;
  /** The callers' queue, known from the first drain; what a restart or a stop looks at. */
  private CallQueue calls;

  /**
   * How often to ping, how long without an answer makes the manager unreachable, and how long a
   * new connection waits for the manager's first answer.
   */
  record Heartbeat(Duration interval, Duration timeout, Duration connectTimeout) {
    Heartbeat {
      if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval) <= 0) {
        throw new IllegalArgumentException(
            "shared-store.client.heartbeat-interval must be positive and heartbeat-timeout longer,"
                + " were " + interval.toMillis() + " ms and " + timeout.toMillis() + " ms");
      }
      if (connectTimeout.compareTo(CallTimeouts.MINIMUM) < 0) {
        throw new IllegalArgumentException(
            "shared-store.client.connect-timeout must be at least 1 ms, was " + connectTimeout);
      }
    }
  }

  /**
   * A connection to {@code store}, pinging {@code heartbeatRef} (the store's heartbeat child,
   * which answers however busy the store is), and asking {@code probe} why when it does not.
   */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef,
      ManagerState state, long batchBudget, Heartbeat heartbeat, ConnectProbe probe) {
    return create(store, heartbeatRef, state, batchBudget, heartbeat, probe, System::nanoTime);
  }

  /**
   * As the first {@code create}, sending the pings made while the manager is unreachable through
   * {@code pingWhileUnreachable} instead of {@code heartbeatRef}. {@link ClusterClient} sends
   * those by actor selection: after a manager stopped gracefully (SIGTERM), Artery quarantines
   * its old incarnation and drops every message sent by reference to its address, so a manager
   * started again there would never hear from this client; a message sent by selection passes
   * the quarantine and makes Artery shake hands with the new incarnation.
   */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef, Consumer<Ping> pingWhileUnreachable,
      ManagerState state, long batchBudget, Heartbeat heartbeat, ConnectProbe probe) {
    return create(store, heartbeatRef, pingWhileUnreachable, state, batchBudget, heartbeat, probe,
        System::nanoTime);
  }

  /**
   * As above, with a clock of its own (tests pass one they move with the manual time). The
   * behaviour is supervised: on a failure it restarts with the same address, settings and
   * {@link ConnectionMemory}, failing the calls in flight (see {@link #onPreRestart}); the
   * supervisor logs the failure at ERROR under this class's logger.
   */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef,
      ManagerState state, long batchBudget, Heartbeat heartbeat, ConnectProbe probe,
      LongSupplier nanoClock) {
    return create(store, heartbeatRef, heartbeatRef::tell, state, batchBudget, heartbeat, probe,
        nanoClock);
  }

  /** As the {@code create} with {@code pingWhileUnreachable}, with a clock of its own. */
  static Behavior<Message> create(
      ActorRef<Command> store, ActorRef<Ping> heartbeatRef, Consumer<Ping> pingWhileUnreachable,
      ManagerState state, long batchBudget, Heartbeat heartbeat, ConnectProbe probe,
      LongSupplier nanoClock) {
    ConnectionMemory memory = new ConnectionMemory(nanoClock.getAsLong());
    Behavior<Message> connection =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers ->
                        new StoreConnection(
                            context, timers, store, heartbeatRef, pingWhileUnreachable, state,
                            batchBudget, heartbeat,
                            probe, nanoClock, memory)));
    return Behaviors.supervise(connection).onFailure(SupervisorStrategy.restart());
  }

  private StoreConnection(
      ActorContext<Message> context,
      TimerScheduler<Message> timers,
      ActorRef<Command> store,
      ActorRef<Ping> heartbeatRef,
      Consumer<Ping> pingWhileUnreachable,
      ManagerState state,
      long batchBudget,
      Heartbeat heartbeat,
      ConnectProbe probe,
      LongSupplier nanoClock,
      ConnectionMemory memory) {
    super(context);
    context.setLoggerName(StoreConnection.class);
    this.probe = probe;
    this.memory = memory;
    this.heartbeatRef = heartbeatRef;
    this.pingWhileUnreachable = pingWhileUnreachable;
    this.nanoClock = nanoClock;
    this.store = store;
    this.state = state;
    this.managerAddress = state.managerAddress();
    this.batchBudget = batchBudget;
    this.heartbeat = heartbeat;
    this.timers = timers;
    this.executor = context.getExecutionContext();
    this.completions = new Completions(executor);
    // One address for replies and pongs: the store's stopping notice cannot overtake an answer.
    ActorRef<CborSerializable> inbound =
        context.messageAdapter(CborSerializable.class, StoreConnection::inbound);
    this.repliesAddress = inbound.narrow();
    this.pongAddress = inbound.narrow();
    timers.startTimerWithFixedDelay(HeartbeatTick.INSTANCE, Duration.ZERO, heartbeat.interval());
    if (state.phase() == ManagerState.Phase.CONNECTING) {
      long left = heartbeat.connectTimeout().toNanos() - (nanoClock.getAsLong() - memory.startNanos);
      timers.startSingleTimer(
          ConnectDeadline.INSTANCE, Duration.ofNanos(Math.max(left, 1_000_000)));
    }
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
        .onMessage(Drain.class, this::onDrain)
        .onMessage(Received.class, this::onReceived)
        .onMessageEquals(TimeoutCheck.INSTANCE, this::onTimeoutCheck)
        .onMessage(AnsweredAlone.class, this::onAnsweredAlone)
        .onMessageEquals(HeartbeatTick.INSTANCE, this::onHeartbeatTick)
        .onMessage(Ponged.class, this::onPonged)
        .onMessageEquals(HeartbeatDeadline.INSTANCE, this::onHeartbeatDeadline)
        .onMessageEquals(ConfirmUnreachable.INSTANCE, this::onConfirmUnreachable)
        .onMessageEquals(ConnectDeadline.INSTANCE, this::onConnectDeadline)
        .onMessage(Probed.class, this::onProbed)
        .onMessage(Unexpected.class, this::onUnexpected)
        .onMessageEquals(Close.INSTANCE, this::onClose)
        .onMessageEquals(LeftSlotMap.INSTANCE, this::onLeftSlotMap)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  /**
   * Takes every queued call (up to {@link #DRAIN_LIMIT}, then drains again after the messages
   * already in the mailbox) and sends them as one batch: the calls that came in together leave
   * together, and a call that came alone leaves at once, alone.
   */
  private Behavior<Message> onDrain(Drain drain) {
    calls = drain.calls();
    int taken = 0;
    do {
      Pending<?, ?> pending;
      while ((pending = calls.poll()) != null) {
        submit(pending);
        if (++taken == DRAIN_LIMIT) {
          sendOutbox();
          completions.dispatch();
          getContext().getSelf().tell(drain); // still due: the flag stays set
          return this;
        }
      }
    } while (calls.idleUnlessMore());
    sendOutbox();
    completions.dispatch();
    return this;
  }

  private void submit(Pending<?, ?> pending) {
    var refusal = state.refusal(pending.operation, pending.key, pending.requestId);
    if (refusal.isPresent()) {
      completions.add(pending.failing(refusal.get()));
      return;
    }
    long id = ++memory.lastId;
    inFlight.put(id, pending);
    long now = nanoClock.getAsLong();
    long deadline = now + pending.timeout.toNanos();
    deadlines.add(id, pending.timeout.toNanos(), deadline, this::waiting);
    if (!timeoutArmed || deadline - timeoutArmedAtNanos < 0) {
      armTimeoutCheck(deadline, now);
    }
    Operation<?> request = pending.op;
    if (!Batch.answersAtOnce(request)) {
      sendAlone(id, pending); // answers later (in steps, or with the clients): not in a batch
      return;
    }
    long size = WireSizes.request(request);
    if (!outbox.isEmpty() && outboxBytes + size > batchBudget) {
      sendOutbox();
    }
    outbox.add(new Request(id, request));
    outboxBytes += size;
  }

  private Behavior<Message> onReceived(Received received) {
    received.replies().owner().ifPresent(state::ownerHint);
    for (Outcome outcome : received.replies().outcomes()) {
      Pending<?, ?> pending = inFlight.remove(outcome.id());
      if (pending == null) {
        continue; // timed out already
      }
      if (outcome.error().isPresent()) {
        completions.add(pending.failing(
            StoreFailures.refused(pending.operation, pending.key, outcome.error().get())));
      } else if (outcome.reply().isPresent()) {
        completions.add(pending.succeeding(outcome.reply().get()));
      } else {
        getContext().getLog().error(
            "Shared store manager at [{}] sent a malformed answer to {} of key {} (neither a reply"
                + " nor an error); the call fails", managerAddress, pending.operation,
            KeyRules.show(pending.key));
        completions.add(pending.failing(
            new StoreException(pending.operation, pending.key,
                pending.operation + " of key " + KeyRules.show(pending.key) + ": the manager at "
                    + managerAddress + " sent a malformed answer (neither a reply nor an error)",
                null)));
      }
    }
    completions.dispatch();
    return this;
  }

  private boolean waiting(long id) {
    return inFlight.containsKey(id);
  }

  private void armTimeoutCheck(long deadline, long now) {
    timeoutArmed = true;
    timeoutArmedAtNanos = deadline;
    timers.startSingleTimer(
        TimeoutCheck.INSTANCE, Duration.ofNanos(Math.max(deadline - now, 1_000_000)));
  }

  /** Every call past its deadline fails with StoreTimeoutException; a late answer is dropped. */
  private Behavior<Message> onTimeoutCheck() {
    timeoutArmed = false;
    long now = nanoClock.getAsLong();
    long earliest = deadlines.expire(now, this::waiting, this::timedOut);
    if (earliest != Long.MAX_VALUE) {
      armTimeoutCheck(earliest, now);
    }
    completions.dispatch();
    return this;
  }

  private void timedOut(long id) {
    Pending<?, ?> pending = inFlight.remove(id);
    completions.add(
        pending.failing(StoreFailures.failed(pending, managerAddress, state.situation(), null)));
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

  private Behavior<Message> onHeartbeatTick() {
    long now = nanoClock.getAsLong();
    if (firstUnansweredPingNanos < 0) {
      firstUnansweredPingNanos = now;
    } else if (!probing && now - firstUnansweredPingNanos >= heartbeat.interval().toNanos()
        && (lastProbeNanos == 0 || now - lastProbeNanos >= PROBE_EVERY_NANOS)) {
      probing = true;
      lastProbeNanos = now;
      getContext().pipeToSelf(
          probe.probe(),
          (error, failure) ->
              new Probed(failure != null ? Optional.of(failure.toString()) : error));
    }
    Ping ping = new Ping(pongAddress);
    if (state.phase() == ManagerState.Phase.UNREACHABLE) {
      pingWhileUnreachable.accept(ping);
    } else {
      heartbeatRef.tell(ping);
    }
    return this;
  }

  private Behavior<Message> onPonged(Ponged ponged) {
    Pong pong = ponged.pong();
    if (pong.epoch() == null && !pong.stopping()) {
      if (!memory.malformedPongLogged) {
        memory.malformedPongLogged = true;
        getContext().getLog().error(
            "Shared store manager at [{}] answers heartbeats without an epoch; taken as alive,"
                + " but its restarts cannot be told", managerAddress);
      }
      pong = new Pong(memory.epoch, false);
    }
    if (pong.stopping()) {
      timers.cancel(HeartbeatDeadline.INSTANCE);
      confirming = false;
      becomeUnreachable("the manager is shutting down");
      return this;
    }
    timers.startSingleTimer(HeartbeatDeadline.INSTANCE, heartbeat.timeout());
    firstUnansweredPingNanos = -1;
    confirming = false;
    String previous = memory.epoch;
    if (pong.epoch() != null) {
      memory.epoch = pong.epoch();
    }
    boolean restarted =
        previous != null && memory.epoch != null && !previous.equals(memory.epoch);
    if (restarted) {
      state.restarted(previous, memory.epoch);
    }
    if (pong.incarnation() != null && !pong.incarnation().isEmpty()) {
      if (!restarted && memory.incarnation != null
          && !memory.incarnation.equals(pong.incarnation())) {
        // The same data, but what it held in memory (watch registrations) is gone, and a
        // crash may have taken back changes after its start revision.
        state.restartedOnItsData(pong.startRevision());
      }
      memory.incarnation = pong.incarnation();
    }
    timers.cancel(ConnectDeadline.INSTANCE);
    state.transportError("");
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
    becomeUnreachable("no answer to heartbeats for " + heartbeat.timeout().toMillis() + " ms"
        + transportErrorNote());
    return this;
  }

  /** The manager never answered within connect-timeout: calls fail at once from now on. */
  private Behavior<Message> onConnectDeadline() {
    if (state.phase() == ManagerState.Phase.CONNECTING) {
      becomeUnreachable("no answer within connect-timeout " + heartbeat.connectTimeout().toMillis()
          + " ms of connecting" + transportErrorNote());
    }
    return this;
  }

  private Behavior<Message> onProbed(Probed probed) {
    probing = false;
    if (state.phase() != ManagerState.Phase.REACHABLE) {
      state.transportError(probed.error().orElse(""));
    }
    return this;
  }

  private String transportErrorNote() {
    String error = state.lastTransportError();
    return error.isEmpty() ? "" : "; last transport error: " + error;
  }

  /**
   * Something failed inside this actor (its supervisor logged it at ERROR): every call in flight
   * fails now, so none waits for an answer the restarted connection will not know of.
   */
  private Behavior<Message> onPreRestart() {
    getContext().getLog().error(
        "Shared store connection to [{}] failed and restarts; failing [{}] calls in flight",
        managerAddress, inFlight.size());
    for (Pending<?, ?> pending : inFlight.values()) {
      completions.add(pending.failing(
          new StoreException(pending.operation, pending.key,
              pending.operation + " of key " + KeyRules.show(pending.key)
                  + ": the client's connection to the manager at " + managerAddress
                  + " failed (logged at ERROR) before the answer came; a write may or may not"
                  + " have been applied", null)));
    }
    inFlight.clear();
    deadlines.clear();
    completions.dispatch(); // with what the failed message had settled before it failed
    if (calls != null) {
      // A drain that failed half-way left the flag set: the restarted connection goes on with
      // the calls still queued (a spare drain, when none are, finds nothing and is harmless).
      getContext().getSelf().tell(new Drain(calls));
    }
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
      completions.add(pending.failing(state.inFlightFailure(pending)));
    }
    inFlight.clear();
    deadlines.clear();
    completions.dispatch();
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

  private Behavior<Message> onLeftSlotMap() {
    leftSlotMap = true;
    return Behaviors.stopped();
  }

  private Behavior<Message> onStopped() {
    // The manager logs that this client left, rather than later that its heartbeats stopped.
    heartbeatRef.<Object>unsafeUpcast().tell(new ClientLeaving(pongAddress));
    for (Pending<?, ?> pending : inFlight.values()) {
      completions.add(pending.failing(stoppedBeforeAnswer(pending, true)));
    }
    inFlight.clear();
    deadlines.clear();
    if (calls != null) {
      Pending<?, ?> queued;
      while ((queued = calls.poll()) != null) {
        completions.add(queued.failing(stoppedBeforeAnswer(queued, false)));
      }
    }
    completions.dispatch();
    return this;
  }

  /** Why a call held when this actor stopped fails; {@code sent}: it may have been applied. */
  private StoreException stoppedBeforeAnswer(Pending<?, ?> pending, boolean sent) {
    if (leftSlotMap) {
      return new StoreUnavailableException(pending.operation, pending.key, managerAddress,
          Instant.now(), "the node left the slot map before the answer came", sent,
          pending.requestId);
    }
    return closedBeforeAnswer(pending);
  }

  private static StoreException closedBeforeAnswer(Pending<?, ?> pending) {
    return new StoreException(pending.operation, pending.key,
        pending.operation + " of key " + KeyRules.show(pending.key)
            + ": the client was closed before the answer came", null);
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
