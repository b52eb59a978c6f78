package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Command;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;

/**
 * One shard per slot: a slot's entity id is its number, and so is its shard's id, so that the
 * shard coordinator places (and moves) each slot on its own and a node serves whole slots.
 * Handles the {@link ShardingEnvelope} that {@code EntityRef} wraps messages in.
 */
final class SlotMessageExtractor extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {

  @Override
  public String entityId(ShardingEnvelope<Command> envelope) {
    return envelope.entityId();
  }

  @Override
  public String shardId(String entityId) {
    return entityId;
  }

  @Override
  public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
    return envelope.message();
  }
}
