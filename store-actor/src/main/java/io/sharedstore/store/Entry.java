package io.sharedstore.store;

import java.util.Comparator;

/**
 * One stored value with its expiry deadline ({@link #NEVER} when it has no TTL). Immutable: an
 * overwrite replaces the entry, so the expiry index never holds a stale deadline.
 */
record Entry(String key, byte[] value, long expiresAtNanos) {

  static final long NEVER = Long.MAX_VALUE;

  /** Orders entries by deadline, then key: the order of the expiry index. */
  static final Comparator<Entry> BY_DEADLINE =
      Comparator.comparingLong(Entry::expiresAtNanos).thenComparing(Entry::key);

  boolean expires() {
    return expiresAtNanos != NEVER;
  }

  boolean isExpiredAt(long nowNanos) {
    return expiresAtNanos <= nowNanos;
  }
}
