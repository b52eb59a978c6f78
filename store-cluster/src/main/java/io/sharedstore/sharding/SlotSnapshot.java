package io.sharedstore.sharding;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * A journaled slot's snapshot: an immutable copy of its engine's whole state, taken on the
 * slot's thread (the engine keeps changing while the snapshot store serializes it). The entries
 * are {@link Change.Written}s at revision 0 (a snapshot entry has no revision of its own), the
 * retry memory {@link Change.Remembered}s at revision 0, oldest first, and the engine's revision.
 * The values are the engine's own arrays, which it never changes in place (a write stores a new
 * one), so the copy costs one small object per entry. Stored with {@link SlotSerializer}.
 *
 * @param revision the engine's revision
 * @param entries every stored entry, in key order (copied, unmodifiable)
 * @param remembered the retry memory, oldest first (copied, unmodifiable)
 */
record SlotSnapshot(long revision, List<Change.Written> entries,
    List<Change.Remembered> remembered) {

  SlotSnapshot {
    entries = List.copyOf(entries);
    remembered = List.copyOf(remembered);
  }

  /** The engine's state now; retry-memory results past their window at {@code nowMillis} left out. */
  static SlotSnapshot of(StoreEngine engine, long nowMillis) {
    List<Change.Written> entries = new ArrayList<>(engine.storedEntries());
    engine.forEachEntry((key, value, deadline) ->
        entries.add(new Change.Written(key, 0, value, deadline)));
    List<Change.Remembered> remembered = new ArrayList<>();
    engine.forEachRemembered(nowMillis, (key, requestId, result, atMillis) ->
        remembered.add(new Change.Remembered(key, 0, requestId, result, atMillis)));
    return new SlotSnapshot(engine.revision(), entries, remembered);
  }

  /**
   * A fresh engine holding this state: the entries restored, then the retry memory replayed,
   * then the revision set (the events after the snapshot replay above it).
   */
  StoreEngine restore(StoreSettings settings) {
    StoreEngine engine = new StoreEngine(settings);
    for (Change.Written entry : entries) {
      engine.restoreEntry(entry.key(), entry.value(), entry.deadlineMillis());
    }
    engine.replay(new ArrayList<>(remembered));
    engine.restoreRevision(revision);
    return engine;
  }
}
