package io.sharedstore.store.engine;

import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.wire.WireSizes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store's data: a map from key to entry ordered by key (so a scan can resume after any key,
 * and a glob with a literal prefix reads only its range), and an index of the entries that have a
 * TTL, ordered by deadline. Reads treat an expired entry as absent and free it at once; {@link
 * #sweep} frees expired entries in bounded batches, earliest first, touching only expired ones.
 *
 * <p>It also keeps a running estimate of the heap its entries take ({@link #estimatedBytes}), so
 * that the store can bound its memory; see {@link #estimate} for how an entry is counted.
 *
 * <p>Every entry it removes is reported to its {@link Removals}, with why.
 *
 * <p>It is the only code that changes the map of entries, so while a {@link SnapshotCursor} is
 * open it records, before the first change of each key the cursor has not yet passed, that key's
 * entry as of the cursor's opening ({@link PreImages}). With no cursor open, the cost of that on
 * each change is one null check.
 *
 * <p>Not thread-safe: owned by one engine.
 */
final class EntryTable {

  /** Told of every entry the table removes. */
  interface Removals {
    void removed(Entry entry, Change.Cause cause);
  }

  private final Removals removals;

  EntryTable(Removals removals) {
    this.removals = removals;
  }

  /**
   * The heap an entry takes besides its key's characters and its value's bytes: the {@code
   * TreeMap} node (40 B), the {@link Entry} (32 B), the key {@code String} (24 B) and the array
   * headers of the key and the value (2 x 16 B), on a 64-bit JVM with compressed references.
   * Calibrated with {@code bench/.../MemoryPerEntry}: an 11-char key with a 100-byte value
   * measures 248 B, estimated 128 + 2 x 11 + 100 = 250 B (docs/benchmarks.md).
   */
  static final long ENTRY_OVERHEAD = 128;

  /** The extra heap of an entry with a TTL: its node in the deadline index (288 - 248 B). */
  static final long TTL_OVERHEAD = 40;

  private final NavigableMap<String, Entry> entries = new TreeMap<>();
  private final TreeSet<Entry> byDeadline = new TreeSet<>(Entry.BY_DEADLINE);
  private long estimatedBytes;
  /** The pre-images of the open snapshot cursor, or null when none is open. */
  private PreImages preImages;

  /**
   * The estimated heap bytes of one entry: {@link #ENTRY_OVERHEAD}, 2 bytes per key char (a
   * {@code String} takes 1 or 2; alignment padding is within that margin for short keys), the
   * value's bytes (whole G1 regions for a value of half a region or more: {@link HeapLayout}),
   * and {@link #TTL_OVERHEAD} if it expires.
   */
  static long estimate(String key, byte[] value, boolean expires) {
    return ENTRY_OVERHEAD + 2L * key.length() + HeapLayout.valueBytes(value.length)
        + (expires ? TTL_OVERHEAD : 0);
  }

  static long estimate(Entry entry) {
    return estimate(entry.key(), entry.value(), entry.expires());
  }

  /** The live entry for a key, or null if it is missing or expired (an expired one is freed). */
  Entry live(String key, long nowMillis) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.isExpiredAt(nowMillis)) {
      remove(entry, Change.Cause.EXPIRED);
      return null;
    }
    return entry;
  }

  /** Stores a value, replacing any entry and its deadline ({@link Entry#NEVER} for none). */
  void put(String key, byte[] value, long expiresAtMillis) {
    Entry entry = new Entry(key, value, expiresAtMillis);
    Entry previous = entries.put(key, entry);
    if (preImages != null) {
      preImages.changing(key, previous);
    }
    if (previous != null) {
      estimatedBytes -= estimate(previous);
      if (previous.expires()) {
        byDeadline.remove(previous);
      }
    }
    if (entry.expires()) {
      byDeadline.add(entry);
    }
    estimatedBytes += estimate(entry);
  }

  /** Removes a key; true if it was live. */
  boolean delete(String key, long nowMillis) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    boolean live = !entry.isExpiredAt(nowMillis);
    remove(entry, live ? Change.Cause.DELETED : Change.Cause.EXPIRED);
    return live;
  }

  /**
   * Removes a key's entry, expired or not, without telling the {@link Removals}: for a replay,
   * whose change is already recorded.
   *
   * @return false if no entry was stored for the key
   */
  boolean forget(String key) {
    Entry entry = entries.remove(key);
    if (entry == null) {
      return false;
    }
    if (preImages != null) {
      preImages.changing(key, entry);
    }
    estimatedBytes -= estimate(entry);
    if (entry.expires()) {
      byDeadline.remove(entry);
    }
    return true;
  }

  /** True if an entry, expired or not, is stored for the key. */
  boolean contains(String key) {
    return entries.containsKey(key);
  }

  /** Visits every stored entry in key order, expired ones not yet freed included. */
  void forEach(java.util.function.Consumer<Entry> visitor) {
    entries.values().forEach(visitor);
  }

  /**
   * Frees up to {@code limit} expired entries, earliest deadline first.
   *
   * @return how many were freed
   */
  int sweep(long nowMillis, int limit) {
    int freed = 0;
    while (freed < limit && !byDeadline.isEmpty() && byDeadline.first().isExpiredAt(nowMillis)) {
      Entry entry = byDeadline.pollFirst();
      unlink(entry);
      removals.removed(entry, Change.Cause.SWEPT);
      freed++;
    }
    return freed;
  }

  /**
   * Frees every expired entry without telling the {@link Removals}: for a load, before the
   * engine serves, where the removal is not a change to record.
   *
   * @return how many were freed
   */
  int dropExpired(long nowMillis) {
    int freed = 0;
    while (!byDeadline.isEmpty() && byDeadline.first().isExpiredAt(nowMillis)) {
      unlink(byDeadline.pollFirst());
      freed++;
    }
    return freed;
  }

  /**
   * Starts recording pre-images into {@code recorder}, for a cursor that opens now.
   *
   * @throws IllegalStateException if a cursor is open already
   */
  void startRecording(PreImages recorder) {
    if (preImages != null) {
      throw new IllegalStateException("a snapshot cursor is open already: close it before opening"
          + " another (one at a time, each holds the pre-images of the keys changed under it)");
    }
    preImages = recorder;
  }

  /** Stops recording into {@code recorder}, if it is the one recording. */
  void stopRecording(PreImages recorder) {
    if (preImages == recorder) {
      preImages = null;
    }
  }

  /**
   * The stored entries after {@code key} (exclusive; null: from the first), in key order, as a
   * read-only view: what a snapshot cursor steps through. It must not be held across a change.
   */
  Iterator<Entry> entriesAfter(String key) {
    NavigableMap<String, Entry> tail = key == null ? entries : entries.tailMap(key, false);
    return Collections.unmodifiableCollection(tail.values()).iterator();
  }

  /** The earliest deadline of a stored entry, expired or not; {@link Entry#NEVER} if none. */
  long nextDeadline() {
    return byDeadline.isEmpty() ? Entry.NEVER : byDeadline.first().expiresAtMillis();
  }

  /** True if an expired entry is still stored. */
  boolean hasExpired(long nowMillis) {
    return !byDeadline.isEmpty() && byDeadline.first().isExpiredAt(nowMillis);
  }

  /**
   * One bounded step of a scan in key order: the live keys matching {@code glob} after {@code
   * cursor} (exclusive; {@code ""} for the start), stopping after {@code limit} matches, {@code
   * budget} keys examined, or about {@code byteBudget} bytes of matched keys. The step's cursor is
   * the last key examined, or {@code ""} when no key after it can match.
   */
  ScanStep scan(Glob glob, String cursor, int limit, int budget, long byteBudget, long nowMillis) {
    String prefix = glob.literalPrefix();
    NavigableMap<String, Entry> tail =
        cursor.isEmpty() || cursor.compareTo(prefix) < 0
            ? entries.tailMap(prefix, true)
            : entries.tailMap(cursor, false);
    List<String> matches = new ArrayList<>();
    long bytes = 0;
    int examined = 0;
    for (Entry entry : tail.values()) {
      String key = entry.key();
      if (!key.startsWith(prefix)) {
        return new ScanStep(matches, "");
      }
      examined++;
      if (!entry.isExpiredAt(nowMillis) && glob.matches(key)) {
        matches.add(key);
        bytes += WireSizes.keyBytes(key);
      }
      if (matches.size() >= limit || examined >= budget || bytes >= byteBudget) {
        return new ScanStep(matches, key);
      }
    }
    return new ScanStep(matches, "");
  }

  /** The matches of one scan step, and where the next step resumes ({@code ""}: complete). */
  record ScanStep(List<String> keys, String cursor) {}

  /** Entries stored, expired ones not yet freed included. */
  int storedEntries() {
    return entries.size();
  }

  /** The estimated heap bytes of every stored entry, expired ones not yet freed included. */
  long estimatedBytes() {
    return estimatedBytes;
  }

  /** Entries stored with a TTL. */
  int entriesWithTtl() {
    return byDeadline.size();
  }

  private void remove(Entry entry, Change.Cause cause) {
    entries.remove(entry.key());
    if (preImages != null) {
      preImages.changing(entry.key(), entry);
    }
    removals.removed(entry, cause);
    estimatedBytes -= estimate(entry);
    if (entry.expires()) {
      byDeadline.remove(entry);
    }
  }

  /** Removes an entry already taken out of the deadline index. */
  private void unlink(Entry entry) {
    entries.remove(entry.key());
    if (preImages != null) {
      preImages.changing(entry.key(), entry);
    }
    estimatedBytes -= estimate(entry);
  }
}
