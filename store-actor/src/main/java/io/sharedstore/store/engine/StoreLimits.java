package io.sharedstore.store.engine;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import java.util.Map;
import java.util.Optional;

/**
 * The store's bound on what it holds: at most {@code shared-store.max-entries} keys and about
 * {@code shared-store.max-memory} bytes by {@link EntryTable#estimate}. A write that would add a
 * key past the first, or grow the estimate past the second, is refused; a write that adds no key
 * and does not grow the estimate always fits, so overwrites with smaller values, deletes and reads
 * keep working in a full store. Before refusing, expired entries are freed (at most {@code
 * sweep-batch} of them, so the check stays short).
 */
final class StoreLimits {

  private final long maxEntries;
  private final long maxMemory;
  private final int sweepBatch;

  StoreLimits(StoreSettings settings) {
    this.maxEntries = settings.maxEntries();
    this.maxMemory = settings.maxMemory();
    this.sweepBatch = settings.sweepBatch();
  }

  /**
   * Why storing {@code value} under {@code key} (replacing its live entry, if any) would pass a
   * bound, or empty if it fits.
   */
  Optional<String> roomFor(EntryTable table, String key, byte[] value, long deadline, long now) {
    Entry previous = table.live(key, now);
    long added =
        EntryTable.estimate(key, value, deadline != Entry.NEVER)
            - (previous == null ? 0 : EntryTable.estimate(previous));
    return problem(table, previous == null ? 1 : 0, added, now);
  }

  /** As {@link #roomFor}, for storing every entry at once (all or nothing). */
  Optional<String> roomForAll(
      EntryTable table, Map<String, Bytes> entries, long deadline, long now) {
    long newKeys = 0;
    long added = 0;
    for (Map.Entry<String, Bytes> entry : entries.entrySet()) {
      Entry previous = table.live(entry.getKey(), now);
      newKeys += previous == null ? 1 : 0;
      added +=
          EntryTable.estimate(entry.getKey(), entry.getValue().unsafeArray(), deadline != Entry.NEVER)
              - (previous == null ? 0 : EntryTable.estimate(previous));
    }
    return problem(table, newKeys, added, now);
  }

  private Optional<String> problem(EntryTable table, long newKeys, long addedBytes, long now) {
    if (fits(table, newKeys, addedBytes)) {
      return Optional.empty();
    }
    if (table.hasExpired(now)) {
      table.sweep(now, sweepBatch);
      if (fits(table, newKeys, addedBytes)) {
        return Optional.empty();
      }
    }
    if (!fitsEntries(table, newKeys)) {
      return Optional.of("the store is full: it holds " + table.storedEntries()
          + " keys and max-entries is " + maxEntries + " (delete keys, or raise the limit)");
    }
    return Optional.of("the store is full: it holds about " + table.estimatedBytes()
        + " bytes, this write adds about " + addedBytes + " and max-memory is " + maxMemory
        + " bytes (delete keys, or raise the limit)");
  }

  private boolean fits(EntryTable table, long newKeys, long addedBytes) {
    return fitsEntries(table, newKeys)
        && (addedBytes <= 0 || table.estimatedBytes() + addedBytes <= maxMemory);
  }

  private boolean fitsEntries(EntryTable table, long newKeys) {
    return newKeys == 0 || table.storedEntries() + newKeys <= maxEntries;
  }
}
