package io.sharedstore.cluster;

import io.sharedstore.store.CborSerializable;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The spike's persistent actor: a counter whose every increment is one event, with a snapshot
 * after event {@value #SNAPSHOT_AT}. Its state lives in the journal and the snapshot store only.
 */
final class SpikeCounter
    extends EventSourcedBehavior<SpikeCounter.Command, SpikeCounter.Incremented, SpikeCounter.State> {

  /** The sequence number whose event is followed by a snapshot. */
  static final long SNAPSHOT_AT = 60;

  /** What the counter is asked. */
  sealed interface Command {}

  /** Adds one; replies with the new value once its event is in the journal. */
  record Increment(ActorRef<Long> replyTo) implements Command {}

  /** Replies with the value. */
  record Get(ActorRef<Long> replyTo) implements Command {}

  /** The event: the counter went up by one. */
  record Incremented(long by) implements CborSerializable {}

  /** The state, also the snapshot. */
  record State(long value) implements CborSerializable {}

  private final Optional<ActorRef<Long>> snapshots;
  private final boolean ignoreSnapshots;

  private SpikeCounter(
      PersistenceId id, Optional<ActorRef<Long>> snapshots, boolean ignoreSnapshots) {
    super(id);
    this.snapshots = snapshots;
    this.ignoreSnapshots = ignoreSnapshots;
  }

  /** A counter that tells {@code snapshots} the sequence number of each snapshot it saved. */
  static Behavior<Command> create(String persistenceId, ActorRef<Long> snapshots) {
    return new SpikeCounter(PersistenceId.ofUniqueId(persistenceId), Optional.of(snapshots), false);
  }

  /** A counter that recovers from its snapshot (if any) and the events after it. */
  static Behavior<Command> create(String persistenceId) {
    return new SpikeCounter(PersistenceId.ofUniqueId(persistenceId), Optional.empty(), false);
  }

  /** A counter that recovers by replaying every event, ignoring snapshots. */
  static Behavior<Command> fromEventsOnly(String persistenceId) {
    return new SpikeCounter(PersistenceId.ofUniqueId(persistenceId), Optional.empty(), true);
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public CommandHandler<Command, Incremented, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Increment.class,
            (state, increment) ->
                Effect()
                    .persist(new Incremented(1))
                    .thenReply(increment.replyTo(), updated -> updated.value()))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.value()))
        .build();
  }

  @Override
  public EventHandler<State, Incremented> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Incremented.class, (state, event) -> new State(state.value() + event.by()))
        .build();
  }

  @Override
  public boolean shouldSnapshot(State state, Incremented event, long sequenceNr) {
    return sequenceNr == SNAPSHOT_AT;
  }

  @Override
  public Recovery recovery() {
    return ignoreSnapshots
        ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none())
        : super.recovery();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            SnapshotCompleted.class,
            (state, completed) ->
                snapshots.ifPresent(probe -> probe.tell(completed.metadata().sequenceNr())))
        .onSignal(
            SnapshotFailed.class,
            (state, failed) -> snapshots.ifPresent(probe -> probe.tell(-failed.metadata().sequenceNr())))
        .build();
  }
}
