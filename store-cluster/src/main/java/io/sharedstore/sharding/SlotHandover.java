package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * How a slot in memory ({@code durability = none}) keeps its data when it moves on purpose (a
 * node leaving gracefully, a rebalance): one per store node, found by the others through the
 * receptionist. The slot that stops for a handoff gives its state to its node's handover ({@link
 * HandOver}), which parks a copy on every other store node that is Up and reachable, in chunks within the frame size, and
 * answers once every one has acknowledged every chunk (or after {@link #ACK_TIMEOUT}); only then
 * does the slot stop, so only then does the sharding start it elsewhere, and there it {@link
 * Claim}s the copy from its own node's handover and tells every handover to {@link Drop} theirs.
 * A copy never claimed is dropped after {@link #PARKED_FOR}. A crash hands nothing over: the
 * slot starts empty elsewhere.
 *
 * <p>State: the parked copies and the handovers under way, in memory.
 */
final class SlotHandover extends AbstractBehavior<SlotHandover.Message> {

  /** The receptionist's key of the store nodes' handovers. */
  static final ServiceKey<Message> KEY = ServiceKey.create(Message.class, "shared-store-slot-handover");

  /** How long a handover waits for the others' acknowledgements before it gives up. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

  /** How long a parked copy is kept for a slot that does not claim it. */
  static final Duration PARKED_FOR = Duration.ofMinutes(5);

  /** A chunk's budget of entry bytes, well within the frame size (1,088 KiB). */
  static final long CHUNK_BYTES = 512 * 1024;

  /** A message a handover takes. */
  interface Message {}

  /** From a stopping slot on this node: park its state elsewhere, then answer {@code done}. */
  record HandOver(int slot, SlotSnapshot state, ActorRef<HandedOver> done) implements Message {}

  /**
   * The answer to {@link HandOver}.
   *
   * @param copies how many nodes acknowledged the whole state
   * @param of how many other nodes there were
   */
  record HandedOver(int copies, int of) {}

  /** From a starting slot on this node: the parked state, if any. */
  record Claim(int slot, ActorRef<Claimed> replyTo) implements Message {}

  /** The answer to {@link Claim}: the whole parked state, or empty. */
  record Claimed(Optional<SlotSnapshot> state) {}

  /**
   * Between nodes: one chunk of a slot's state to park ({@code part} of {@code parts}; the first
   * carries the revision and the retry memory).
   */
  record Park(int slot, int part, int parts, SlotSnapshot chunk, ActorRef<Message> from)
      implements Message {}

  /** Between nodes: a chunk is parked at {@code node} (its ActorSystem's address). */
  record Parked(int slot, int part, String node) implements Message {}

  /** Between nodes: the slot has started with its state; forget the copy. */
  record Drop(int slot) implements Message {}

  private record Listed(Receptionist.Listing listing) implements Message {}

  private record AckTimeout(int slot) implements Message {}

  private record Expire(int slot) implements Message {}

  /** A copy being parked here (chunks by part). */
  private static final class Parking {
    final SlotSnapshot[] chunks;
    int received;

    Parking(int parts) {
      chunks = new SlotSnapshot[parts];
    }

    Optional<SlotSnapshot> whole() {
      if (received < chunks.length) {
        return Optional.empty();
      }
      List<Change.Written> entries = new ArrayList<>();
      for (SlotSnapshot chunk : chunks) {
        entries.addAll(chunk.entries());
      }
      return Optional.of(new SlotSnapshot(chunks[0].revision(), entries, chunks[0].remembered()));
    }
  }

  /** A handover under way from this node: the acknowledgements still awaited. */
  private record Outgoing(Set<String> awaited, int peers, ActorRef<HandedOver> done) {}

  private final TimerScheduler<Message> timers;
  private final Map<Integer, Parking> parked = new HashMap<>();
  private final Map<Integer, Outgoing> outgoing = new HashMap<>();
  private Set<ActorRef<Message>> peers = Set.of();

  static Behavior<Message> create() {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      context.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          context.messageAdapter(Receptionist.Listing.class, Listed::new)));
      return new SlotHandover(context, timers);
    }));
  }

  private SlotHandover(ActorContext<Message> context, TimerScheduler<Message> timers) {
    super(context);
    this.timers = timers;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Listed.class, this::onListed)
        .onMessage(HandOver.class, this::onHandOver)
        .onMessage(Park.class, this::onPark)
        .onMessage(Parked.class, this::onParked)
        .onMessage(AckTimeout.class, this::onAckTimeout)
        .onMessage(Claim.class, this::onClaim)
        .onMessage(Drop.class, this::onDrop)
        .onMessage(Expire.class, expire -> onDrop(new Drop(expire.slot())))
        .build();
  }

  private Behavior<Message> onListed(Listed listed) {
    Set<ActorRef<Message>> others = new HashSet<>(listed.listing().getServiceInstances(KEY));
    others.remove(getContext().getSelf());
    peers = others;
    return this;
  }

  /** The handovers of the other members that are Up and reachable now. */
  private Set<ActorRef<Message>> livePeers() {
    Cluster cluster = Cluster.get(getContext().getSystem());
    Set<Address> live = new HashSet<>();
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up()) {
        live.add(member.address());
      }
    }
    for (Member member : cluster.state().getUnreachable()) {
      live.remove(member.address());
    }
    Set<ActorRef<Message>> chosen = new HashSet<>();
    for (ActorRef<Message> peer : peers) {
      if (live.contains(peer.path().address())) {
        chosen.add(peer);
      }
    }
    return chosen;
  }

  private Behavior<Message> onHandOver(HandOver handOver) {
    List<SlotSnapshot> chunks = chunks(handOver.state());
    Set<String> awaited = new HashSet<>();
    Set<ActorRef<Message>> peers = livePeers();
    for (ActorRef<Message> peer : peers) {
      for (int part = 0; part < chunks.size(); part++) {
        peer.tell(new Park(handOver.slot(), part, chunks.size(), chunks.get(part),
            getContext().getSelf()));
        awaited.add(peer.path().address() + "#" + part);
      }
    }
    if (awaited.isEmpty()) {
      getContext().getLog().warn("Slot [{}] has no other live store node to hand its [{}]"
          + " entries over to (handovers known: {}): they go with it", handOver.slot(),
          handOver.state().entries().size(), this.peers);
      handOver.done().tell(new HandedOver(0, 0));
      return this;
    }
    outgoing.put(handOver.slot(), new Outgoing(awaited, peers.size(), handOver.done()));
    timers.startSingleTimer("ack-" + handOver.slot(), new AckTimeout(handOver.slot()),
        ACK_TIMEOUT);
    getContext().getLog().info("Handing slot [{}] over: [{}] entries in [{}] chunks to [{}] nodes",
        handOver.slot(), handOver.state().entries().size(), chunks.size(), peers.size());
    return this;
  }

  private Behavior<Message> onPark(Park park) {
    Parking parking = parked.get(park.slot());
    if (parking == null || parking.chunks.length != park.parts()) {
      parking = new Parking(park.parts());
      parked.put(park.slot(), parking);
      timers.startSingleTimer("expire-" + park.slot(), new Expire(park.slot()), PARKED_FOR);
    }
    if (parking.chunks[park.part()] == null) {
      parking.chunks[park.part()] = park.chunk();
      parking.received++;
    }
    park.from().tell(new Parked(park.slot(), park.part(),
        getContext().getSystem().address().toString()));
    return this;
  }

  private Behavior<Message> onParked(Parked parked) {
    Outgoing out = outgoing.get(parked.slot());
    if (out == null) {
      return this;
    }
    out.awaited().remove(parked.node() + "#" + parked.part());
    if (out.awaited().isEmpty()) {
      outgoing.remove(parked.slot());
      timers.cancel("ack-" + parked.slot());
      out.done().tell(new HandedOver(out.peers(), out.peers()));
    }
    return this;
  }

  private Behavior<Message> onAckTimeout(AckTimeout timeout) {
    Outgoing out = outgoing.remove(timeout.slot());
    if (out != null) {
      int parts = out.awaited().size();
      getContext().getLog().warn("Slot [{}] handed over without [{}] acknowledgements after [{}]:"
          + " its data may be lost if it starts on a node that did not get it",
          timeout.slot(), parts, ACK_TIMEOUT);
      out.done().tell(new HandedOver(0, out.peers()));
    }
    return this;
  }

  private Behavior<Message> onClaim(Claim claim) {
    Parking parking = parked.get(claim.slot());
    Optional<SlotSnapshot> whole = parking == null ? Optional.empty() : parking.whole();
    claim.replyTo().tell(new Claimed(whole));
    if (whole.isPresent()) {
      for (ActorRef<Message> peer : peers) {
        peer.tell(new Drop(claim.slot()));
      }
      onDrop(new Drop(claim.slot()));
    }
    return this;
  }

  private Behavior<Message> onDrop(Drop drop) {
    parked.remove(drop.slot());
    timers.cancel("expire-" + drop.slot());
    return this;
  }

  /** The state in chunks of at most {@link #CHUNK_BYTES} of entries (at least one chunk). */
  static List<SlotSnapshot> chunks(SlotSnapshot state) {
    List<SlotSnapshot> chunks = new ArrayList<>();
    List<Change.Written> chunk = new ArrayList<>();
    long bytes = 0;
    for (Change.Written entry : state.entries()) {
      long size = StoreEngine.estimate(entry.key(), entry.value().unsafeArray(),
          entry.deadlineMillis().isPresent());
      if (!chunk.isEmpty() && bytes + size > CHUNK_BYTES) {
        chunks.add(new SlotSnapshot(state.revision(), chunk,
            chunks.isEmpty() ? state.remembered() : List.of()));
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(entry);
      bytes += size;
    }
    chunks.add(new SlotSnapshot(state.revision(), chunk,
        chunks.isEmpty() ? state.remembered() : List.of()));
    return chunks;
  }
}
