package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the cluster on and no seed nodes, a manager forms a store cluster of its own: it becomes
 * Up with role store, its Split Brain Resolver in place, and still listens where it said. The
 * manager's checks of where it listens hold for a store node as for the single manager.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterMemberTest {

  @Test
  void withoutSeedNodesTheManagerJoinsItselfAndIsUpWithRoleStore() {
    ActorSystem<Void> manager =
        ManagerNode.start(
            ConfigFactory.parseMap(
                    Map.of("shared-store.manager.port", 0, "shared-store.cluster.enabled", true,
                        "shared-store.cluster.durability", "none"))
                .withFallback(ConfigFactory.load()));
    try {
      Cluster cluster = Cluster.get(manager);
      TestProbe<ClusterEvent.MemberUp> up = TestProbe.create(manager);
      cluster.subscriptions().tell(Subscribe.create(up.getRef(), ClusterEvent.MemberUp.class));

      // The member as the event carries it: cluster.selfMember() is a view updated after it.
      Member self = up.receiveMessage(Duration.ofSeconds(20)).member();
      assertEquals(manager.address(), self.address());
      assertEquals(MemberStatus.up(), self.status());
      assertTrue(self.hasRole("store"), self.toString());
      assertTrue(manager.address().getPort().get() > 0);
      assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
          manager.settings().config().getString("pekko.cluster.downing-provider-class"));
    } finally {
      // stopped while it starts its slots: the shard region's graceful stop waits out the
      // messages it still buffers (cluster-sharding-shutdown-region, 10 s), then stops anyway
      ActorTestKit.shutdown(manager, Duration.ofSeconds(30));
    }
  }

  @Test
  void aStoreNodeOnANonLoopbackHostWithoutTlsIsRefusedAsTheSingleManagerIs() {
    InsecureRemoteException e = assertThrows(InsecureRemoteException.class, () ->
        ManagerNode.start(
            ConfigFactory.parseMap(Map.of(
                    "shared-store.manager.host", "0.0.0.0",
                    "shared-store.manager.port", 0,
                    "shared-store.cluster.enabled", true, "shared-store.cluster.durability", "none",
                    "shared-store.cluster.seed-nodes", List.of("127.0.0.1:2551")))
                .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("refusing to listen on [0.0.0.0]"), e.getMessage());
  }
}
