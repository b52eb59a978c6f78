package io.sharedstore.store;

import io.sharedstore.store.engine.Change;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys whose latest change is not yet durable, each with that change's revision: a read of
 * any other key observed only durable state, so its reply need not wait for the log. Holds one
 * entry per change made since the log was last durable (with {@code fsync = always}, about one
 * group commit's worth), released as the log becomes durable. Used on the store's thread only.
 */
final class UndurableKeys {

  private final Map<String, Long> latest = new HashMap<>();
  /** The changes not yet durable, in revision order. */
  private final ArrayDeque<Change> pending = new ArrayDeque<>();

  /** Records the keys of changes just made (retry memory takes no revision of its own: skipped). */
  void changed(List<Change> changes) {
    for (Change change : changes) {
      if (!(change instanceof Change.Remembered)) {
        latest.put(change.key(), change.revision());
        pending.add(change);
      }
    }
  }

  /** The log is durable up to {@code revision}: forgets every change up to there. */
  void durable(long revision) {
    while (!pending.isEmpty() && pending.peekFirst().revision() <= revision) {
      Change change = pending.pollFirst();
      latest.remove(change.key(), change.revision());
    }
  }

  /**
   * The revision of the key's latest change not yet durable.
   *
   * @return it, or 0 if every change of the key is durable
   */
  long revisionOf(String key) {
    Long revision = key == null ? null : latest.get(key);
    return revision == null ? 0 : revision;
  }

  /** How many changes are not yet durable. */
  int size() {
    return pending.size();
  }
}
