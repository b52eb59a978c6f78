package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import java.util.List;

/**
 * A journaled slot's event: the changes one handled message made (a batch, an execute or a sweep
 * tick), in order. Replayed in order on a fresh engine they rebuild the slot. Stored with {@link
 * SlotSerializer}.
 *
 * @param changes at least one change (copied, unmodifiable)
 */
record SlotEvent(List<Change> changes) {

  SlotEvent {
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("an event holds at least one change");
    }
  }
}
