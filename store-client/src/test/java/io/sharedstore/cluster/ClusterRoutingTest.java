package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's slot routing against two store nodes over real remoting ({@link FakeStoreNode}s:
 * real store actors that answer a slot map the test chooses, and forward nothing, so where a key
 * landed shows where the client sent it): each key goes to its slot's owner; a stopped node's
 * slots fail fast while the other's work; a new map that gives them to the live node heals
 * them.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRoutingTest {

  private static final int SLOTS = 16;

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ConfigFactory.parseString(
              """
              pekko.actor.provider = remote
              pekko.remote.artery.canonical.hostname = 127.0.0.1
              pekko.remote.artery.canonical.port = 0
              """)
          .withFallback(fastConfig()))
      .build();

  private static Config fastConfig() {
    return FastRouting.config(Duration.ofSeconds(5));
  }

  /** Even slots on {@code a}, odd ones on {@code b}. */
  private static SlotMap split(FakeStoreNode a, FakeStoreNode b) {
    return FastRouting.split(SLOTS, a, b);
  }

  /** Every slot on {@code a}, which alone is in the map. */
  private static SlotMap allOn(FakeStoreNode a) {
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      owners.add(0);
    }
    return new SlotMap(SLOTS, List.of(a.address()), owners, List.of());
  }

  /** {@code count} keys whose slot is even ({@code even}) or odd. */
  private static List<String> keys(boolean even, int count) {
    KeySlots slots = new KeySlots(SLOTS);
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "key-" + i;
      if ((slots.slotOf(key) % 2 == 0) == even) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Test
  void anAnswerNamingAnotherOwnerRoutesTheSlotThereAtOnce() throws Exception {
    try (FakeStoreNode a = new FakeStoreNode(); FakeStoreNode b = new FakeStoreNode()) {
      List<Integer> owners = new ArrayList<>(java.util.Collections.nCopies(SLOTS, 0));
      a.answer(new SlotMap(SLOTS, List.of(a.address(), b.address()), owners, List.of()));
      Config noRefresh = ConfigFactory.parseString(
              """
              shared-store.client.slot-map.interval = 1h
              shared-store.client.slot-map.unsettled-interval = 1h
              """)
          .withFallback(fastConfig());
      try (ClusterClient client = ClusterClient.connect(7, a.address(), noRefresh)) {
        awaitMode(client, NodeConnections.Mode.CLUSTER);
        client.awaitReachable(Duration.ofSeconds(10));
        String key = "moved-key";
        int slot = new KeySlots(SLOTS).slotOf(key);
        a.hint(new Replies.Owner(slot, "127.0.0.1:" + freePort())); // a node the map lacks
        await(client.store().set(key, 0));
        assertEquals(Optional.of(a.address()), client.nodes().table().ownerOf(key),
            "a hint naming a node outside the map waits for the map");
        a.hint(new Replies.Owner(slot, b.address())); // "a forwarded it: b serves it now"
        await(client.store().set(key, 1));
        assertTrue(a.stored(key).isPresent(), "the first call went by the map");
        assertEquals(Optional.of(b.address()), client.nodes().table().ownerOf(key));
        await(client.store().set(key, 2));
        assertTrue(b.stored(key).isPresent(), "the next call went to the hinted owner");
        String other = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "other-" + i)
            .filter(k -> new KeySlots(SLOTS).slotOf(k) != slot).findFirst().orElseThrow();
        assertEquals(Optional.of(a.address()), client.nodes().table().ownerOf(other),
            "the other slots stay");
      }
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitMode(ClusterClient client, NodeConnections.Mode mode) {
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(mode, client.nodes().mode());
      return null;
    });
  }

  @Test
  void eachKeyGoesToItsSlotsOwnerAndAStoppedNodesSlotsFailFast() throws Exception {
    FakeStoreNode a = new FakeStoreNode();
    FakeStoreNode b = new FakeStoreNode();
    try {
      a.answer(split(a, b));
      b.answer(split(a, b));
      try (ClusterClient client = ClusterClient.connect(1, a.address(), fastConfig())) {
        awaitMode(client, NodeConnections.Mode.CLUSTER);
        StoreClient store = client.store();
        List<String> onA = keys(true, 10);
        List<String> onB = keys(false, 10);
        for (String key : onA) {
          await(store.set(key, key));
        }
        for (String key : onB) {
          await(store.set(key, key));
        }
        for (String key : onA) {
          assertTrue(a.stored(key).isPresent(), key + " on a");
          assertFalse(b.stored(key).isPresent(), key + " not on b");
          assertEquals(Optional.of(key), await(store.get(key, String.class)));
        }
        for (String key : onB) {
          assertTrue(b.stored(key).isPresent(), key + " on b");
          assertFalse(a.stored(key).isPresent(), key + " not on a");
        }
        // getAll goes to the owner of the first key's slot (it gathers there)
        Map<String, String> both = await(store.getAll(List.of(onB.get(0), onB.get(1)),
            String.class));
        assertEquals(Map.of(onB.get(0), onB.get(0), onB.get(1), onB.get(1)), both);
        client.awaitReachable(Duration.ofSeconds(10));
        assertTrue(client.isManagerReachable());

        b.close();
        TestProbe<Void> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
          assertFalse(client.isManagerReachable());
          return null;
        });
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> store.get(onB.get(0), String.class).toCompletableFuture()
                .get(1, TimeUnit.SECONDS));
        StoreUnavailableException unavailable =
            assertInstanceOf(StoreUnavailableException.class, failed.getCause());
        assertEquals(b.address(), unavailable.managerAddress());
        for (String key : onA) { // the other node's slots keep working
          assertEquals(Optional.of(key), await(store.get(key, String.class)));
        }

        a.answer(allOn(a)); // the cluster moved b's slots to a
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
          assertEquals(1, client.nodes().links().size());
          assertTrue(client.isManagerReachable());
          return null;
        });
        await(store.set(onB.get(0), "moved"));
        assertTrue(a.stored(onB.get(0)).isPresent());
        assertEquals(Optional.of("moved"), await(store.get(onB.get(0), String.class)));
        assertThrows(UnsupportedOperationException.class,
            () -> store.nearCache("*", String.class));
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aListNamingOneSingleManagerAndADeadAddressIsThatManagersClient() throws Exception {
    String dead = "127.0.0.1:" + freePort();
    try (InJvmManager manager = new InJvmManager()) {
      try (ClusterClient client = ClusterClient.connect(2, dead + "," + manager.address(),
          fastConfig())) {
        awaitMode(client, NodeConnections.Mode.SINGLE);
        client.awaitReachable(Duration.ofSeconds(10));
        assertTrue(client.isManagerReachable());
        assertEquals(1, client.nodes().links().size());
        await(client.store().set("k", 41));
        assertEquals(42L, await(client.store().increment("k", 1)));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> client.store().nearCache("k*", Integer.class));
        assertTrue(e.getMessage().contains("the watches go to the first address"),
            e.getMessage());
      }
      try (ClusterClient client = ClusterClient.connect(3, manager.address() + "," + dead,
          fastConfig())) {
        awaitMode(client, NodeConnections.Mode.SINGLE);
        assertEquals(42L, await(client.store().get("k", Long.class)).orElseThrow());
        try (NearCache<Long> cache = client.store().nearCache("k*", Long.class)) {
          assertEquals(Optional.of(42L), await(cache.get("k")));
        }
      }
    }
  }

  @Test
  void oneSingleManagerStaysASingleManagersClient() throws Exception {
    try (InJvmManager manager = new InJvmManager();
        ClusterClient client = ClusterClient.connect(4, manager.address(), fastConfig())) {
      client.awaitReachable(Duration.ofSeconds(10));
      assertEquals(NodeConnections.Mode.SINGLE, client.nodes().mode());
      assertEquals(manager.address(), client.managerAddress());
      await(client.store().set("x", "y"));
      assertEquals(Optional.of("y"), await(client.store().get("x", String.class)));
    }
  }

  @Test
  void aSlotWithoutOwnerGoesToAnyReachableNodeAndTheStoreIsNotFullyReachable() {
    FakeStoreNode a = new FakeStoreNode();
    FakeStoreNode b = new FakeStoreNode();
    try {
      List<Integer> owners = new ArrayList<>();
      for (int i = 0; i < SLOTS; i++) {
        owners.add(i % 2 == 0 ? 1 : -1); // even slots on b, odd ones on nobody
      }
      SlotMap map = new SlotMap(SLOTS, List.of(a.address(), b.address()), owners, List.of());
      a.answer(map);
      b.answer(map);
      try (ClusterClient client = ClusterClient.connect(5, a.address() + "," + b.address(),
          fastConfig())) {
        awaitMode(client, NodeConnections.Mode.CLUSTER);
        TestProbe<Void> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
          client.nodes().links().forEach(link -> assertTrue(link.state().isReachable()));
          return null;
        });
        String unowned = keys(false, 1).get(0);
        String onB = keys(true, 1).get(0);
        await(client.store().set(onB, "b"));
        await(client.store().set(unowned, "any"));
        assertTrue(b.stored(onB).isPresent());
        assertFalse(a.stored(onB).isPresent());
        // both nodes answer: "any" is the first reachable in the map's order, a
        assertTrue(a.stored(unowned).isPresent());
        assertFalse(b.stored(unowned).isPresent());
        assertFalse(client.isManagerReachable(), "a slot has no owner");
        // size goes to one node, the same a (a real node gathers over all slots; a fake one not)
        assertEquals(1L, await(client.store().size()));
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void createReadsTheStoreNodesFromTheConfiguration() {
    FakeStoreNode a = new FakeStoreNode();
    FakeStoreNode b = new FakeStoreNode();
    ActorSystem<Void> system = null;
    try {
      a.answer(split(a, b));
      b.answer(split(a, b));
      system = ActorSystem.create(Behaviors.empty(), "routing-app", ConfigFactory.parseString(
              "shared-store.client.store-nodes = [\"" + b.address() + "\"]")
          .withFallback(testKit.system().settings().config()));
      try (ClusterClient client = ClusterClient.create(system, 6)) {
        assertEquals(b.address(), client.managerAddress());
        awaitMode(client, NodeConnections.Mode.CLUSTER);
        String onA = keys(true, 1).get(0);
        await(client.store().set(onA, "a"));
        assertTrue(a.stored(onA).isPresent());
        assertEquals(2, client.nodes().links().size());
      }
      ActorSystem<Void> bad = ActorSystem.create(Behaviors.empty(), "routing-bad",
          ConfigFactory.parseString("shared-store.client.store-nodes = [\"h:1\", \"h2\"]")
              .withFallback(testKit.system().settings().config()));
      try {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> ClusterClient.create(bad, 7));
        assertTrue(e.getMessage().contains("address 2 of shared-store.client.store-nodes"),
            e.getMessage());
      } finally {
        ActorTestKit.shutdown(bad);
      }
    } finally {
      if (system != null) {
        ActorTestKit.shutdown(system);
      }
      a.close();
      b.close();
    }
  }

  @Test
  void aBadAddressInTheListIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterClient.connect(4, "127.0.0.1:1,127.0.0.1:port"));
    assertTrue(e.getMessage().contains("[127.0.0.1:port]"), e.getMessage());
  }
}
