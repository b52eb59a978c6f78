package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import java.util.List;

/**
 * A journaled slot's event: the changes one handled message made (a batch, an execute or a sweep
 * tick), in order. Replayed in order on a fresh engine they rebuild the slot. Stored with {@link
 * SlotSerializer}. {@link #SEAL}, without changes, is what a slot writes when it has recovered,
 * before it serves: it takes the journal's next sequence number, so a node that held the slot
 * before and still has a write on its way (woken after a pause) is refused by the journal
 * instead of writing past what the new owner recovered.
 *
 * @param changes the changes (copied, unmodifiable): at least one, or none for {@link #SEAL}
 */
record SlotEvent(List<Change> changes) {

  /** The seal: no changes. */
  static final SlotEvent SEAL = new SlotEvent(List.of());

  SlotEvent {
    changes = List.copyOf(changes);
  }

  /** Whether this is {@link #SEAL}. */
  boolean isSeal() {
    return changes.isEmpty();
  }
}
