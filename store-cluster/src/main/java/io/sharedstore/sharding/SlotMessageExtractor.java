package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Command;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * A slot's entity id is its number; its shard is the one {@link SlotShards} puts it in (named
 * by its number), so the coordinator places and moves runs of slots, and a node serves whole
 * slots. Handles the {@link ShardingEnvelope} that {@code EntityRef} wraps messages in.
 */
final class SlotMessageExtractor extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {

  /** Each slot's shard id, made once. */
  private final String[] shardIds;

  SlotMessageExtractor(SlotShards shards) {
    shardIds = new String[shards.slots()];
    for (int slot = 0; slot < shardIds.length; slot++) {
      shardIds[slot] = Integer.toString(shards.shardOf(slot));
    }
  }

  @Override
  public String entityId(ShardingEnvelope<Command> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    int slot;
    try {
      slot = Integer.parseInt(entityId);
    } catch (NumberFormatException e) {
      return entityId; // not a slot: never made here (SlotSharding names slots by number)
    }
    return slot >= 0 && slot < shardIds.length ? shardIds[slot] : entityId;
  }

  @Override
  public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
    return envelope.message();
  }
}
