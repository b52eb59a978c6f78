package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;

/**
 * A store cluster as one node sees it now (the answer to {@link GetClusterInfo}).
 *
 * @param self the answering node, {@code host:port} ({@code ""} from a single manager)
 * @param slots how many slots the keyspace has (0 from a single manager)
 * @param durability {@code journal} or {@code none} ({@code ""} from a single manager)
 * @param members every member the node knows of, in address order (copied)
 * @param unplaced how many slots no node serves now (never started, or moving)
 */
public record ClusterInfo(String self, int slots, String durability, List<Member> members,
    int unplaced) implements CborSerializable {

  /** The answer of a single manager: not a cluster member. */
  public static final ClusterInfo NOT_A_CLUSTER = new ClusterInfo("", 0, "", List.of(), 0);

  /**
   * Copies the members.
   *
   * @throws NullPointerException if {@code members} is or holds null
   */
  public ClusterInfo {
    members = List.copyOf(members);
  }

  /**
   * Whether the answer came from a store cluster's node.
   *
   * @return false for a single manager
   */
  public boolean isCluster() {
    return slots > 0;
  }

  /**
   * Every status a {@link Member} can have, as {@link Member#status()} names them: Pekko's
   * member statuses in lower case, in the order a member goes through them.
   */
  public static final List<String> MEMBER_STATUSES = List.of("joining", "weaklyup", "up",
      "preparingforshutdown", "readyforshutdown", "leaving", "exiting", "down", "removed");

  /**
   * One member of the store cluster.
   *
   * @param address its manager address, {@code host:port}
   * @param status Pekko's member status, lower case, one of {@link #MEMBER_STATUSES}
   * @param reachable false while the answering node's failure detector finds it unreachable
   * @param roles its roles ({@code store} for a store node; copied)
   * @param slotsServed how many slots it serves now, as the sharding's last count says
   */
  public record Member(String address, String status, boolean reachable, List<String> roles,
      int slotsServed) implements CborSerializable {

    /**
     * Copies the roles.
     *
     * @throws NullPointerException if {@code roles} is or holds null
     */
    public Member {
      roles = List.copyOf(roles);
    }
  }
}
