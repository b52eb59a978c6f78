package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Bytes;
import java.util.OptionalLong;

/**
 * Sees each stored entry of an engine ({@link StoreEngine#forEachEntry}, or a snapshot's
 * entries as of its opening: {@link SnapshotCursor#step}), in key order, without a copy of the
 * heap. It must not change the engine while it runs.
 */
@FunctionalInterface
public interface EntryVisitor {

  /**
   * One stored entry. An entry whose deadline has passed but that is not yet freed is included:
   * its deadline says so.
   *
   * @param key the key
   * @param value the stored value (the engine's own bytes: read them, never change them)
   * @param deadlineMillis when it expires, in epoch milliseconds; empty for never
   */
  void entry(String key, Bytes value, OptionalLong deadlineMillis);
}
