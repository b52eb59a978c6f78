package io.sharedstore.store;

import io.sharedstore.store.engine.Change;
import java.util.List;

/**
 * Told of every change the store's engine makes, in order, on the store actor's thread (so it
 * must be quick and must not block): where persistence and watch plug in. The default does
 * nothing.
 */
@FunctionalInterface
public interface ChangeListener {

  /** Nothing is done with the changes. */
  ChangeListener NONE = changes -> {};

  /**
   * The changes of one operation, sweep step or stepped operation step; never empty.
   *
   * @param changes the changes, in the order made (unmodifiable)
   */
  void changed(List<Change> changes);
}
