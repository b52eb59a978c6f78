package io.sharedstore.sharding;

import io.sharedstore.store.CborSerializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Opens this node's {@link PauseFence} after a pause once a majority of the store nodes still
 * count it a member: every {@link #CHECK} while the fence is held it asks the other nodes'
 * confirmers ({@link #KEY}, by the receptionist) {@link StillMember}, and releases the fence when
 * at least half of the others it knew before the pause (with itself, a majority) answer that it
 * is a member they have not downed (nor removed), and it is one in its own view. A node the
 * others downed gets no such answer (they answer no, or have quarantined it and nothing gets
 * through), so its slots hold their messages until it stops; a node that was only slow is
 * confirmed within a round trip. It answers the others' questions the same way.
 *
 * <p>State: the confirmers known, the current round; lost when the node stops.
 */
final class PauseConfirm extends AbstractBehavior<PauseConfirm.Message> {

  /** The confirmers of every store node, by the receptionist. */
  static final ServiceKey<Message> KEY =
      ServiceKey.create(Message.class, "shared-store-pause-confirm");
  /** How often a held fence is looked at (and a round without a majority asked again). */
  static final Duration CHECK = Duration.ofMillis(100);
  private static final long ROUND_NANOS = Duration.ofSeconds(1).toNanos();

  /** What the confirmer takes. */
  sealed interface Message {}

  /**
   * Asks whether the answering node counts {@code address} a member it has not downed.
   *
   * @param round the asker's round, echoed
   * @param address the asker's Pekko address
   * @param replyTo the asker's confirmer
   */
  record StillMember(long round, String address, ActorRef<Message> replyTo)
      implements Message, CborSerializable {}

  /**
   * The answer to {@link StillMember}.
   *
   * @param round the round asked
   * @param member whether the answering node counts the asker a member it has not downed
   * @param from the answering node's Pekko address
   */
  record Answer(long round, boolean member, String from) implements Message, CborSerializable {}

  private record Listed(Receptionist.Listing listing) implements Message {}

  private enum Check implements Message {
    INSTANCE
  }

  private final PauseFence fence;
  private final Cluster cluster;
  private final String self;
  private Set<ActorRef<Message>> confirmers = Set.of();
  /** The other nodes' confirmers the last listing had while the fence was open. */
  private int othersBeforePause;
  private long round;
  private long roundPauses;
  private long roundStarted;
  private boolean asking;
  private final Set<String> confirmed = new HashSet<>();
  private long loggedPauses;

  private PauseConfirm(ActorContext<Message> context, PauseFence fence) {
    super(context);
    this.fence = fence;
    this.cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().address().toString();
  }

  /**
   * The confirmer of {@code fence}; it stops the fence's ticker when it stops.
   *
   * @param fence this node's pause fence
   * @return the behavior, one per store node
   */
  static Behavior<Message> create(PauseFence fence) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.setLoggerName(PauseConfirm.class);
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      context.getSystem().receptionist().tell(Receptionist.subscribe(KEY,
          context.messageAdapter(Receptionist.Listing.class, Listed::new)));
      timers.startTimerWithFixedDelay(Check.INSTANCE, CHECK);
      return new PauseConfirm(context, fence);
    }));
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Listed.class, this::onListed)
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessage(StillMember.class, this::onStillMember)
        .onMessage(Answer.class, this::onAnswer)
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Message> onListed(Listed listed) {
    confirmers = listed.listing().getServiceInstances(KEY);
    if (fence.open()) { // after a pause the listing shrinks as this node learns it was removed
      othersBeforePause = others();
    }
    return this;
  }

  private int others() {
    return (int) confirmers.stream().filter(c -> !c.equals(getContext().getSelf())).count();
  }

  private Behavior<Message> onCheck() {
    if (!fence.held()) {
      return this;
    }
    if (loggedPauses != fence.pauses()) {
      loggedPauses = fence.pauses();
      getContext().getLog().warn("This node was paused for [{}] ms: its slots hold every message"
          + " until a majority of the store nodes confirms it is still a member",
          fence.pausedMillis());
    }
    if (!asking || System.nanoTime() - roundStarted > ROUND_NANOS) {
      startRound();
    }
    return this;
  }

  private void startRound() {
    round++;
    roundPauses = fence.pauses();
    roundStarted = System.nanoTime();
    confirmed.clear();
    asking = true;
    for (ActorRef<Message> confirmer : confirmers) {
      if (!confirmer.equals(getContext().getSelf())) {
        confirmer.tell(new StillMember(round, self, getContext().getSelf()));
      }
    }
    if (needed(othersBeforePause) == 0) {
      release();
    }
  }

  /** Answers needed from {@code others} for a majority of {@code others + 1} nodes. */
  static int needed(int others) {
    return (others + 1) / 2;
  }

  private Behavior<Message> onAnswer(Answer answer) {
    if (!asking || answer.round() != round || !answer.member()) {
      return this;
    }
    confirmed.add(answer.from());
    if (confirmed.size() >= needed(othersBeforePause)) {
      release();
    }
    return this;
  }

  /** Whether a member with {@code status} may still serve its slots: not downed or removed. */
  static boolean standing(MemberStatus status) {
    return status != MemberStatus.down() && status != MemberStatus.removed();
  }

  private void release() {
    if (!standing(cluster.selfMember().status())) {
      return; // downed meanwhile: never serves again
    }
    asking = false;
    if (fence.release(roundPauses)) {
      getContext().getLog().info("This node is still a member ([{}] of [{}] other store nodes"
          + " confirmed it) after a pause of [{}] ms: its slots serve again", confirmed.size(),
          othersBeforePause, fence.pausedMillis());
    }
  }

  private Behavior<Message> onStillMember(StillMember ask) {
    boolean member = false;
    for (Member known : cluster.state().getMembers()) {
      if (known.address().toString().equals(ask.address())) {
        member = standing(known.status());
      }
    }
    ask.replyTo().tell(new Answer(ask.round(), member, self));
    return this;
  }

  private Behavior<Message> onStop() {
    fence.stop();
    if (fence.held()) {
      getContext().getLog().warn("Stops with its pause fence closed: its slots held [{}] messages"
          + " since the pause, neither applied nor answered", fence.heldMessages());
    }
    return this;
  }
}
