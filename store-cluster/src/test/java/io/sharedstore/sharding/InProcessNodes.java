package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Store nodes as ActorSystems in the test's JVM: a real Pekko Cluster over Artery on loopback
 * (free ports), role store, and the batches the tests send their routers.
 */
final class InProcessNodes {

  private InProcessNodes() {}

  /** A store node's config: cluster provider, port 0, {@code slots} slots in {@code durability}. */
  static Config nodeConfig(int slots, String durability) {
    return ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", 0,
            "pekko.cluster.roles", List.of(SlotSharding.ROLE),
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "shared-store.cluster.slots", slots,
            "shared-store.cluster.durability", durability))
        .withFallback(ConfigFactory.load());
  }

  /** Joins every kit to the first one's address and waits until the first sees them all Up. */
  static void joinAndAwaitUp(List<ActorTestKit> kits, Duration within) {
    Cluster first = Cluster.get(kits.get(0).system());
    for (ActorTestKit kit : kits) {
      Cluster.get(kit.system()).manager().tell(Join.create(first.selfMember().address()));
    }
    kits.get(0).createTestProbe().awaitAssert(within, () -> {
      long up = 0;
      for (var member : first.state().getMembers()) {
        up += member.status() == MemberStatus.up() ? 1 : 0;
      }
      assertEquals(kits.size(), up);
      return null;
    });
  }

  /**
   * A router over this node's own shard region of {@code slots} slots in memory (no handover),
   * as {@code ClusterStore} builds it minus the handover.
   */
  static Behavior<Command> memoryRouter(ActorTestKit kit, int slots, Duration gatherTimeout) {
    StoreSettings settings = StoreSettings.create(kit.system().settings().config());
    SlotSharding sharding = SlotSharding.start(
        kit.system(), slots, settings, SlotDurability.NONE, StoreClock.system());
    return SlotRouter.create(sharding, "test-epoch", gatherTimeout, settings.maxValueSize());
  }

  /** Sends the requests to {@code router} as one batch; answers every outcome by id. */
  static Map<Long, Outcome> batch(ActorTestKit kit, ActorRef<Command> router,
      List<Request> requests, Duration within) {
    TestProbe<Replies> probe = kit.createTestProbe();
    router.tell(new Batch(requests, probe.getRef()));
    Map<Long, Outcome> outcomes = new HashMap<>();
    while (outcomes.size() < requests.size()) {
      for (Outcome outcome : probe.receiveMessage(within).outcomes()) {
        outcomes.put(outcome.id(), outcome);
      }
    }
    return outcomes;
  }
}
