package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.Address;
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
 * The store's heartbeat, a child of the {@link StoreActor} at {@code /user/store/heartbeat}: it
 * answers clients' pings with the store's epoch from a mailbox of its own, so a store busy with a
 * long request (a large setAll, a scan) still looks alive; a manager that is dead, frozen or cut
 * off does not. When the store stops (the manager shuts down), this child stops first and tells
 * every client present, so they fail their calls in flight at once.
 *
 * <p>It sees every client come and go, and logs it at INFO with the client's cluster id and
 * address ({@link ClientNames}): its first ping; its {@link ClientLeaving} when it closes; or, if
 * it pings no more for the clients' {@code shared-store.client.heartbeat-timeout}, that its
 * heartbeats stopped (killed, frozen, cut off). Once no client is left at an ActorSystem address
 * (several clients in one application's system share it), it tells the store with {@link
 * ClientGone}, and the store forgets the watches whose {@code replyTo} is at that address.
 *
 * <p>State: the clients present ({@link Pingers}), lost when it stops.
 */
final class StoreHeartbeat extends AbstractBehavior<Object> {

  private static final String SILENCE_KEY = "shared-store.client.heartbeat-timeout";

  /**
   * To the store, from its heartbeat only: no client is present at {@code client} any more (the
   * last one there left or fell silent), so its watches go.
   *
   * @param client the ActorSystem address the clients pinged from
   * @param why what happened, for the log
   * @param left true if the client said it left (ClientLeaving); false if it fell silent
   */
  record ClientGone(Address client, String why, boolean left) implements Command {}

  /**
   * A client pings from {@code client} again (or for the first time): what its heartbeats'
   * silence had marked there is alive.
   *
   * @param client the ActorSystem address it pings from
   */
  record ClientBack(Address client) implements Command {}

  /**
   * From the store, for an info request: fill in the clients section of {@code info} and answer
   * {@code replyTo}. Local only (the store and its child), never sent over the network.
   *
   * @param info the answer so far
   * @param nowMillis the store's wall clock now, to date the pings
   * @param replyTo who asked
   */
  record ListClients(ManagerInfo info, long nowMillis,
      ActorRef<StatusReply<ManagerInfo>> replyTo) {}

  /** Time to look for clients that fell silent. */
  private enum CheckSilence {
    INSTANCE
  }

  private final String epoch;
  private final Ticker ticker;
  private final Duration silence;
  private final Pingers pingers;
  private final TimerScheduler<Object> timers;
  private final ActorRef<Command> store;
  private final long startRevision;
  /** Chosen at every start: tells clients the store restarted even when its epoch stays. */
  private final String incarnation = java.util.UUID.randomUUID().toString();

  /**
   * The heartbeat of the store of {@code epoch}; a client is gone after {@code
   * shared-store.client.heartbeat-timeout} without a ping, and {@code store} is told when no
   * client is left at an address. Its type is that of the pings it answers; it also takes {@link
   * ClientLeaving}, which clients send to the same path.
   */
  static Behavior<Ping> create(String epoch, Ticker ticker, ActorRef<Command> store) {
    return create(epoch, 0, ticker, store);
  }

  /** As above, for a store whose data was at {@code startRevision} when it started. */
  static Behavior<Ping> create(String epoch, long startRevision, Ticker ticker,
      ActorRef<Command> store) {
    return Behaviors.<Object>setup(
            context ->
                start(context, epoch, startRevision, ticker,
                    context.getSystem().settings().config().getDuration(SILENCE_KEY), store))
        .narrow();
  }

  /** As above, with a client gone after {@code silence} without a ping. */
  static Behavior<Object> create(
      String epoch, Ticker ticker, Duration silence, ActorRef<Command> store) {
    return Behaviors.setup(context -> start(context, epoch, 0, ticker, silence, store));
  }

  private static Behavior<Object> start(ActorContext<Object> context, String epoch,
      long startRevision, Ticker ticker, Duration silence, ActorRef<Command> store) {
    return Behaviors.withTimers(
        timers -> new StoreHeartbeat(context, timers, epoch, startRevision, ticker, silence,
            store));
  }

