package io.sharedstore.sharding;

import io.sharedstore.store.engine.StoreEngine;

/**
 * A journaled slot's state: its engine (mutable: the command handler applies each message to it
 * before the event is persisted; while persisting, Pekko stashes later commands, so nothing reads
 * what is not yet in the journal) and two counts that tell the event handler whether an event is
 * already in the engine (a live one, applied by the command handler) or must be replayed (in
 * recovery). {@link #NOT_STARTED}, the empty state, holds no engine and never changes: it is one
 * value handed to Pekko, which may reuse it when it restarts the slot after a persist failure, so
 * every engine is made inside one incarnation (by the first replayed event, the snapshot, or the
 * first command that changes something) and a restart never sees an engine with unpersisted or
 * half-replayed changes.
 */
final class SlotState {

  /** The empty state: no engine yet. */
  static final SlotState NOT_STARTED = new SlotState(null, 0);

  private final StoreEngine engine;
  /** Events the event handler has seen in this state. */
  private long seen;
  /** Events whose changes are in the engine. */
  private long applied;

  SlotState(StoreEngine engine, long applied) {
    this.engine = engine;
    this.applied = applied;
  }

  /** The engine, null for {@link #NOT_STARTED}. */
  StoreEngine engine() {
    return engine;
  }

  boolean started() {
    return engine != null;
  }

  /** The command handler applied the changes of the event it is about to persist. */
  void appliedLive() {
    applied++;
  }

  /** The event handler's part: true if this event must be replayed (it is not in the engine). */
  boolean needsReplay() {
    seen++;
    if (seen > applied) {
      applied = seen;
      return true;
    }
    return false;
  }
}
