package io.sharedstore.cluster;

/**
 * Why a watch delivered a {@link StoreEvent.Reset}: it may have missed changes, so whoever
 * tracks state from it re-reads what it tracks.
 */
public enum ResetReason {
  /**
   * The revision the watch started or resumed from is older than the manager's history keeps
   * ({@code shared-store.watch.history}); it goes on from the present.
   */
  GAP,
  /**
   * The watcher fell more than {@code shared-store.watch.buffer} events (or {@code
   * buffer-max-bytes}) behind: the manager skipped ahead rather than hold more for it; it goes
   * on from the present.
   */
  OVERFLOW,
  /**
   * The manager restarted without its data (a new epoch: no persistence, or another data
   * directory): every key it had is gone; the watch goes on from the new store's present. From
   * a store cluster: slots in memory ({@code durability = none}) whose node crashed started
   * empty on another node, so the keys of those slots are gone without an event each.
   */
  EPOCH_CHANGED
}
