package io.sharedstore.sharding;

import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.NodeHeartbeat;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.Timeline;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.GetClusterInfo;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationNames;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.protocol.WatchCommand;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.pattern.StatusReply;

/**
 * A store node's front, at {@code /user/store} as a single manager's store is, so clients speak
 * to it the same way: it sends each request of a {@link Batch} to its key's slot ({@link
 * SlotSharding}), one sub-batch per slot in the batch's order, with the client's own {@code
 * replyTo} (the slots answer the client directly, by id; a slot on another node adds its owner
 * to its answers, {@link RoutedBatch}); an {@link Execute} likewise. Requests
 * for slots this node does not serve go to their owner through the sharding, so any node answers
 * any request. What spans slots is gathered by a child ({@link Gather}, {@link ScanGather}):
 * {@code getAll} over several slots, {@code scan} slot after slot (the cursor names the slot),
 * {@code stats}, {@code size} and {@code deleteAll} over every slot. A {@code setAll} whose keys
 * are in more than one slot is refused, changing nothing, unless they share a {@code {tag}}
 * (Redis refuses it with CROSSSLOT). Watch commands go to the node's {@link NodeWatches}, which
 * watches every slot. Pings go to its heartbeat child; {@link GetSlotMap} and
 * {@link GetClusterInfo} are answered from the {@link SlotMapView} child. {@link
 * StoreActor.GetTimeline} (the status page's) is answered with an empty {@link Timeline}: a store
 * node has no single timeline (each slot's engine counts its own operations, and none is
 * gathered), so the page shows no per-second history there instead of failing. Once this node
 * is Up it starts every slot ({@link #onSelfUp}).
 *
 * <p>State: none of the data (the slots hold it); the gathers under way, lost when it stops
 * (their callers time out).
 */
public final class SlotRouter extends AbstractBehavior<Command> {

  private final SlotSharding sharding;
  private final KeySlots keySlots;
  private final Duration gatherTimeout;
  private final long maxValueSize;
  private final ActorRef<Ping> heartbeat;
  private final ActorRef<SlotMapView.Message> slotMap;
  private long gathers;
  /** The warm-up's progress: when it began (nanos), how many slots have answered. */
  private long warmingSince;
  private int warmAnswered;
  private final ActorRef<Replies> ignored;
  /** This node, {@code host:port}: a slot elsewhere answers with an owner hint. */
  private final String self;
  /** The node's watches, or null: watch commands are dropped (a router without watches). */
  private final ActorRef<Command> watches;

  /** This node is Up in the cluster: time to start every slot (see {@link #onSelfUp}). */
  private record SelfIsUp() implements Command {}

  /** This node begins to stop (CoordinatedShutdown's first phase): tell the clients now. */
  private enum Stopping implements Command {
    INSTANCE
  }

  /** Slots no node serves now (after a node left or crashed): start them. */
  record Unplaced(List<Integer> slots) implements Command {}

  /** An answer nobody waits for. */
  private enum Ignored implements Command {
    INSTANCE
  }

  /** A slot answered the warm-up. */
  private record Warmed(Replies replies) implements Command {}

  /**
   * The front of {@code sharding}'s slots.
   *
   * @param sharding the slots, started on this node
   * @param epoch what the heartbeat's pongs carry
   * @param gatherTimeout how long a gather waits for its slots before it gives up silently (the
   *     caller's own timeout answers it)
   * @param maxValueSize the largest answer a gathered getAll may make, in value bytes
   * @return the behavior, to spawn as {@link ManagerAddress#STORE_NAME}
   */
  public static Behavior<Command> create(
      SlotSharding sharding, String epoch, Duration gatherTimeout, long maxValueSize) {
    return Behaviors.setup(context -> new SlotRouter(context, sharding, epoch, gatherTimeout,
        maxValueSize, null));
  }

  /**
   * As above, passing every watch command (and the heartbeat's news of clients) to {@code
   * watches}, the node's {@link NodeWatches}.
   */
  static Behavior<Command> create(SlotSharding sharding, String epoch, Duration gatherTimeout,
      long maxValueSize, ActorRef<Command> watches) {
    return Behaviors.setup(context -> new SlotRouter(context, sharding, epoch, gatherTimeout,
        maxValueSize, watches));
  }

