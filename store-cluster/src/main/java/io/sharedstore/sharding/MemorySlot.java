package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A slot with durability {@code none}: its engine in memory only, answering each message at
 * once. Its data is lost when it stops (a handoff that carries it is a later slice).
 */
final class MemorySlot extends AbstractBehavior<Command> {

  private final SlotCore core;

  MemorySlot(ActorContext<Command> context, SlotCore core) {
    super(context);
    this.core = core;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Execute.class, this::onExecute)
        .onMessageEquals(SlotEntity.Sweep.INSTANCE, this::onSweep)
        .onMessageEquals(SlotEntity.Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> onBatch(Batch batch) {
    if (SlotEntity.dropped(batch, getContext().getLog())) {
      return this;
    }
    core.batch(batch).answer();
    return this;
  }

  private Behavior<Command> onExecute(Execute<?> execute) {
    if (SlotEntity.dropped(execute, getContext().getLog())) {
      return this;
    }
    core.execute(execute).answer();
    return this;
  }

  private Behavior<Command> onSweep() {
    core.sweep();
    return this;
  }
}
