package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Command;
import java.util.List;

/**
 * What a slot tells the watches of the store nodes ({@link NodeWatches}) through its node's
 * {@link SlotFeed}: the changes it made, and that it started. On the wire by {@link
 * WatchFeedSerializer}.
 */
sealed interface SlotNews extends Command {

  /** The slot the news is of. */
  int slot();

  /**
   * The changes one handled message of {@code slot} made, in its revisions' order, without the
   * remembered results (they concern no watcher).
   *
   * @param slot the slot
   * @param changes its changes, its own revisions (copied)
   */
  record Changed(int slot, List<Change> changes) implements SlotNews {
    public Changed {
      changes = List.copyOf(changes);
    }
  }

  /**
   * The slot started on a node (placed, moved, or again after a crash).
   *
   * @param slot the slot
   * @param revision its revision as it starts
   * @param fresh it started without its data (in memory, nothing handed over): what it held
   *     before, if anything, is gone
   */
  record Started(int slot, long revision, boolean fresh) implements SlotNews {}
}
