package io.sharedstore.cluster;

import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.SlotMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Keeps a client's {@link NodeConnections} routed by the store's current slot map: asks a node
 * ({@link GetSlotMap}, one ask at a time, reachable nodes first, the next node after one that
 * did not answer within {@code ask-timeout}) at once, then after each answer or failure as
 * {@link SlotMapRefresh} says.
 *
 * <p>A node that answers {@link SlotMap#NOT_A_CLUSTER} is a single manager: the client is its
 * client from then on and this actor asks no more. Nor does it when a client given one address got no
 * map within {@code connect-timeout} (a manager that does not know the message): the client
 * stays that manager's, as before slots existed. A cluster's client that hears {@code
 * NOT_A_CLUSTER} from a node later ignores it (a node restarted alone is not the cluster).
 */
final class SlotMapRefresher extends AbstractBehavior<SlotMapRefresher.Message> {

  interface Message {}

  private enum Tick implements Message {
    INSTANCE
  }

  /** Stop asking: the client closes. */
  enum Stop implements Message {
    INSTANCE
  }

  private record Answered(String node, SlotMap map, Throwable failure) implements Message {}

  /** What an answer makes the client do. */
  enum Step {
    /** The node is a single manager: route everything to it and stop asking. */
    SINGLE,
    /** A cluster's map: route by it. */
    APPLY,
    /** A single manager's answer within a cluster: not the cluster's map. */
    IGNORE
  }

  private final NodeConnections nodes;
  private final SlotMapRefresh refresh;
  private final Duration connectTimeout;
  private final boolean singleSeed;
  private final TimerScheduler<Message> timers;
  private final long startNanos = System.nanoTime();
  private int attempt;
  private boolean asking;

  private SlotMapRefresher(ActorContext<Message> context, TimerScheduler<Message> timers,
      NodeConnections nodes, SlotMapRefresh refresh, Duration connectTimeout,
      boolean singleSeed) {
    super(context);
    this.timers = timers;
    this.nodes = nodes;
    this.refresh = refresh;
    this.connectTimeout = connectTimeout;
    this.singleSeed = singleSeed;
  }

  /**
   * Refreshes {@code nodes}' map; {@code singleSeed}: the client was given one address.
   */
  static Behavior<Message> create(NodeConnections nodes, SlotMapRefresh refresh,
      Duration connectTimeout, boolean singleSeed) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSelf().tell(Tick.INSTANCE);
      return new SlotMapRefresher(context, timers, nodes, refresh, connectTimeout, singleSeed);
    }));
  }

  /** What an answer {@code map} means for a client that is ({@code cluster}) or not in one. */
  static Step onAnswer(boolean cluster, SlotMap map) {
    if (map.slots() == 0) {
      return cluster ? Step.IGNORE : Step.SINGLE;
    }
    return Step.APPLY;
  }

  /**
   * Whether a client stops looking for a map after a failed ask: given one address, it never
   * saw one and asked for {@code connect-timeout}.
   */
  static boolean givesUp(boolean singleSeed, boolean mapSeen, Duration asked,
      Duration connectTimeout) {
    return singleSeed && !mapSeen && asked.compareTo(connectTimeout) >= 0;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Answered.class, this::onAnswered)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Message> onTick() {
    if (asking) {
      return this;
    }
    List<NodeLink> candidates = candidates();
    NodeLink link = candidates.get(Math.floorMod(attempt, candidates.size()));
    asking = true;
    getContext().ask(SlotMap.class, link.store(), refresh.askTimeout(), GetSlotMap::new,
        (map, failure) -> new Answered(link.address(), map, failure));
    return this;
  }

  /** The links to ask, reachable ones first. */
  private List<NodeLink> candidates() {
    List<NodeLink> reachable = new ArrayList<>();
    List<NodeLink> others = new ArrayList<>();
    for (NodeLink link : nodes.links()) {
      (link.state().isReachable() ? reachable : others).add(link);
    }
    reachable.addAll(others);
    return reachable;
  }

  private Behavior<Message> onAnswered(Answered answered) {
    asking = false;
    boolean cluster = nodes.mode() == NodeConnections.Mode.CLUSTER;
    if (answered.map() == null) {
      attempt++;
      getContext().getLog().debug("No slot map from [{}]: {}", answered.node(),
          answered.failure() == null ? "no answer" : answered.failure().toString());
      if (givesUp(singleSeed, cluster,
          Duration.ofNanos(System.nanoTime() - startNanos), connectTimeout)) {
        getContext().getLog().debug("No slot map from [{}] within the connect-timeout: a single"
            + " manager", answered.node());
        return idle();
      }
      return scheduleNext();
    }
    switch (onAnswer(cluster, answered.map())) {
      case SINGLE:
        getContext().getLog().debug("[{}] is a single manager", answered.node());
        nodes.becomeSingle(answered.node());
        return idle();
      case APPLY:
        try {
          SlotTable table = SlotTable.of(answered.map());
          nodes.apply(table);
        } catch (IllegalArgumentException e) {
          getContext().getLog().error("A malformed slot map from [{}] was ignored: {}",
              answered.node(), e.getMessage());
          attempt++;
        }
        return scheduleNext();
      default:
        attempt++;
        return scheduleNext();
    }
  }

  /** Asks no more; stops when the client closes. */
  private static Behavior<Message> idle() {
    return Behaviors.receiveMessage(
        message -> message == Stop.INSTANCE ? Behaviors.stopped() : Behaviors.same());
  }

  private Behavior<Message> scheduleNext() {
    timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE,
        refresh.nextDelay(nodes.table(), nodes.anyNotReachable()));
    return this;
  }
}
