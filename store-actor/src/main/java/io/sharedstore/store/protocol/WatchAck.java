package io.sharedstore.store.protocol;

/**
 * A watcher has consumed the events of its watch up to and including {@code revision}: the
 * store may send it up to {@code shared-store.watch.buffer} events past it. An acknowledgement
 * below an earlier one, or of an unknown watch, is ignored.
 *
 * @param watchId the watch
 * @param revision the revision of the last event consumed (or of a {@link WatchEvent.Reset})
 */
public record WatchAck(String watchId, long revision) implements WatchCommand {}
