package io.sharedstore.sharding;

import java.util.stream.IntStream;

/**
 * Which Cluster Sharding shard each slot is in: shard {@code k} of {@code shards} holds the
 * slots {@code s} with {@code s * shards / slots == k}, a contiguous run of about {@code slots /
 * shards} slots (with 1,024 slots and 128 shards: 0-7, 8-15, ...). A shard is what the
 * coordinator places and moves, each placement and each move one update of its state, made one
 * after another: fewer shards move a node's slots in fewer steps (a node leaving with 341 slots
 * in 341 shards took seconds), more shards balance finer over many nodes. Plain Java.
 *
 * @param slots how many slots the keyspace has
 * @param shards how many shards hold them, 1..slots
 */
record SlotShards(int slots, int shards) {

  SlotShards {
    if (slots < 1 || shards < 1 || shards > slots) {
      throw new IllegalArgumentException(
          "shards must be 1..slots (" + slots + "), was " + shards);
    }
  }

  /**
   * {@code slots} slots in {@code shards} shards, or one shard per slot if that is more than
   * there are slots (as {@code shared-store.cluster.shards} is read: a shard holds a slot at
   * least).
   *
   * @throws IllegalArgumentException if {@code slots} or {@code shards} is below 1
   */
  static SlotShards atMost(int slots, int shards) {
    return new SlotShards(slots, Math.min(slots, shards));
  }

  /** The shard {@code slot} is in. */
  int shardOf(int slot) {
    return (int) ((long) slot * shards / slots);
  }

  /** The first slot of {@code shard}. */
  int firstSlot(int shard) {
    return (int) (((long) shard * slots + shards - 1) / shards);
  }

  /**
   * The slots of the shard named {@code shardId} (as the sharding names it: its number), first
   * to last; none for a name that is not a shard of these.
   */
  IntStream slotsOf(String shardId) {
    int shard;
    try {
      shard = Integer.parseInt(shardId);
    } catch (NumberFormatException e) {
      return IntStream.empty();
    }
    if (shard < 0 || shard >= shards) {
      return IntStream.empty();
    }
    return IntStream.range(firstSlot(shard), shard + 1 == shards ? slots : firstSlot(shard + 1));
  }
}
