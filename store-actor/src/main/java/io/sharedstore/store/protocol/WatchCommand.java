package io.sharedstore.store.protocol;

/**
 * A message about a watch, sent to the store by a watcher: {@link Watch} starts one, {@link
 * WatchAck} says how far it has consumed, {@link Unwatch} stops it. Handled by the store's
 * watcher registry.
 */
public sealed interface WatchCommand extends Command permits Watch, WatchAck, Unwatch {

  /**
   * The watch this is about: unique in the store (a client picks a random id per watch).
   *
   * @return the watch id
   */
  String watchId();
}
