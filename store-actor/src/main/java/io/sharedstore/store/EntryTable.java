package io.sharedstore.store;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The store's data: a hash map from key to entry, and an index of the entries that have a TTL,
 * ordered by deadline. Reads treat an expired entry as absent and free it at once; {@link #sweep}
 * frees expired entries in bounded batches, earliest first, touching only expired ones.
 *
 * <p>Not thread-safe: owned by one actor.
 */
final class EntryTable {

  private final Map<String, Entry> entries = new HashMap<>();
  private final TreeSet<Entry> byDeadline = new TreeSet<>(Entry.BY_DEADLINE);

  /** The live entry for a key, or null if it is missing or expired (an expired one is freed). */
  Entry live(String key, long nowNanos) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.isExpiredAt(nowNanos)) {
      remove(entry);
      return null;
    }
    return entry;
  }

  /** Stores a value, replacing any entry and its deadline ({@link Entry#NEVER} for none). */
  void put(String key, byte[] value, long expiresAtNanos) {
    Entry previous = entries.put(key, new Entry(key, value, expiresAtNanos));
    if (previous != null && previous.expires()) {
      byDeadline.remove(previous);
    }
    if (expiresAtNanos != Entry.NEVER) {
      byDeadline.add(entries.get(key));
    }
  }

  /** Removes a key; true if it was live. */
  boolean delete(String key, long nowNanos) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    remove(entry);
    return !entry.isExpiredAt(nowNanos);
  }

  /**
   * Frees up to {@code limit} expired entries, earliest deadline first.
   *
   * @return how many were freed
   */
  int sweep(long nowNanos, int limit) {
    int freed = 0;
    while (freed < limit && !byDeadline.isEmpty() && byDeadline.first().isExpiredAt(nowNanos)) {
      Entry entry = byDeadline.pollFirst();
      entries.remove(entry.key());
      freed++;
    }
    return freed;
  }

  /** True if an expired entry is still stored. */
  boolean hasExpired(long nowNanos) {
    return !byDeadline.isEmpty() && byDeadline.first().isExpiredAt(nowNanos);
  }

  /** Entries stored, expired ones not yet freed included. */
  int storedEntries() {
    return entries.size();
  }

  /** Entries stored with a TTL. */
  int entriesWithTtl() {
    return byDeadline.size();
  }

  private void remove(Entry entry) {
    entries.remove(entry.key());
    if (entry.expires()) {
      byDeadline.remove(entry);
    }
  }
}