  private StoreHeartbeat(
      ActorContext<Object> context, TimerScheduler<Object> timers, String epoch,
      long startRevision, Ticker ticker, Duration silence, ActorRef<Command> store) {
    super(context);
    context.setLoggerName(StoreHeartbeat.class);
    this.timers = timers;
    this.store = store;
    this.epoch = epoch;
    this.startRevision = startRevision;
    this.ticker = ticker;
    this.silence = silence;
    this.pingers = new Pingers(silence.toNanos());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Ping.class, this::onPing)
        .onMessage(ClientLeaving.class, this::onLeaving)
        .onMessage(ListClients.class, this::onListClients)
        .onMessageEquals(CheckSilence.INSTANCE, this::onCheckSilence)
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  private Behavior<Object> onPing(Ping ping) {
    ActorRef<Pong> client = ping.replyTo();
    if (client == null) {
      getContext().getLog().warn("Dropped a ping without replyTo");
      return this;
    }
    if (pingers.seen(client, ticker.nanos())) {
      getContext().getLog().info("Client of {} connected", ClientNames.describe(client));
      store.tell(new ClientBack(client.path().address()));
      if (!timers.isTimerActive(CheckSilence.INSTANCE)) {
        checkSilenceIn(silence.toNanos());
      }
    }
    client.tell(new Pong(epoch, false, incarnation, startRevision));
    return this;
  }

  private Behavior<Object> onLeaving(ClientLeaving leaving) {
    if (leaving.client() == null) {
      return this;
    }
    if (pingers.left(leaving.client())) {
      getContext().getLog().info(
          "Client of {} left (ClusterClient.close)", ClientNames.describe(leaving.client()));
    }
    // Also when it was not present (it never pinged, or fell silent before): its watches go.
    gone(leaving.client(), "it left", true);
    return this;
  }

  private Behavior<Object> onListClients(ListClients request) {
    long nowNanos = ticker.nanos();
    List<ManagerInfo.Client> listed = new ArrayList<>();
    for (Pingers.Seen seen : pingers.listed(nowNanos, Pingers.LISTED)) {
      ActorPath path = seen.client().path();
      listed.add(new ManagerInfo.Client(path.address().hostPort(), ClientNames.clusterId(path),
          millisAgo(request.nowMillis(), nowNanos, seen.firstNanos()),
          millisAgo(request.nowMillis(), nowNanos, seen.lastNanos())));
    }
    request.replyTo().tell(StatusReply.success(request.info().withClients(
        new ManagerInfo.Clients(pingers.presentCount(nowNanos), listed))));
    return this;
  }

  /** The wall-clock time of a tick {@code thenNanos}, given both clocks now. */
  private static long millisAgo(long nowMillis, long nowNanos, long thenNanos) {
    return nowMillis - Math.max(0, nowNanos - thenNanos) / 1_000_000;
  }

  /** Tells the store when {@code client} was the last one present at its address. */
  private void gone(ActorRef<Pong> client, String why, boolean left) {
    Address address = client.path().address();
    if (!pingers.hasClientsAt(address)) {
      store.tell(new ClientGone(address, why, left));
    }
  }

  /** Logs the clients that fell silent, then waits until the next could. */
  private Behavior<Object> onCheckSilence() {
    long now = ticker.nanos();
    for (ActorRef<Pong> client : pingers.forgetSilent(now)) {
      getContext().getLog().info(
          "Client of {} lost: heartbeats stopped (none for {} ms)",
          ClientNames.describe(client), silence.toMillis());
      gone(client, "its heartbeats stopped", false);
    }
    OptionalLong next = pingers.nanosUntilNextSilence(now);
    if (next.isPresent()) {
      checkSilenceIn(next.getAsLong());
    }
    return this;
  }

  /**
   * Checks just after a client would fall silent: silent means longer than the timeout. At least
   * a millisecond later, so that a ticker and a scheduler that disagree cannot make it spin.
   */
  private void checkSilenceIn(long nanos) {
    timers.startSingleTimer(CheckSilence.INSTANCE, Duration.ofNanos(Math.max(nanos + 1, 1_000_000)));
  }

  private Behavior<Object> onStopped() {
    List<ActorRef<Pong>> clients = pingers.present(ticker.nanos());
    Pong stopping = new Pong(epoch, true, incarnation, startRevision);
    clients.forEach(client -> client.tell(stopping));
    getContext().getLog().info("Store stopping: told [{}] clients", clients.size());
    return this;
  }
}
