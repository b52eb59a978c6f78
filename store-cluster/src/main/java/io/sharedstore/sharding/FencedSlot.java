package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Command;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Puts a slot behind its node's {@link PauseFence}: while the fence is closed (the node was
 * paused and has not yet been confirmed a member) every message for the slot is held, in order,
 * and none reaches it, so a node woken after the others downed it neither answers nor writes
 * what its mailbox kept from before the pause. When the fence opens the held messages go to the
 * slot first, in the order they came, then the ones after them (each goes round the mailbox
 * once: a message that came during the release waits behind the held ones). A sweep tick that
 * comes while holding is dropped (the next one does its work).
 */
final class FencedSlot extends BehaviorInterceptor<Command, Command> {

  /** How often a holding slot looks at the fence again. */
  static final Duration RECHECK = Duration.ofMillis(50);
  /** The most messages a slot holds; the ones after are dropped (their callers time out). */
  static final int MAX_HELD = 100_000;

  private final PauseFence fence;
  private final ArrayDeque<Command> held = new ArrayDeque<>();
  /** Holding, or releasing: messages sent round the mailbox and not yet back. */
  private boolean holding;
  private int inFlight;
  private boolean recheckDue;
  private long dropped;

  /** The fence tick (local only). */
  private enum Recheck implements Command {
    INSTANCE
  }

  /** A held message on its way round the mailbox to the slot (local only). */
  private record Released(Command message) implements Command {}

  private FencedSlot(PauseFence fence) {
    super(Command.class);
    this.fence = fence;
  }

  /** {@code slot} behind {@code fence} (as is if the fence is {@link PauseFence#never()}). */
  static Behavior<Command> around(PauseFence fence, Behavior<Command> slot) {
    return Behaviors.intercept(() -> new FencedSlot(fence), slot);
  }

  @Override
  public Behavior<Command> aroundReceive(TypedActorContext<Command> ctx, Command message,
      ReceiveTarget<Command> target) {
    ActorContext<Command> context = ctx.asJava();
    if (message == Recheck.INSTANCE) {
      recheck(context);
      return Behaviors.same();
    }
    if (message instanceof Released released) {
      inFlight--;
      if (fence.open() && held.isEmpty()) {
        holding = inFlight > 0;
        return target.apply(ctx, released.message());
      }
      hold(context, released.message()); // closed again meanwhile: behind the ones held
      return Behaviors.same();
    }
    if (!holding && fence.open()) {
      return target.apply(ctx, message);
    }
    if (inFlight > 0 && held.isEmpty() && fence.open()) {
      sendRound(context, message); // releasing: behind the released ones
    } else if (hold(context, message)) {
      fence.heldOne();
    }
    return Behaviors.same();
  }

  /** Holds {@code message}: true unless it was dropped (a sweep tick, or too many held). */
  private boolean hold(ActorContext<Command> context, Command message) {
    if (!holding) {
      context.getLog().debug("Holds its messages: this node's pause fence is closed");
    }
    holding = true;
    if (!recheckDue) {
      recheckDue = true;
      context.scheduleOnce(RECHECK, context.getSelf(), Recheck.INSTANCE);
    }
    if (message == SlotEntity.Sweep.INSTANCE) {
      return false;
    }
    if (held.size() < MAX_HELD) {
      held.add(message);
      return true;
    } else if (dropped++ % 10_000 == 0) {
      context.getLog().warn("Dropped [{}] messages while holding [{}]: the pause fence is closed",
          dropped, held.size());
    }
    return false;
  }

  private void recheck(ActorContext<Command> context) {
    recheckDue = false;
    if (!fence.open()) {
      recheckDue = true;
      context.scheduleOnce(RECHECK, context.getSelf(), Recheck.INSTANCE);
      return;
    }
    while (!held.isEmpty()) {
      sendRound(context, held.poll());
    }
    holding = inFlight > 0;
  }

  private void sendRound(ActorContext<Command> context, Command message) {
    inFlight++;
    context.getSelf().tell(new Released(message));
  }
}
