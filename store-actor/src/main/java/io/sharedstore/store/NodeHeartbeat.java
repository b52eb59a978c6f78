package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Ping;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The heartbeat of a store node of a cluster: the same {@link StoreHeartbeat} a single manager's
 * store has (pings answered from a mailbox of its own, clients logged as they come and go, a
 * stopping notice to each recent pinger when it stops), for a host other than {@link
 * StoreActor}. Spawn it as {@link ManagerAddress#HEARTBEAT_NAME} under the node's store actor.
 */
public final class NodeHeartbeat {

  private NodeHeartbeat() {}

  /**
   * The heartbeat of a node whose data has {@code epoch}.
   *
   * @param epoch what its pongs carry
   * @param host told when no client is left at an address (it may ignore it)
   * @return the behavior
   */
  public static Behavior<Ping> create(String epoch, ActorRef<Command> host) {
    return StoreHeartbeat.create(epoch, Ticker.system(), host);
  }
}
