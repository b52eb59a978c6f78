package io.sharedstore.store.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Asks a store node of a cluster (its store actor, {@code /user/store}) which node serves each
 * slot: a cluster client asks any node it reaches, then sends each call to its slot's owner. A
 * single manager (not a cluster member) answers nothing: the client keeps its one address.
 *
 * @param replyTo where the {@link SlotMap} goes
 */
public record GetSlotMap(ActorRef<SlotMap> replyTo) implements Command {}
