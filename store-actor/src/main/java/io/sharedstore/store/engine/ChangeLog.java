package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The engine's revision counter and the changes of the operation being applied. */
final class ChangeLog implements EntryTable.Removals {

  private long revision;
  private List<Change> changes = new ArrayList<>();

  long revision() {
    return revision;
  }

  /**
   * Moves the counter to a replayed change's revision, so the next change takes the one after.
   * Records no change.
   */
  void replayed(long replayedRevision) {
    revision = replayedRevision;
  }

  /** True while changes of the operation being applied are not yet drained. */
  boolean hasPending() {
    return !changes.isEmpty();
  }

  long written(String key, byte[] value, long deadlineMillis) {
    changes.add(new Change.Written(key, ++revision, Bytes.wrap(value),
        deadlineMillis == Entry.NEVER ? OptionalLong.empty() : OptionalLong.of(deadlineMillis)));
    return revision;
  }

  @Override
  public void removed(Entry entry, Change.Cause cause) {
    changes.add(new Change.Removed(entry.key(), ++revision, cause));
  }

  void remembered(String key, String requestId, Reply result, long atMillis) {
    changes.add(new Change.Remembered(key, revision, requestId, result, atMillis));
  }

  /** The changes since the last call. */
  List<Change> drain() {
    if (changes.isEmpty()) {
      return List.of();
    }
    List<Change> drained = changes;
    changes = new ArrayList<>();
    return drained;
  }
}