  private SlotRouter(ActorContext<Command> context, SlotSharding sharding, String epoch,
      Duration gatherTimeout, long maxValueSize, ActorRef<Command> watches) {
    super(context);
    this.watches = watches;
    this.sharding = sharding;
    this.keySlots = new KeySlots(sharding.slots());
    this.gatherTimeout = gatherTimeout;
    this.maxValueSize = maxValueSize;
    this.heartbeat = context.spawn(NodeHeartbeat.create(epoch,
        watches != null ? watches : context.getSelf()), ManagerAddress.HEARTBEAT_NAME);
    this.slotMap = context.spawn(SlotMapView.create(sharding.shards(), sharding.durability(),
        context.getSelf()), "slot-map");
    this.ignored = context.messageAdapter(Replies.class, replies -> Ignored.INSTANCE);
    this.self = SlotEntity.selfNode(context);
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(SelfUp.class, up -> new SelfIsUp()), SelfUp.class));
    ActorRef<Command> self = context.getSelf();
    CoordinatedShutdown.get(context.getSystem()).addTask(
        CoordinatedShutdown.PhaseBeforeServiceUnbind(), "shared-store-stopping-notice", () -> {
          self.tell(Stopping.INSTANCE);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Execute.class, this::onExecute)
        .onMessage(Ping.class, this::onPing)
        .onMessage(GetSlotMap.class, this::onGetSlotMap)
        .onMessage(GetClusterInfo.class, this::onGetClusterInfo)
        .onMessage(WatchCommand.class, this::onWatchCommand)
        .onMessage(StoreActor.GetTimeline.class, this::onGetTimeline)
        .onMessage(SelfIsUp.class, up -> onSelfUp())
        .onMessage(Warmed.class, this::onWarmed)
        .onMessageEquals(Stopping.INSTANCE, this::onStopping)
        .onMessage(Unplaced.class, this::onUnplaced)
        .onMessageEquals(Ignored.INSTANCE, () -> this)
        .build();
  }

  private Behavior<Command> onBatch(Batch batch) {
    if (batch.requests() == null || batch.replyTo() == null) {
      getContext().getLog().warn("Dropped a batch without requests or replyTo");
      return this;
    }
    Map<Integer, List<Request>> perSlot = new LinkedHashMap<>();
    List<Outcome> answeredHere = new ArrayList<>();
    for (Request request : batch.requests()) {
      Operation<?> operation = request == null ? null : request.operation();
      long id = request == null ? -1 : request.id();
      if (operation == null || !Batch.answersAtOnce(operation)) {
        answeredHere.add(Outcome.refused(id, Refusal.INVALID.describe(
            "batch refused a request that does not answer at once: " + operation)));
      } else if (operation instanceof Operation.Echo) {
        answeredHere.add(Outcome.success(id, new Reply.Echoed()));
      } else if (operation instanceof Operation.Scan scan) {
        scan(id, scan, batch.replyTo());
      } else if (operation instanceof Operation.GetStats) {
        gather(Gather.stats(sharding.slots()), Gather.answerTo(batch.replyTo(), id));
      } else if (operation instanceof Operation.GetAll getAll) {
        getAll(request, getAll, perSlot, batch.replyTo());
      } else if (operation instanceof Operation.SetAll setAll) {
        setAll(request, setAll, perSlot).ifPresent(answeredHere::add);
      } else {
        perSlot.computeIfAbsent(keySlots.slotOf(OperationNames.subject(operation)),
            slot -> new ArrayList<>()).add(request);
      }
    }
    perSlot.forEach((slot, requests) ->
        sharding.slot(slot).tell(new RoutedBatch(new Batch(requests, batch.replyTo()), self)));
    if (!answeredHere.isEmpty()) {
      batch.replyTo().tell(new Replies(answeredHere));
    }
    return this;
  }

  private void getAll(Request request, Operation.GetAll getAll,
      Map<Integer, List<Request>> perSlot, ActorRef<Replies> replyTo) {
    Map<Integer, List<String>> keysBySlot = new LinkedHashMap<>();
    for (String key : getAll.keys()) {
      keysBySlot.computeIfAbsent(keySlots.slotOf(key == null ? "" : key),
          slot -> new ArrayList<>()).add(key);
    }
    if (keysBySlot.size() <= 1) {
      int slot = keysBySlot.isEmpty() ? 0 : keysBySlot.keySet().iterator().next();
      perSlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(request);
      return;
    }
    gather(Gather.getAll(keysBySlot, maxValueSize), Gather.answerTo(replyTo, request.id()));
  }

  /** A setAll in one slot goes there; one across slots is refused here (empty: sent). */
  private java.util.Optional<Outcome> setAll(Request request, Operation.SetAll setAll,
      Map<Integer, List<Request>> perSlot) {
    TreeSet<Integer> slots = new TreeSet<>();
    for (String key : setAll.entries().keySet()) {
      slots.add(keySlots.slotOf(key == null ? "" : key));
    }
    if (slots.size() > 1) {
      return java.util.Optional.of(Outcome.refused(request.id(), Refusal.INVALID.describe(
          "setAll refused: its keys are in more than one slot " + slots
              + " (a cluster applies a setAll within one slot only; keys that share a {tag}"
              + " share a slot)")));
    }
    int slot = slots.isEmpty() ? 0 : slots.first();
    perSlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(request);
    return java.util.Optional.empty();
  }

  private void scan(long id, Operation.Scan scan, ActorRef<Replies> replyTo) {
    java.util.Optional<ScanGather.Position> start =
        ScanGather.Position.parse(scan.cursor(), sharding.slots());
    if (start.isEmpty()) {
      replyTo.tell(new Replies(List.of(Outcome.refused(id, Refusal.INVALID.describe(
          "scan refused: cursor [" + scan.cursor() + "] is not one this cluster gave")))));
      return;
    }
    getContext().spawn(ScanGather.create(sharding, scan, start.get(), id, replyTo,
        gatherTimeout), "scan-" + (++gathers));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Command> onExecute(Execute<?> execute) {
    if (execute.replyTo() == null || execute.operation() == null) {
      getContext().getLog().warn("Dropped [{}]: it has no replyTo or operation", execute);
      return this;
    }
    Operation<?> operation = execute.operation();
    ActorRef<StatusReply<Reply>> replyTo = (ActorRef) execute.replyTo();
    if (operation instanceof Operation.Size) {
      gather(Gather.size(sharding.slots()), Gather.answerTo(replyTo));
    } else if (operation instanceof Operation.DeleteAll deleteAll) {
      gather(Gather.deleteAll(sharding.slots(), deleteAll), Gather.answerTo(replyTo));
    } else if (operation instanceof Operation.GetInfo) {
      gather(Gather.info(sharding.slots()), Gather.answerTo(replyTo));
    } else {
      sharding.slot(keySlots.slotOf(OperationNames.subject(operation))).tell(execute);
    }
    return this;
  }

  private void gather(Gather.Plan plan, Gather.Answer answer) {
    getContext().spawn(Gather.create(sharding, plan, answer, gatherTimeout),
        "gather-" + (++gathers));
  }

  /**
   * Starts every slot once this node is Up: a slot not yet placed is placed (on whichever node
   * the coordinator picks) and one on the journal recovers, before clients ask for it, so the
   * first calls do not wait for a thousand placements and recoveries at once. Every node does it
   * (only the first placement of a slot costs); logs when all have answered.
   */
  private Behavior<Command> onSelfUp() {
    warmingSince = System.nanoTime();
    ActorRef<Replies> answered = getContext().messageAdapter(Replies.class, Warmed::new);
    for (int slot = 0; slot < sharding.slots(); slot++) {
      sharding.slot(slot).tell(new Batch(
          List.of(new Request(slot, new Operation.Echo())), answered));
    }
    return this;
  }

  /**
   * Starts the slots no node serves, once this node's own warm-up is done: a slot whose node
   * left or crashed starts again only when a message reaches it, and until then its clients
   * see it unserved (and a slot in memory handed over waits to claim its copy).
   */
  private Behavior<Command> onUnplaced(Unplaced unplaced) {
    if (warmAnswered < sharding.slots()) {
      return this;
    }
    for (int slot : unplaced.slots()) {
      sharding.slot(slot).tell(new Batch(List.of(new Request(slot, new Operation.Echo())),
          ignored));
    }
    return this;
  }

  private Behavior<Command> onWarmed(Warmed warmed) {
    warmAnswered += warmed.replies().outcomes().size();
    if (warmAnswered == sharding.slots()) {
      getContext().getLog().info("All [{}] slots answered [{}] ms after this node was Up",
          sharding.slots(), (System.nanoTime() - warmingSince) / 1_000_000);
    }
    return this;
  }

  /**
   * Stops the heartbeat at the start of this node's shutdown, before its slots hand off: it
   * tells every client at once that this node stops, so their calls in flight here fail fast
   * and they send the next ones elsewhere, instead of waiting out their timeouts for answers
   * the handoff may drop. Later pings find no heartbeat and go unanswered.
   */
  private Behavior<Command> onStopping() {
    getContext().stop(heartbeat);
    return this;
  }

  private Behavior<Command> onPing(Ping ping) {
    heartbeat.tell(ping);
    return this;
  }

  private Behavior<Command> onGetTimeline(StoreActor.GetTimeline get) {
    get.replyTo().tell(new Timeline(List.of()));
    return this;
  }

  private Behavior<Command> onWatchCommand(WatchCommand command) {
    if (watches != null) {
      watches.tell(command);
    }
    return this;
  }

  private Behavior<Command> onGetSlotMap(GetSlotMap get) {
    if (get.replyTo() != null) {
      slotMap.tell(new SlotMapView.Get(get.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onGetClusterInfo(GetClusterInfo get) {
    if (get.replyTo() != null) {
      slotMap.tell(new SlotMapView.GetInfo(get.replyTo()));
    }
    return this;
  }

  /** The slot map's type, for the view child. */
  static SlotMap emptyMap(int slots) {
    return new SlotMap(slots, List.of(), java.util.Collections.nCopies(slots, -1), List.of());
  }
}
