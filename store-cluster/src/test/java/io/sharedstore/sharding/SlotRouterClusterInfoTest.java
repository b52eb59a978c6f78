package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreActor;
import io.sharedstore.store.Timeline;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetClusterInfo;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
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
    first = ActorTestKit.create("shared-store", InProcessNodes.nodeConfig(SLOTS, "none"));
    second = ActorTestKit.create("shared-store", InProcessNodes.nodeConfig(SLOTS, "none"));
    InProcessNodes.joinAndAwaitUp(List.of(first, second), WAIT);
    routerA = first.spawn(InProcessNodes.memoryRouter(first, SLOTS, WAIT), "store");
    routerB = second.spawn(InProcessNodes.memoryRouter(second, SLOTS, WAIT), "store");
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

  @Test
  void theStatusPagesTimelineAskIsAnsweredEmpty() {
    TestProbe<Timeline> probe = first.createTestProbe();
    routerA.tell(new StoreActor.GetTimeline(probe.getRef()));
    assertEquals(List.of(), probe.receiveMessage(WAIT).points());
  }
}
