package io.sharedstore.store.engine;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The copy-on-write side of an open {@link SnapshotCursor}: for each key changed since the
 * cursor opened that the cursor has not yet passed, the entry it held at the open revision (or
 * {@link #ABSENT} if it had none), sorted by key. {@link EntryTable} records a key here before
 * its first change; the cursor drops each pre-image as it passes its key. Holds at most one
 * pre-image per distinct key changed during the snapshot, and none behind the cursor.
 *
 * <p>Not thread-safe: owned by one engine.
 */
final class PreImages {

  /** The pre-image of a key that held no entry at the open revision. */
  static final Entry ABSENT = new Entry("", new byte[0], Entry.NEVER);

  private final NavigableMap<String, Entry> byKey = new TreeMap<>();
  private String position;

  /**
   * Called before the first change of {@code key} could lose its state at the open revision:
   * keeps {@code before} (null: no entry) unless the cursor has passed the key or a pre-image of
   * it is kept already (then {@code before} is not the state at the open revision).
   */
  void changing(String key, Entry before) {
    if ((position == null || key.compareTo(position) > 0) && !byKey.containsKey(key)) {
      byKey.put(key, before == null ? ABSENT : before);
    }
  }

  /** The last key the cursor examined, or null before the first. */
  String position() {
    return position;
  }

  /** The cursor has examined every key up to and including {@code key}. */
  void passed(String key) {
    position = key;
  }

  /** The smallest key with a pre-image, or null; every kept key is after {@link #position}. */
  String firstKey() {
    return byKey.isEmpty() ? null : byKey.firstKey();
  }

  /** Removes and returns the pre-image of the smallest key (which must exist). */
  Entry pollFirst() {
    return byKey.pollFirstEntry().getValue();
  }

  /** Pre-images kept now. */
  int size() {
    return byKey.size();
  }

  /** Drops every pre-image (the cursor closed). */
  void clear() {
    byKey.clear();
  }
}
