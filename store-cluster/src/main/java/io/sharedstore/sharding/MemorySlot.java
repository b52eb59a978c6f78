package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * A slot with durability {@code none}: its engine in memory only, answering each message at
 * once. With a {@link SlotHandover} (on a store node) its data moves with it when it moves on
 * purpose: it starts by claiming what its previous owner handed over (stashing requests until
 * then), and on {@link SlotEntity.Stop} it hands its state over and stops once the other nodes
 * hold it, refusing every request that reaches it meanwhile with the {@link Refusal#MOVING} code
 * (a write after the copy would be lost). A crash loses it: the slot starts empty elsewhere.
 */
final class MemorySlot extends AbstractBehavior<Command> {

  /** How long a starting slot waits for its node's handover (a local actor) to answer. */
  private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
  /** The most requests a starting slot holds while it claims its state. */
  private static final int STASH = 100_000;

  private final int slot;
  private final SlotCore core;
  private final ActorRef<SlotHandover.Message> handover;
  /** Stopping: its state is handed over, so it takes no request any more. */
  private boolean handingOver;

  /** The handover's answer to the claim (local only). */
  private record Claimed(SlotHandover.Claimed claimed) implements Command {}

  /** The handover's answer to the hand-over (local only). */
  private record HandedOver(SlotHandover.HandedOver handedOver) implements Command {}

  /** A slot in memory without a handover: starts empty, its data goes when it stops. */
  static Behavior<Command> create(int slot, StoreSettings settings, StoreClock clock) {
    return Behaviors.setup(context -> new MemorySlot(context, slot,
        new SlotCore(settings, clock, new StoreEngine(settings)), null));
  }

  /** A slot in memory that claims its state from {@code handover} and hands it over on stop. */
  static Behavior<Command> create(int slot, StoreSettings settings, StoreClock clock,
      ActorRef<SlotHandover.Message> handover, SlotFeed feed) {
    return Behaviors.withStash(STASH, stash -> Behaviors.setup(context -> {
      context.ask(SlotHandover.Claimed.class, handover, CLAIM_TIMEOUT,
          replyTo -> new SlotHandover.Claim(slot, replyTo),
          (claimed, failure) -> new Claimed(claimed != null ? claimed
              : new SlotHandover.Claimed(java.util.Optional.empty())));
      return Behaviors.receive(Command.class)
          .onMessage(Claimed.class, claimed -> {
            boolean fresh = claimed.claimed().state().isEmpty();
            StoreEngine engine = claimed.claimed().state()
                .map(state -> {
                  context.getLog().info("Slot [{}] took over [{}] entries handed over to it",
                      slot, state.entries().size());
                  return state.restore(settings);
                })
                .orElseGet(() -> new StoreEngine(settings));
            SlotCore core = new SlotCore(settings, clock, engine, slot, feed);
            core.started(fresh);
            return stash.unstashAll(new MemorySlot(context, slot, core, handover));
          })
          .onAnyMessage(message -> {
            stash.stash(message);
            return Behaviors.same();
          })
          .build();
    }));
  }

  private MemorySlot(ActorContext<Command> context, int slot, SlotCore core,
      ActorRef<SlotHandover.Message> handover) {
    super(context);
    this.slot = slot;
    this.core = core;
    this.handover = handover;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Batch.class, batch -> onBatch(batch, java.util.Optional.empty()))
        .onMessage(RoutedBatch.class, routed -> onBatch(routed.batch(),
            routed.ownerHint(slot, SlotEntity.selfNode(getContext()))))
        .onMessage(Execute.class, this::onExecute)
        .onMessageEquals(SlotEntity.Sweep.INSTANCE, this::onSweep)
        .onMessageEquals(SlotEntity.Stop.INSTANCE, this::onStop)
        .onMessage(HandedOver.class, handedOver -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onBatch(Batch batch, java.util.Optional<Replies.Owner> owner) {
    if (SlotEntity.dropped(batch, getContext().getLog())) {
      return this;
    }
    if (handingOver) {
      List<Outcome> refused = new ArrayList<>();
      for (Request request : batch.requests()) {
        refused.add(Outcome.refused(request == null ? -1 : request.id(), moving()));
      }
      batch.replyTo().tell(new Replies(refused));
      return this;
    }
    core.batch(batch, owner).answer();
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Command> onExecute(Execute<?> execute) {
    if (SlotEntity.dropped(execute, getContext().getLog())) {
      return this;
    }
    if (handingOver) {
      ((ActorRef) execute.replyTo()).tell(StatusReply.error(moving()));
      return this;
    }
    core.execute(execute).answer();
    return this;
  }

  private String moving() {
    return Refusal.MOVING.describe("slot " + slot + " is moving to another store node and"
        + " changed nothing: retry");
  }

  private Behavior<Command> onSweep() {
    if (handingOver) {
      return this; // the state handed over is the state the new owner starts from
    }
    core.sweep().answer();
    return this;
  }

  /** Without a handover: stop. With one: hand the state over, stop once it answers. */
  private Behavior<Command> onStop() {
    if (handover == null) {
      return Behaviors.stopped();
    }
    getContext().getLog().debug("Slot [{}] stops: handing its state over", slot);
    handingOver = true; // what comes after the copy would be lost: refused instead
    SlotSnapshot state = SlotSnapshot.of(core.engine(), core.nowMillis());
    handover.tell(new SlotHandover.HandOver(slot, state,
        getContext().messageAdapter(SlotHandover.HandedOver.class, HandedOver::new)));
    return this;
  }
}
