package io.sharedstore.store.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Asks a store node (its store actor, {@code /user/store}) for the store cluster as it sees it:
 * members, their status and reachability, and the slots each serves ({@link ClusterInfo}). A
 * single manager answers {@link ClusterInfo#NOT_A_CLUSTER}.
 *
 * @param replyTo where the {@link ClusterInfo} goes
 */
public record GetClusterInfo(ActorRef<ClusterInfo> replyTo) implements Command {}
