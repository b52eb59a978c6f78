package io.sharedstore.store.protocol;

/**
 * Stops a watch: the store forgets it and sends it nothing more (events already sent may still
 * arrive). Unwatching an unknown id does nothing.
 *
 * @param watchId the watch
 */
public record Unwatch(String watchId) implements WatchCommand {}
