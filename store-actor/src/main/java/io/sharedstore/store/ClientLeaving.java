package io.sharedstore.store;

import io.sharedstore.store.protocol.Pong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client's last word to the store's heartbeat ({@link ManagerAddress#heartbeatPath()}): it is
 * closing ({@code ClusterClient.close}) and pings no more. The manager logs that the client left
 * and stops counting it among the clients it tells when it stops; without this message it would
 * log, a heartbeat timeout later, that the client's heartbeats stopped.
 *
 * @param client the address the client pinged from (its pings' {@code replyTo})
 */
public record ClientLeaving(ActorRef<Pong> client) implements CborSerializable {}
