package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetClusterInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two store nodes in one JVM (as {@link SlotRouterTest}), the slots in memory: each router
 * answers {@link GetClusterInfo} with both members, Up and reachable, with role store, the slots
 * each serves adding up to all of them once placed, and itself named as {@code self}.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotRouterClusterInfoTest {

  private static final int SLOTS = 16;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ActorTestKit first;
  private ActorTestKit second;
  private ActorRef<Command> routerA;
  private ActorRef<Command> routerB;

  @BeforeAll
  void startTwoNodes() {
    first = ActorTestKit.create("shared-store", nodeConfig());
    second = ActorTestKit.create("shared-store", nodeConfig());
    Cluster a = Cluster.get(first.system());
    a.manager().tell(Join.create(a.selfMember().address()));
    Cluster.get(second.system()).manager().tell(Join.create(a.selfMember().address()));
    TestProbe<Object> probe = first.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      long up = 0;
      for (var member : a.state().getMembers()) {
        up += member.status() == MemberStatus.up() ? 1 : 0;
      }
      assertEquals(2, up);
      return null;
    });
    routerA = first.spawn(router(first), "store");
    routerB = second.spawn(router(second), "store");
  }

  private static Config nodeConfig() {
    return ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.cluster.roles", List.of(SlotSharding.ROLE),
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "shared-store.cluster.slots", SLOTS))
        .withFallback(ConfigFactory.load());
  }

  private static org.apache.pekko.actor.typed.Behavior<Command> router(ActorTestKit kit) {
    StoreSettings settings = StoreSettings.create(kit.system().settings().config());
    SlotSharding sharding = SlotSharding.start(
        kit.system(), SLOTS, settings, SlotDurability.NONE, StoreClock.system());
    return SlotRouter.create(sharding, "test-epoch", WAIT, settings.maxValueSize());
  }

  @AfterAll
  void stop() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }

  @Test
  void eachNodeNamesBothMembersAndTheSlotsTheyServe() {
    String a = hostPort(Cluster.get(first.system()).selfMember().address());
    String b = hostPort(Cluster.get(second.system()).selfMember().address());
    TestProbe<ClusterInfo> probe = first.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      routerA.tell(new GetClusterInfo(probe.getRef()));
      ClusterInfo info = probe.receiveMessage();
      assertTrue(info.isCluster());
      assertEquals(a, info.self());
      assertEquals(SLOTS, info.slots());
      assertEquals("none", info.durability());
      assertEquals(0, info.unplaced(), info::toString);
      assertEquals(2, info.members().size(), info::toString);
      int served = 0;
      for (ClusterInfo.Member member : info.members()) {
        assertEquals("up", member.status());
        assertTrue(member.reachable());
        assertEquals(List.of(SlotSharding.ROLE), member.roles());
        served += member.slotsServed();
      }
      assertEquals(SLOTS, served, info::toString);
      assertEquals(List.of(a, b).stream().sorted().toList(),
          info.members().stream().map(ClusterInfo.Member::address).sorted().toList());
      return null;
    });

    TestProbe<ClusterInfo> other = second.createTestProbe();
    routerB.tell(new GetClusterInfo(other.getRef()));
    ClusterInfo fromB = other.receiveMessage();
    assertEquals(b, fromB.self());
    assertEquals(2, fromB.members().size());
    first.serializationTestKit().verifySerialization(fromB, true);
  }

  private static String hostPort(Address address) {
    return address.getHost().get() + ":" + address.getPort().get();
  }
}
