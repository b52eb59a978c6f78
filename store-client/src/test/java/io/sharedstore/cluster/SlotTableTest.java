package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the routing: a key's owner in a slot map, the key each operation is routed
 * by, and when the map is asked for again.
 */
class SlotTableTest {

  private static SlotMap map(int slots, List<String> nodes, List<String> unreachable,
      java.util.function.IntUnaryOperator owner) {
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      owners.add(owner.applyAsInt(i));
    }
    return new SlotMap(slots, nodes, owners, unreachable);
  }

  @Test
  void aKeyGoesToTheOwnerOfItsSlot() {
    SlotTable table = SlotTable.of(map(16, List.of("a:1", "b:2"), List.of(), s -> s % 2));
    KeySlots slots = new KeySlots(16);
    for (String key : List.of("x", "user:1", "user:2", "{guild:42}:members", "z")) {
      String expected = slots.slotOf(key) % 2 == 0 ? "a:1" : "b:2";
      assertEquals(Optional.of(expected), table.ownerOf(key), key);
    }
    assertTrue(table.isCluster());
    assertEquals(16, table.slots());
    assertFalse(table.hasUnownedSlot());
    assertEquals(List.of("a:1", "b:2"), List.copyOf(table.owners()));
  }

  @Test
  void anOwnerHintMovesOneSlotAddingItsNodeIfNew() {
    SlotTable table = SlotTable.of(map(8, List.of("a:1", "b:2"), List.of(), s -> s % 2));
    SlotTable known = table.withOwner(3, "a:1");
    assertEquals(Optional.of("a:1"), known.ownerOfSlot(3));
    assertEquals(List.of("a:1", "b:2"), known.nodes());
    SlotTable added = table.withOwner(4, "c:3");
    assertEquals(Optional.of("c:3"), added.ownerOfSlot(4));
    assertEquals(List.of("a:1", "b:2", "c:3"), added.nodes());
    for (int slot = 0; slot < 8; slot++) {
      if (slot != 4) {
        assertEquals(table.ownerOfSlot(slot), added.ownerOfSlot(slot), "slot " + slot);
      }
    }
    assertEquals(Optional.of("a:1"), table.ownerOfSlot(4), "the table itself is unchanged");
    assertThrows(IllegalArgumentException.class, () -> table.withOwner(8, "a:1"));
  }

  @Test
  void keysWithOneHashTagShareAnOwner() {
    SlotTable table = SlotTable.of(map(1024, List.of("a:1", "b:2", "c:3"), List.of(),
        s -> s % 3));
    assertEquals(table.ownerOf("{guild:42}:prefix"), table.ownerOf("{guild:42}:members"));
    assertEquals(table.slotOf("{guild:42}:a"), table.slotOf("guild:42"));
  }

  @Test
  void aSlotWithoutOwnerHasNone() {
    SlotTable table = SlotTable.of(map(4, List.of("a:1"), List.of(), s -> s == 2 ? -1 : 0));
    assertTrue(table.hasUnownedSlot());
    String unowned = null;
    for (int i = 0; unowned == null; i++) {
      if (table.slotOf("k" + i) == 2) {
        unowned = "k" + i;
      }
    }
    assertEquals(Optional.empty(), table.ownerOf(unowned));
  }

  @Test
  void aSingleManagersMapHasNoOwners() {
    assertEquals(SlotTable.NONE, SlotTable.of(SlotMap.NOT_A_CLUSTER));
    assertFalse(SlotTable.NONE.isCluster());
    assertEquals(Optional.empty(), SlotTable.NONE.ownerOf("x"));
  }

  @Test
  void anOwnerOutsideTheNodesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SlotTable.of(map(2, List.of("a:1"), List.of(), s -> s)));
    assertTrue(e.getMessage().contains("slot 1 names node 1"), e.getMessage());
  }

  @Test
  void operationsAreRoutedByTheirKeyTheFirstKeyOrAnyNode() {
    assertEquals("k", RoutingKeys.of("k", new Operation.Get("k")));
    assertEquals("k", RoutingKeys.of("k", new Operation.Increment("k", 1, OptionalLong.empty(),
        Optional.empty())));
    assertEquals("b", RoutingKeys.of("", new Operation.GetAll(List.of("b", "a"))));
    Map<String, io.sharedstore.store.protocol.Bytes> entries = new LinkedHashMap<>();
    entries.put("z", io.sharedstore.store.protocol.Bytes.wrap(new byte[] {1}));
    entries.put("a", io.sharedstore.store.protocol.Bytes.wrap(new byte[] {2}));
    assertEquals("z", RoutingKeys.of("", new Operation.SetAll(entries, OptionalLong.empty())));
    assertEquals(null, RoutingKeys.of("*", new Operation.Scan("*", "", 10)));
    assertEquals(null, RoutingKeys.of("", new Operation.Size()));
    assertEquals(null, RoutingKeys.of("*", new Operation.DeleteAll("*")));
    assertEquals(null, RoutingKeys.of("", new Operation.GetInfo()));
    assertEquals(null, RoutingKeys.of("", new Operation.GetStats()));
    assertEquals(null, RoutingKeys.of("", new Operation.Echo()));
    assertEquals(null, RoutingKeys.of("", new Operation.GetAll(List.of())));
  }

  @Test
  void theMapIsAskedSoonWhileUnsettledElseRarely() {
    SlotMapRefresh refresh = new SlotMapRefresh(Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofMillis(500));
    SlotTable settled = SlotTable.of(map(4, List.of("a:1", "b:2"), List.of(), s -> s % 2));
    assertEquals(Duration.ofSeconds(5), refresh.nextDelay(settled, false));
    assertEquals(Duration.ofSeconds(1), refresh.nextDelay(settled, true), "a node unreachable");
    assertEquals(Duration.ofSeconds(1), refresh.nextDelay(SlotTable.NONE, false), "no map yet");
    assertEquals(Duration.ofSeconds(1), refresh.nextDelay(
        SlotTable.of(map(4, List.of("a:1"), List.of(), s -> s == 0 ? -1 : 0)), false),
        "a slot without owner");
    assertEquals(Duration.ofSeconds(1), refresh.nextDelay(
        SlotTable.of(map(4, List.of("a:1", "b:2"), List.of("b:2"), s -> s % 2)), false),
        "the answering node cannot reach another");
  }

  @Test
  void refreshSettingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new SlotMapRefresh(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new SlotMapRefresh(
        Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new SlotMapRefresh(
        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO));
    assertEquals(SlotMapRefresh.DEFAULTS, SlotMapRefresh.create(
        com.typesafe.config.ConfigFactory.load()));
  }

  @Test
  void anAnswerDecidesTheMode() {
    SlotMap real = map(4, List.of("a:1"), List.of(), s -> 0);
    assertEquals(SlotMapRefresher.Step.SINGLE, SlotMapRefresher.onAnswer(false, SlotMap.NOT_A_CLUSTER));
    assertEquals(SlotMapRefresher.Step.IGNORE, SlotMapRefresher.onAnswer(true, SlotMap.NOT_A_CLUSTER));
    assertEquals(SlotMapRefresher.Step.APPLY, SlotMapRefresher.onAnswer(false, real));
    assertEquals(SlotMapRefresher.Step.APPLY, SlotMapRefresher.onAnswer(true, real));
  }

  @Test
  void aClientOfOneAddressGivesUpOnAMapOnlyAfterTheConnectTimeout() {
    Duration connect = Duration.ofSeconds(10);
    assertFalse(SlotMapRefresher.givesUp(true, false, Duration.ofSeconds(9), connect));
    assertTrue(SlotMapRefresher.givesUp(true, false, Duration.ofSeconds(10), connect));
    assertFalse(SlotMapRefresher.givesUp(false, false, Duration.ofSeconds(60), connect),
        "several addresses: keep asking");
    assertFalse(SlotMapRefresher.givesUp(true, true, Duration.ofSeconds(60), connect),
        "a cluster's client keeps asking");
  }
}
