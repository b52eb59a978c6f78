package io.sharedstore.sharding;

import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.SlotMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * This node's view of which node serves each slot, for {@link SlotMap} answers: every {@link
 * #REFRESH} it asks the sharding which shards each region holds (a region that does not answer
 * within the refresh counts as holding none) and reads the membership (the store members, the
 * unreachable ones). A child of the {@link SlotRouter}; answers from its last view at once, and
 * tells the router the slots no node serves. A {@link ClusterInfo} is built at each ask from the
 * membership as it is now (every member, not only the Up ones) and the sharding's last count of
 * the shards each region holds.
 *
 * <p>State: the last view and the last sharding count, in memory.
 */
final class SlotMapView {

  /** How often the view is refreshed. */
  static final Duration REFRESH = Duration.ofSeconds(1);

  interface Message {}

  /** Answer the last view. */
  record Get(ActorRef<SlotMap> replyTo) implements Message {}

  /** Answer the cluster's members and the slots each serves. */
  record GetInfo(ActorRef<ClusterInfo> replyTo) implements Message {}

  private record Stats(ShardRegion.ClusterShardingStats stats) implements Message {}

  private enum Refresh implements Message {
    INSTANCE
  }

  private SlotMapView() {}

  /**
   * The view of the slots of {@code shards} in {@code durability}; each refresh that finds slots
   * no node serves tells {@code unplaced} which (so that the router starts them).
   */
  static Behavior<Message> create(SlotShards shards, SlotDurability durability,
      ActorRef<io.sharedstore.store.protocol.Command> unplaced) {
    int slots = shards.slots();
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Refresh.INSTANCE, Duration.ZERO, REFRESH);
      SlotMap[] view = {SlotRouter.emptyMap(slots)};
      ShardRegion.ClusterShardingStats[] lastStats = {null};
      String mode = durability.name().toLowerCase(Locale.ROOT);
      ActorRef<ShardRegion.ClusterShardingStats> statsAdapter =
          context.messageAdapter(ShardRegion.ClusterShardingStats.class, Stats::new);
      return Behaviors.receive(Message.class)
          .onMessage(Get.class, get -> {
            get.replyTo().tell(view[0]);
            return Behaviors.same();
          })
          .onMessage(GetInfo.class, get -> {
            get.replyTo().tell(info(context, shards, mode, lastStats[0]));
            return Behaviors.same();
          })
          .onMessageEquals(Refresh.INSTANCE, () -> {
            ClusterSharding.get(context.getSystem()).shardState().tell(
                new GetClusterShardingStats(SlotSharding.SLOT, REFRESH, statsAdapter));
            return Behaviors.same();
          })
          .onMessage(Stats.class, stats -> {
            lastStats[0] = stats.stats();
            view[0] = build(context, shards, stats.stats());
            List<Integer> none = new ArrayList<>();
            for (int slot = 0; slot < slots; slot++) {
              if (view[0].owners().get(slot) < 0) {
                none.add(slot);
              }
            }
            if (!none.isEmpty()) {
              unplaced.tell(new SlotRouter.Unplaced(none));
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static SlotMap build(ActorContext<Message> context, SlotShards shards,
      ShardRegion.ClusterShardingStats stats) {
    Cluster cluster = Cluster.get(context.getSystem());
    List<String> nodes = new ArrayList<>();
    List<Address> addresses = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      if (member.hasRole(SlotSharding.ROLE) && member.status() == MemberStatus.up()) {
        addresses.add(member.address());
        nodes.add(hostPort(member.address()));
      }
    }
    List<String> unreachable = new ArrayList<>();
    for (Member member : cluster.state().getUnreachable()) {
      unreachable.add(hostPort(member.address()));
    }
    int slots = shards.slots();
    List<Integer> owners = new ArrayList<>(Collections.nCopies(slots, -1));
    for (Map.Entry<Address, ShardRegion.ShardRegionStats> region : stats.getRegions().entrySet()) {
      int node = addresses.indexOf(region.getKey());
      if (node < 0) {
        continue;
      }
      for (String shard : region.getValue().getStats().keySet()) {
        shards.slotsOf(shard).forEach(slot -> owners.set(slot, node));
      }
    }
    return new SlotMap(slots, nodes, owners, unreachable);
  }

  /**
   * The cluster as this node sees it: every member in address order, its status, whether this
   * node finds it reachable, and how many slots its region held at the last count (a slot counted
   * in two regions while it moves is counted once, at the last one read); unplaced: the slots no
   * region held ({@code stats} null: none counted yet).
   */
  static ClusterInfo info(ActorContext<Message> context, SlotShards shards, String durability,
      ShardRegion.ClusterShardingStats stats) {
    Cluster cluster = Cluster.get(context.getSystem());
    Set<Address> unreachable = new HashSet<>();
    for (Member member : cluster.state().getUnreachable()) {
      unreachable.add(member.address());
    }
    int slots = shards.slots();
    boolean[] placed = new boolean[slots];
    List<ClusterInfo.Member> members = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      int served = 0;
      ShardRegion.ShardRegionStats region =
          stats == null ? null : stats.getRegions().get(member.address());
      if (region != null) {
        for (String shard : region.getStats().keySet()) {
          for (int slot : shards.slotsOf(shard).toArray()) {
            served++;
            placed[slot] = true;
          }
        }
      }
      members.add(new ClusterInfo.Member(hostPort(member.address()), status(member.status()),
          !unreachable.contains(member.address()), roles(member), served));
    }
    int unplaced = 0;
    for (boolean p : placed) {
      unplaced += p ? 0 : 1;
    }
    return new ClusterInfo(hostPort(cluster.selfMember().address()), slots, durability, members,
        unplaced);
  }

  /** Pekko's status in lower case ({@code up}, {@code weaklyup}, ...). */
  static String status(MemberStatus status) {
    return status.toString().toLowerCase(Locale.ROOT);
  }

  /** Its roles but the data center's ({@code dc-default}), sorted. */
  private static List<String> roles(Member member) {
    List<String> roles = new ArrayList<>();
    for (String role : member.getRoles()) {
      if (!role.startsWith("dc-")) {
        roles.add(role);
      }
    }
    Collections.sort(roles);
    return roles;
  }

  /** A member's address as the slot map names nodes: {@code host:port}. */
  static String hostPort(Address address) {
    return new ManagerAddress(address.getHost().get(), (Integer) address.getPort().get())
        .toString();
  }
}
