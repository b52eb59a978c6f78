package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SlotMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three store nodes in one JVM with their slots in memory ({@code durability = none}), each with
 * its {@link SlotHandover}: one node shut down gracefully (CoordinatedShutdown: it leaves, its
 * shards hand off) hands its slots' data over, and every key written before is read back
 * through another node, none lost.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotHandoverTest {

  private static final int SLOTS = 12;
  private static final int KEYS = 600;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ActorTestKit> kits = new ArrayList<>();
  private final List<ActorRef<Command>> routers = new ArrayList<>();

  @BeforeAll
  void startThreeNodes() {
    for (int i = 0; i < 3; i++) {
      kits.add(ActorTestKit.create("shared-store", InProcessNodes.nodeConfig(SLOTS, "none")));
    }
    InProcessNodes.joinAndAwaitUp(kits, WAIT);
    for (ActorTestKit kit : kits) {
      Config config = kit.system().settings().config();
      routers.add(kit.spawn(ClusterStore.create(ClusterStoreSettings.create(config),
          StoreSettings.create(config)), "store"));
    }
  }

  @AfterAll
  void stop() {
    // the last nodes hand their slots over to each other as they go: give them the time
    for (int i = kits.size() - 1; i >= 0; i--) {
      ActorTestKit.shutdown(kits.get(i).system(), Duration.ofSeconds(60));
    }
  }

  @Test
  void aNodeThatLeavesHandsItsSlotsOverWithTheirData() {
    List<Request> sets = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      sets.add(new Request(i, new Operation.Set("handover:" + i, value(i), OptionalLong.empty())));
    }
    batch(kits.get(0), routers.get(0), sets);
    String leaving = kits.get(2).system().address().getHost().get() + ":"
        + kits.get(2).system().address().getPort().get();
    TestProbe<SlotMap> maps = kits.get(0).createTestProbe();
    maps.awaitAssert(WAIT, () -> {
      routers.get(0).tell(new GetSlotMap(maps.getRef()));
      SlotMap map = maps.receiveMessage();
      int index = map.nodes().indexOf(leaving);
      assertTrue(index >= 0 && map.owners().contains(index),
          "the leaving node serves slots: " + map);
      return null;
    });

    kits.get(2).shutdownTestKit(); // CoordinatedShutdown: leave, hand the shards off

    List<Request> gets = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      gets.add(new Request(i, new Operation.Get("handover:" + i)));
    }
    Map<Long, Outcome> read = batch(kits.get(1), routers.get(1), gets);
    int found = 0;
    for (int i = 0; i < KEYS; i++) {
      Reply reply = read.get((long) i).reply().orElseThrow();
      if (reply.equals(new Reply.Value(Optional.of(value(i))))) {
        found++;
      }
    }
    assertEquals(KEYS, found, "keys read back after the leave");
  }

  private static Bytes value(int i) {
    return Bytes.wrap(("\"v" + i + "\"").getBytes(StandardCharsets.UTF_8));
  }

  private static Map<Long, Outcome> batch(ActorTestKit kit, ActorRef<Command> router,
      List<Request> requests) {
    return InProcessNodes.batch(kit, router, requests, WAIT);
  }
}
