package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two store nodes in one JVM (two ActorSystems, a real Pekko Cluster over Artery on loopback),
 * the slots in memory: any node answers any key (it forwards to the slot's owner), what spans
 * slots is gathered, a setAll across slots is refused, and the slot map names both nodes.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotRouterTest {

  private static final int SLOTS = 16;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ActorTestKit first;
  private ActorTestKit second;
  private ActorRef<Command> routerA;
  private ActorRef<Command> routerB;
  private final KeySlots keySlots = new KeySlots(SLOTS);

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
  void keysWrittenThroughOneNodeAreReadThroughTheOtherInEverySlot() {
    List<Request> sets = new ArrayList<>();
    Map<String, Integer> slotOf = new HashMap<>();
    for (int i = 0; slotOf.values().stream().distinct().count() < SLOTS; i++) {
      String key = "spread:" + i;
      slotOf.put(key, keySlots.slotOf(key));
      sets.add(new Request(i, new Operation.Set(key, value(i), OptionalLong.empty())));
    }
    Map<Long, Outcome> written = batch(first, routerA, sets);
    assertEquals(sets.size(), written.size());
    written.values().forEach(outcome -> assertTrue(outcome.reply().isPresent(), outcome::toString));

    List<Request> gets = new ArrayList<>();
    for (Request set : sets) {
      gets.add(new Request(set.id(), new Operation.Get(((Operation.Set) set.operation()).key())));
    }
    Map<Long, Outcome> read = batch(second, routerB, gets);
    for (Request set : sets) {
      assertEquals(new Reply.Value(Optional.of(value((int) set.id()))),
          read.get(set.id()).reply().orElseThrow());
    }
  }

  @Test
  void getAllGathersAcrossSlotsAndSetAllAcrossSlotsIsRefusedUnlessTagged() {
    String one = keyInSlot("gather:", 1);
    String two = keyInSlot("gather:", 2);
    Map<Long, Outcome> crossing = batch(first, routerA, List.of(new Request(1,
        new Operation.SetAll(Map.of(one, value(1), two, value(2)), OptionalLong.empty()))));
    String error = crossing.get(1L).error().orElseThrow();
    assertTrue(error.startsWith("[invalid]") && error.contains("[1, 2]"), error);
    Map<Long, Outcome> unchanged = batch(first, routerA,
        List.of(new Request(2, new Operation.Get(one))));
    assertEquals(new Reply.Value(Optional.empty()), unchanged.get(2L).reply().orElseThrow());

    Map<String, Bytes> tagged = new LinkedHashMap<>();
    tagged.put("{user7}.name", value(7));
    tagged.put("{user7}.score", value(8));
    assertTrue(batch(first, routerA, List.of(new Request(3,
        new Operation.SetAll(tagged, OptionalLong.empty())))).get(3L).reply().isPresent());
    batch(first, routerA, List.of(
        new Request(4, new Operation.Set(one, value(1), OptionalLong.empty())),
        new Request(5, new Operation.Set(two, value(2), OptionalLong.empty()))));

    Reply.Values values = (Reply.Values) batch(second, routerB, List.of(new Request(6,
        new Operation.GetAll(List.of(one, two, "{user7}.name", "missing:key")))))
        .get(6L).reply().orElseThrow();
    assertEquals(Map.of(one, value(1), two, value(2), "{user7}.name", value(7)),
        values.values());
  }

  @Test
  void scanListsEveryKeyOnceAcrossSlotsAndSizeAndDeleteAllCountEverySlot() {
    Set<String> keys = new HashSet<>();
    List<Request> sets = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "scan:" + i;
      keys.add(key);
      sets.add(new Request(i, new Operation.Set(key, value(i), OptionalLong.empty())));
    }
    batch(first, routerA, sets);
    Set<String> seen = new HashSet<>();
    String cursor = "";
    int pages = 0;
    do {
      Reply.KeyPage page = (Reply.KeyPage) batch(second, routerB,
          List.of(new Request(0, new Operation.Scan("scan:*", cursor, 7)))).get(0L)
          .reply().orElseThrow();
      assertTrue(page.keys().size() <= 7);
      for (String key : page.keys()) {
        assertTrue(seen.add(key), "listed twice: " + key);
      }
      cursor = page.cursor();
      pages++;
    } while (!cursor.isEmpty() && pages < 1000);
    assertEquals(keys, seen);

    Reply.DeletedKeys deleted = (Reply.DeletedKeys) execute(second, routerB,
        new Operation.DeleteAll("scan:*"));
    assertEquals(100, deleted.count());
    long left = ((Reply.Count) execute(first, routerA, new Operation.Size())).count();
    Reply.Stats stats = (Reply.Stats) batch(first, routerA,
        List.of(new Request(0, new Operation.GetStats()))).get(0L).reply().orElseThrow();
    assertEquals(left, stats.storedEntries());
    String refused = batch(first, routerA,
        List.of(new Request(9, new Operation.Scan("*", "nonsense", 5)))).get(9L)
        .error().orElseThrow();
    assertTrue(refused.contains("cursor [nonsense]"), refused);
  }

  @Test
  void theSlotMapNamesBothNodesAndTheOwnerOfEveryStartedSlot() {
    List<Request> touch = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      touch.add(new Request(slot, new Operation.Get(keyInSlot("touch:", slot))));
    }
    batch(first, routerA, touch);
    TestProbe<SlotMap> probe = second.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      routerB.tell(new GetSlotMap(probe.getRef()));
      SlotMap map = probe.receiveMessage();
      assertEquals(SLOTS, map.slots());
      assertEquals(2, map.nodes().size(), map.toString());
      assertTrue(map.owners().stream().allMatch(owner -> owner >= 0), map.toString());
      assertEquals(2, new HashSet<>(map.owners()).size(), "slots on both nodes: " + map);
      return null;
    });
  }

  @Test
  void aSlotOnTheOtherNodeAnswersWithItsOwnerAndOneHereWithout() {
    String a = SlotMapView.hostPort(Cluster.get(first.system()).selfMember().address());
    String b = SlotMapView.hostPort(Cluster.get(second.system()).selfMember().address());
    List<Request> touch = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      touch.add(new Request(slot, new Operation.Get(keyInSlot("hint:", slot))));
    }
    batch(first, routerA, touch);
    TestProbe<SlotMap> maps = first.createTestProbe();
    SlotMap map = maps.awaitAssert(WAIT, () -> {
      routerA.tell(new GetSlotMap(maps.getRef()));
      SlotMap now = maps.receiveMessage();
      assertTrue(now.owners().stream().allMatch(owner -> owner >= 0), now.toString());
      return now;
    });
    int onA = -1;
    int onB = -1;
    for (int slot = 0; slot < SLOTS; slot++) {
      String owner = map.nodes().get(map.owners().get(slot));
      if (owner.equals(a)) {
        onA = slot;
      } else if (owner.equals(b)) {
        onB = slot;
      }
    }
    assertTrue(onA >= 0 && onB >= 0, "slots on both nodes: " + map);
    TestProbe<Replies> probe = first.createTestProbe();
    routerA.tell(new Batch(List.of(new Request(1, new Operation.Get(keyInSlot("hint:", onB)))),
        probe.getRef()));
    assertEquals(Optional.of(new Replies.Owner(onB, b)), probe.receiveMessage(WAIT).owner(),
        "forwarded to the other node: its answer names it");
    routerA.tell(new Batch(List.of(new Request(2, new Operation.Get(keyInSlot("hint:", onA)))),
        probe.getRef()));
    assertEquals(Optional.empty(), probe.receiveMessage(WAIT).owner(), "served here: no hint");
  }

  private String keyInSlot(String prefix, int slot) {
    for (int i = 0; ; i++) {
      if (keySlots.slotOf(prefix + i) == slot) {
        return prefix + i;
      }
    }
  }

  private static Bytes value(int i) {
    return Bytes.wrap(("\"v" + i + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Map<Long, Outcome> batch(ActorTestKit kit, ActorRef<Command> router,
      List<Request> requests) {
    return InProcessNodes.batch(kit, router, requests, WAIT);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Reply execute(ActorTestKit kit, ActorRef<Command> router, Operation<?> op) {
    TestProbe<StatusReply> probe = kit.createTestProbe(StatusReply.class);
    router.tell(new Execute(op, (ActorRef) probe.getRef()));
    return (Reply) probe.receiveMessage(WAIT).getValue();
  }
}
