package io.sharedstore.cluster;

/**
 * Where a watch's events go: called by the client's {@link WatchHub} on its own thread, one call
 * at a time, in revision order. The listener of {@link StoreClient#watch}, the queue of {@link
 * StoreClient#watchSource} and a {@link NearCache} each are one.
 */
interface WatchSink {

  /** The next event of the watch. */
  void deliver(StoreEvent event);

  /**
   * The manager confirmed the watch (first, or again after an outage) at {@code revision}: from
   * now on every matching change after what was delivered arrives.
   */
  default void live(long revision) {}

  /**
   * The manager told the watch nothing matching changed up to {@code revision} (after its
   * events, or in a progress notice).
   */
  default void advanced(long revision) {}

  /** The manager became unreachable: changes may be missed until {@link #live} again. */
  default void suspended() {}

  /** The watch ended: closed, or refused (then {@code failure} says why). */
  default void ended(StoreException failure) {}

  /**
   * Whether the hub acknowledges what it delivered at once (a listener that returned consumed
   * it); false for a sink that acknowledges later itself, through {@link WatchHub.Consumed}.
   */
  default boolean consumesOnDelivery() {
    return true;
  }
}
