package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Reply;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A slot with durability {@code journal}. The command handler applies each message to the
 * engine (the state, mutable) and, if that changed anything, persists ONE {@link SlotEvent} with
 * those changes and sends the answers only once it is in the journal; a message that changed
 * nothing is answered at once. While an event is being persisted Pekko stashes later commands, so
 * no answer ever shows unpersisted data. The event handler replays an event only in recovery
 * ({@link SlotState} counts which events are already in the engine). Every {@code snapshot-every}
 * events a {@link SlotSnapshot} (an immutable copy, made on this thread) goes to the snapshot
 * store; two are kept. A persist failure restarts the slot with backoff: the callers of the
 * unpersisted message get no answer (they time out), and the state is rebuilt from the journal,
 * so the change applied in memory only is gone; a recovery that fails (the database away) is
 * retried the same way. Any other exception (a bug) stops the slot; sharding starts it again,
 * from the journal, on its next message. A store message a slot does not serve (a ping, a watch)
 * is unhandled (a dead letter), as in memory. Recovered, a slot first writes {@link
 * SlotEvent#SEAL} and serves only once it is in the journal (commands wait, stashed): a node
 * that owned the slot before and writes late (woken from a pause) is refused by the journal's
 * unique sequence number instead of adding an event the new owner never saw.
 */
final class JournaledSlot extends EventSourcedBehavior<Command, SlotEvent, SlotState> {

  private final ActorContext<Command> context;
  private final int slot;
  private final StoreSettings settings;
  private final StoreClock clock;
  private final int snapshotEvery;
  /** Set by a command on {@link SlotState#NOT_STARTED} for its event, taken by the handler. */
  private StoreEngine startedBy;
  private long recoveryStartedNanos = System.nanoTime();

  private final SlotFeed feed;
  /** Recovered, its seal not yet in the journal: commands wait (stashed) until it is. */
  private boolean sealing;

  /** Sent to itself on recovery: write the seal (local only). */
  private enum Seal implements Command {
    INSTANCE
  }

  JournaledSlot(ActorContext<Command> context, int slot, StoreSettings settings, StoreClock clock,
      int snapshotEvery, SlotFeed feed) {
    super(PersistenceId.ofUniqueId(SlotEntity.persistenceId(slot)), SlotEntity.onPersistFailure());
    this.context = context;
    this.slot = slot;
    this.settings = settings;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
    this.feed = feed;
  }

  @Override
  public SlotState emptyState() {
    return SlotState.NOT_STARTED;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public SnapshotAdapter<SlotState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(SlotState state) {
        StoreEngine engine = state.started() ? state.engine() : new StoreEngine(settings);
        return SlotSnapshot.of(engine, clock.nowMillis());
      }

      @Override
      public SlotState fromJournal(Object from) {
        return new SlotState(((SlotSnapshot) from).restore(settings), 0);
      }
    };
  }

  @Override
  public CommandHandler<Command, SlotEvent, SlotState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Batch.class, this::onBatch)
        .onCommand(RoutedBatch.class, this::onRoutedBatch)
        .onCommand(Execute.class, this::onExecute)
        .onCommand(SlotEntity.Sweep.class, this::onSweep)
        .onCommand(Seal.class, this::onSeal)
        .onCommand(SlotEntity.Stop.class, stop -> Effect().stop())
        .onAnyCommand(other -> Effect().unhandled()); // a store message a slot does not serve
  }

  private Effect<SlotEvent, SlotState> onBatch(SlotState state, Batch batch) {
    if (sealing) {
      return Effect().stash();
    }
    if (SlotEntity.dropped(batch, context.getLog())) {
      return Effect().none();
    }
    return persistThenAnswer(state, core(state).batch(batch));
  }

  private Effect<SlotEvent, SlotState> onRoutedBatch(SlotState state, RoutedBatch routed) {
    if (sealing) {
      return Effect().stash();
    }
    if (SlotEntity.dropped(routed.batch(), context.getLog())) {
      return Effect().none();
    }
    return persistThenAnswer(state, core(state).batch(routed.batch(),
        routed.ownerHint(slot, SlotEntity.selfNode(context))));
  }

  private Effect<SlotEvent, SlotState> onExecute(SlotState state, Execute<?> execute) {
    if (sealing) {
      return Effect().stash();
    }
    if (SlotEntity.dropped(execute, context.getLog())) {
      return Effect().none();
    }
    return persistThenAnswer(state, core(state).<Reply>execute(cast(execute)));
  }

  @SuppressWarnings("unchecked")
  private static Execute<Reply> cast(Execute<?> execute) {
    return (Execute<Reply>) execute;
  }

  private Effect<SlotEvent, SlotState> onSweep(SlotState state, SlotEntity.Sweep sweep) {
    if (sealing) {
      return Effect().stash();
    }
    return persistThenAnswer(state, core(state).sweep());
  }

  private Effect<SlotEvent, SlotState> onSeal(SlotState state, Seal seal) {
    if (!sealing) {
      return Effect().none();
    }
    return Effect().persist(SlotEvent.SEAL).thenRun(sealed -> sealing = false).thenUnstashAll();
  }

  /** The core over the state's engine, or over a new one that the first event makes the state. */
  private SlotCore core(SlotState state) {
    StoreEngine engine = state.started() ? state.engine() : new StoreEngine(settings);
    startedBy = state.started() ? null : engine;
    return new SlotCore(settings, clock, engine, slot, feed);
  }

  private Effect<SlotEvent, SlotState> persistThenAnswer(SlotState state, SlotCore.Handled handled) {
    if (handled.changes().isEmpty()) {
      startedBy = null; // nothing changed: a new engine is as empty as the state
      return Effect().none().thenRun(done -> handled.answer());
    }
    if (state.started()) {
      state.appliedLive();
    }
    return Effect().persist(new SlotEvent(handled.changes())).thenRun(done -> handled.answer());
  }

  @Override
  public EventHandler<SlotState, SlotEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(SlotEvent.class, this::onEvent)
        .build();
  }

  private SlotState onEvent(SlotState state, SlotEvent event) {
    if (event.isSeal() && !state.started()) {
      return state; // nothing to replay, and no engine to make for it
    }
    SlotState current = state;
    if (!current.started()) {
      if (startedBy != null) { // live: the command handler applied it to a new engine
        current = new SlotState(startedBy, 1);
        startedBy = null;
      } else { // recovery from no snapshot: the first event
        current = new SlotState(new StoreEngine(settings), 0);
      }
    }
    if (current.needsReplay()) {
      current.engine().replay(event.changes());
    }
    return current;
  }

  @Override
  public SignalHandler<SlotState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build(); // a failed recovery is logged by Pekko's backoff supervisor, which retries it
  }

  private void onRecovered(SlotState state) {
    long millis = (System.nanoTime() - recoveryStartedNanos) / 1_000_000;
    if (state.started()) {
      context.getLog().info("Slot [{}] recovered at revision [{}] with [{}] entries in [{}] ms",
          slot, state.engine().revision(), state.engine().storedEntries(), millis);
    } else {
      context.getLog().debug("Slot [{}] starts empty ([{}] ms)", slot, millis);
    }
    recoveryStartedNanos = System.nanoTime(); // a restart after a persist failure times from here
    feed.started(slot, state.started() ? state.engine().revision() : 0, false);
    sealing = true; // the commands stashed in recovery come first: they wait for the seal too
    context.getSelf().tell(Seal.INSTANCE);
  }
}
