package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;

/**
 * The answer to a {@link Ping}.
 *
 * @param epoch an id the store chose when its data started (at its start in memory; once per data
 *     directory with persistence): a different epoch means a new store, whose data started empty
 * @param stopping true in the notice the store sends every recent pinger as it stops
 * @param incarnation an id the store chose when it started (every start, unlike the epoch): a
 *     different one with the same epoch means the store restarted on its data, and what it held
 *     only in memory (watch registrations) is gone; empty from a store that does not say
 * @param startRevision the revision the store's data was at when this incarnation started (what
 *     its log held): a watcher that had seen later revisions from an earlier incarnation saw
 *     changes a crash took back
 */
public record Pong(String epoch, boolean stopping, String incarnation, long startRevision)
    implements CborSerializable {

  /**
   * A pong without an incarnation.
   *
   * @param epoch the store's epoch
   * @param stopping whether it is the stopping notice
   */
  public Pong(String epoch, boolean stopping) {
    this(epoch, stopping, "", 0);
  }
}
