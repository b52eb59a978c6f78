package io.sharedstore.cluster;

import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.slots.KeySlots;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A client's copy of the store's slot map and the lookup of a key's owner: which store node
 * ({@code host:port}, as the map names it) serves the slot of a key. Immutable; a refresh makes
 * a new one. {@link #NONE} (no slots) is a single manager's, or a client's before any map came:
 * no key has an owner then.
 */
final class SlotTable {

  /** No slots: a single manager, or no map known yet. */
  static final SlotTable NONE = new SlotTable(SlotMap.NOT_A_CLUSTER);

  private final SlotMap map;
  private final KeySlots keySlots;

  private SlotTable(SlotMap map) {
    this.map = map;
    this.keySlots = map.slots() == 0 ? null : new KeySlots(map.slots());
  }

  /**
   * The table of {@code map}.
   *
   * @throws IllegalArgumentException if an owner is neither -1 nor an index into its nodes
   */
  static SlotTable of(SlotMap map) {
    for (int i = 0; i < map.slots(); i++) {
      int owner = map.owners().get(i);
      if (owner < -1 || owner >= map.nodes().size()) {
        throw new IllegalArgumentException("slot map: slot " + i + " names node " + owner
            + ", outside -1.." + (map.nodes().size() - 1));
      }
    }
    return map.slots() == 0 ? NONE : new SlotTable(map);
  }

  /** Whether this is a cluster's map (it has slots). */
  boolean isCluster() {
    return keySlots != null;
  }

  int slots() {
    return map.slots();
  }

  /** The slot of {@code key}; only for a cluster's table. */
  int slotOf(String key) {
    return keySlots.slotOf(key);
  }

  /**
   * The node serving the slot of {@code key}: empty if none does (owner -1), or this is not a
   * cluster's table.
   */
  Optional<String> ownerOf(String key) {
    if (keySlots == null) {
      return Optional.empty();
    }
    return map.ownerOf(keySlots.slotOf(key));
  }

  /** The node serving {@code slot}: empty if none does, or this is not a cluster's table. */
  Optional<String> ownerOfSlot(int slot) {
    return keySlots == null ? Optional.empty() : map.ownerOf(slot);
  }

  /**
   * This table with {@code slot} served by {@code node} (added to the nodes if new): what an
   * owner hint says, until the next map.
   *
   * @throws IllegalArgumentException if {@code slot} is not one of the table's
   */
  SlotTable withOwner(int slot, String node) {
    if (slot < 0 || slot >= map.slots()) {
      throw new IllegalArgumentException("slot " + slot + " outside 0.." + (map.slots() - 1));
    }
    List<String> nodes = new ArrayList<>(map.nodes());
    int index = nodes.indexOf(node);
    if (index < 0) {
      nodes.add(node);
      index = nodes.size() - 1;
    }
    List<Integer> owners = new ArrayList<>(map.owners());
    owners.set(slot, index);
    return of(new SlotMap(map.slots(), nodes, owners, map.unreachable()));
  }

  /** The nodes the map names, in its order. */
  List<String> nodes() {
    return map.nodes();
  }

  /** The nodes that serve at least one slot. */
  Set<String> owners() {
    Set<String> owners = new LinkedHashSet<>();
    for (int owner : map.owners()) {
      if (owner >= 0) {
        owners.add(map.nodes().get(owner));
      }
    }
    return owners;
  }

  /** Whether some slot has no owner (-1). */
  boolean hasUnownedSlot() {
    return map.owners().contains(-1);
  }

  /** Whether the answering node could not reach some node. */
  boolean hasUnreachableNode() {
    return !map.unreachable().isEmpty();
  }

  @Override
  public String toString() {
    return keySlots == null
        ? "SlotTable[none]"
        : "SlotTable[" + map.slots() + " slots on " + map.nodes() + ", unreachable "
            + map.unreachable() + "]";
  }
}
