package io.sharedstore.store.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client's heartbeat, sent to the store's heartbeat child ({@code
 * ManagerAddress#heartbeatPath()}), which answers at once with {@link Pong} however busy the store
 * is, and remembers {@code replyTo} while the client keeps pinging, so that it can tell the
 * client when the store stops. One sent to the store itself is passed on to the child.
 *
 * @param replyTo where the {@link Pong} goes
 */
public record Ping(ActorRef<Pong> replyTo) implements Command {}
