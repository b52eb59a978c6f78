package io.sharedstore.manager;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Logs the store cluster's membership at INFO as this manager sees it: each member that is Up
 * (and, once, this manager itself), unreachable, reachable again or removed, with its address
 * and roles and how many members are Up. Holds only the set of addresses it saw Up, rebuilt
 * from the cluster's state when it starts.
 */
final class ClusterEvents extends AbstractBehavior<ClusterEvent.ClusterDomainEvent> {

  private final Address self;
  private final Set<Address> up = new HashSet<>();

  private ClusterEvents(ActorContext<ClusterEvent.ClusterDomainEvent> context) {
    super(context);
    Cluster cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().address();
    cluster.subscriptions()
        .tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
    cluster.subscriptions()
        .tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
  }

  /** Subscribes to the member and reachability events of the manager's cluster. */
  static Behavior<ClusterEvent.ClusterDomainEvent> create() {
    return Behaviors.setup(ClusterEvents::new);
  }

  @Override
  public Receive<ClusterEvent.ClusterDomainEvent> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClusterEvent.MemberUp.class, this::onMemberUp)
        .onMessage(ClusterEvent.MemberRemoved.class, this::onMemberRemoved)
        .onMessage(ClusterEvent.UnreachableMember.class, this::onUnreachable)
        .onMessage(ClusterEvent.ReachableMember.class, this::onReachable)
        .onMessage(ClusterEvent.MemberDowned.class, this::onMemberDowned)
        .onAnyMessage(this::onOtherEvent)
        .build();
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onMemberUp(ClusterEvent.MemberUp event) {
    Member member = event.member();
    up.add(member.address());
    getContext().getLog().info(
        "Store cluster member Up: [{}] roles {} ({} members Up)",
        member.address(), member.getRoles(), up.size());
    if (member.address().equals(self)) {
      getContext().getLog().info(
          "This manager is Up in the store cluster as [{}] with roles {}",
          self, member.getRoles());
    }
    return this;
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onMemberRemoved(
      ClusterEvent.MemberRemoved event) {
    Member member = event.member();
    up.remove(member.address());
    getContext().getLog().info(
        "Store cluster member Removed: [{}] roles {}, was {} ({} members Up)",
        member.address(), member.getRoles(), event.previousStatus(), up.size());
    return this;
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onMemberDowned(
      ClusterEvent.MemberDowned event) {
    Member member = event.member();
    up.remove(member.address());
    getContext().getLog().info(
        "Store cluster member Downed: [{}] roles {} ({} members Up)",
        member.address(), member.getRoles(), up.size());
    if (member.address().equals(self)) {
      getContext().getLog().warn(
          "This manager [{}] was downed by the store cluster: it stops and exits with status {}",
          self, StoreCluster.DOWNED_EXIT_STATUS);
    }
    return this;
  }

  /** Joining, leaving, exiting: the steps between the states logged above. */
  private Behavior<ClusterEvent.ClusterDomainEvent> onOtherEvent(
      ClusterEvent.ClusterDomainEvent event) {
    return this;
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onUnreachable(
      ClusterEvent.UnreachableMember event) {
    Member member = event.member();
    getContext().getLog().info(
        "Store cluster member Unreachable: [{}] roles {} status {}",
        member.address(), member.getRoles(), member.status());
    return this;
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onReachable(
      ClusterEvent.ReachableMember event) {
    Member member = event.member();
    getContext().getLog().info(
        "Store cluster member Reachable again: [{}] roles {} status {}",
        member.address(), member.getRoles(), member.status());
    return this;
  }
}
