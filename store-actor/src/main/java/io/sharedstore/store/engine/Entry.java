package io.sharedstore.store.engine;

import java.util.Comparator;

/**
 * One stored value with its expiry deadline in wall-clock epoch milliseconds ({@link #NEVER} when it has no TTL). Immutable: an
 * overwrite replaces the entry, so the expiry index never holds a stale deadline.
 */
record Entry(String key, byte[] value, long expiresAtMillis) {

  static final long NEVER = Long.MAX_VALUE;

  /** Orders entries by deadline, then key: the order of the expiry index. */
  static final Comparator<Entry> BY_DEADLINE =
      Comparator.comparingLong(Entry::expiresAtMillis).thenComparing(Entry::key);

  boolean expires() {
    return expiresAtMillis != NEVER;
  }

  boolean isExpiredAt(long nowMillis) {
    return expiresAtMillis <= nowMillis;
  }
}
