package io.sharedstore.store.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Starts a watch: every change to a key matching {@code glob} after {@code fromRevision} goes to
 * {@code replyTo} as {@link WatchEvents}, in revision order, each change once. With {@code
 * fromRevision} -1 it starts from the present (the changes after the store's revision when the
 * watch arrives); a revision older than the store's history keeps starts with a {@link
 * WatchEvent.Reset} of reason {@link WatchEvent.ResetReason#GAP}, then the present. A watch the
 * store refuses (a bad glob, an id already watching, too many watches for the client, a revision
 * past the store's) is answered with one {@link WatchEvents} carrying only the refusal, and
 * nothing is registered.
 *
 * <p>The watcher must {@link WatchAck acknowledge} what it consumed: the store sends at most
 * {@code shared-store.watch.buffer} events past the last acknowledgement.
 *
 * @param watchId the watch's id, unique in the store
 * @param glob the keys watched ({@code *} any run of chars, {@code ?} one, backslash escapes)
 * @param fromRevision the last revision the watcher has, or -1 for the present
 * @param replyTo where the events go
 */
public record Watch(String watchId, String glob, long fromRevision,
    ActorRef<WatchEvents> replyTo) implements WatchCommand {

  /** {@code fromRevision} meaning "from the present". */
  public static final long FROM_NOW = -1;
}
