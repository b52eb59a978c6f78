package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.watch.Watchers;
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

  /**
   * Passes what the heartbeat tells its host about a client on to the host's watches, as a
   * single manager's store does: a client that pings again keeps its watches; one that left
   * loses them at once; one gone silent loses them after {@code forget-after} (see {@link
   * Watchers#silent}).
   *
   * @param message what the host received
   * @param watchers the host's watches
   * @param nowNanos the host's monotonic time
   * @return how many watches a client that left lost, or -1 if {@code message} is not the
   *     heartbeat's
   */
  public static int tellWatchers(Object message, Watchers watchers, long nowNanos) {
    if (message instanceof StoreHeartbeat.ClientBack back) {
      watchers.back(back.client());
      return 0;
    }
    if (message instanceof StoreHeartbeat.ClientGone gone) {
      if (!gone.left()) {
        watchers.silent(gone.client(), nowNanos);
        return 0;
      }
      return watchers.forgetClient(gone.client());
    }
    return -1;
  }
}
