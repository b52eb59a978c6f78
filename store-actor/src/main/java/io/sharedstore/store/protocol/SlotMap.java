package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;

/**
 * Which store node serves each slot, as one node sees it now (the answer to {@link GetSlotMap}).
 * A node that forwards requests for a slot it does not serve answers them just the same, so a
 * client with an older map is slower, never wrong. A single manager answers {@link
 * #NOT_A_CLUSTER}.
 *
 * @param slots how many slots the keyspace has ({@code shared-store.cluster.slots})
 * @param nodes the store nodes that are members, as {@code host:port} (their manager address)
 * @param owners one per slot: the index in {@code nodes} of the node serving it, or -1 when no
 *     node serves it yet (never started, or moving)
 * @param unreachable the {@code nodes} the answering node cannot reach now
 */
public record SlotMap(int slots, List<String> nodes, List<Integer> owners, List<String> unreachable)
    implements CborSerializable {

  /** The answer of a single manager, which is not a cluster member: no slots, no nodes. */
  public static final SlotMap NOT_A_CLUSTER = new SlotMap(0, List.of(), List.of(), List.of());

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if {@code owners} does not hold one entry per slot
   */
  public SlotMap {
    nodes = List.copyOf(nodes);
    owners = List.copyOf(owners);
    unreachable = List.copyOf(unreachable);
    if (owners.size() != slots) {
      throw new IllegalArgumentException(
          "a slot map of " + slots + " slots needs as many owners, had " + owners.size());
    }
  }

  /**
   * The node serving {@code slot}.
   *
   * @param slot the slot, 0 until {@link #slots()}
   * @return its {@code host:port}, or empty when none serves it
   */
  public java.util.Optional<String> ownerOf(int slot) {
    int owner = owners.get(slot);
    return owner < 0 ? java.util.Optional.empty() : java.util.Optional.of(nodes.get(owner));
  }
}
