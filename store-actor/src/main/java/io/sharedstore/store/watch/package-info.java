/**
 * The manager's side of watches: the {@link io.sharedstore.store.watch.ChangeHistory} of the
 * store's last changes, in revision order, from which a watch resumes after a revision (or learns
 * that the revision is no longer kept), without Pekko; the {@link
 * io.sharedstore.store.watch.Watchers} registry the store actor owns, which catches watches up
 * from the history and sends them the store's changes; and their {@link
 * io.sharedstore.store.watch.WatchSettings}.
 *
 * <p>Internal, not API: public for the store's host and tests; may change in any release.
 */
package io.sharedstore.store.watch;
