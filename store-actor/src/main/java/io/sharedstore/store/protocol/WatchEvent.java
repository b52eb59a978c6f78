package io.sharedstore.store.protocol;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One event of a watch, data only: a key changed ({@link KeyEvent}), or the watcher may have
 * missed changes ({@link Reset}). Each carries a revision of the store; a watch's events come in
 * revision order.
 */
public sealed interface WatchEvent permits WatchEvent.KeyEvent, WatchEvent.Reset {

  /**
   * The store's revision of this event.
   *
   * @return the revision
   */
  long revision();

  /** What happened to a key. */
  enum Kind {
    /** It was written: the event carries the stored bytes and the deadline. */
    CHANGED,
    /** An operation deleted it. */
    DELETED,
    /**
     * Its deadline passed and it was freed. While a watch is registered the store keeps a timer
     * at its entries' earliest deadline, so a key is freed when its deadline passes (within the
     * scheduler's tick, 10 ms by default; many at once in bounded batches, as the sweep frees
     * them), or earlier by an operation that finds it expired, whichever comes first. The event
     * has the revision of that removal: the store's next revision when it was freed, after every
     * change made before.
     */
    EXPIRED
  }

  /** Why a watcher may have missed changes. */
  enum ResetReason {
    /** The revision it resumed from is older than the store's history keeps. */
    GAP,
    /** It fell more than {@code shared-store.watch.buffer} events behind its acknowledgements. */
    OVERFLOW,
    /**
     * Part of the keyspace started again without its data (a store cluster's slot in memory,
     * whose node crashed, started empty on another node): keys may be gone without an event.
     */
    EPOCH_CHANGED
  }

  /**
   * A key changed.
   *
   * @param kind what happened
   * @param key the key
   * @param revision the revision of the change
   * @param value the bytes stored, for {@link Kind#CHANGED}; empty otherwise
   * @param deadlineMillis when a written key expires, in epoch milliseconds; empty for never and
   *     for the other kinds
   */
  record KeyEvent(Kind kind, String key, long revision, Optional<Bytes> value,
      OptionalLong deadlineMillis) implements WatchEvent {}

  /**
   * The watcher may have missed changes up to and including {@code revision}: re-read what it
   * tracks. The events after it follow every change after {@code revision}.
   *
   * @param revision the store's revision the watch continues after
   * @param reason why
   */
  record Reset(long revision, ResetReason reason) implements WatchEvent {}
}
