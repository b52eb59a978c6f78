package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Command;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The slots as Cluster Sharding entities of type {@code slot} on the members with role {@code
 * store}: each is a {@link SlotEntity} with its own engine, in runs of slots per shard ({@link
 * SlotShards}, {@link SlotMessageExtractor}), stopped with {@link SlotEntity.Stop} on handoff.
 * Slots are never passivated for being idle (a slot in memory would lose its data; one on the journal would
 * recover again at its next request).
 */
public final class SlotSharding {

  /** The entity type of the slots. */
  public static final EntityTypeKey<Command> SLOT = EntityTypeKey.create(Command.class, "slot");

  /** The config key of the shards the slots are in ({@link SlotShards}). */
  static final String SHARDS = "shared-store.cluster.shards";

  /** The role of the members that host slots. */
  public static final String ROLE = "store";

  private final ClusterSharding sharding;
  private final ActorRef<ShardingEnvelope<Command>> region;
  private final SlotShards shards;
  private final SlotDurability durability;
  private final EntityRef<Command>[] refs;

  @SuppressWarnings("unchecked")
  private SlotSharding(ClusterSharding sharding, ActorRef<ShardingEnvelope<Command>> region,
      SlotShards shards, SlotDurability durability) {
    this.sharding = sharding;
    this.region = region;
    this.shards = shards;
    this.durability = durability;
    this.refs = new EntityRef[shards.slots()];
  }

  /**
   * Starts this node's shard region of the slots (once per ActorSystem).
   *
   * @param system a member's ActorSystem (provider cluster, role store)
   * @param slots how many slots the keyspace has (in as many shards as the system's {@code
   *     shared-store.cluster.shards} says, at most one per slot)
   * @param settings each slot engine's settings
   * @param durability what a slot's data survives
   * @param clock the wall clock of TTLs
   * @return the region and a way to address each slot
   */
  public static SlotSharding start(ActorSystem<?> system, int slots, StoreSettings settings,
      SlotDurability durability, StoreClock clock) {
    SlotShards shards =
        SlotShards.atMost(slots, system.settings().config().getInt(SHARDS));
    return start(system, shards, settings, durability, clock, null, new SlotFeed(),
        PauseFence.never());
  }

  /**
   * As above, the slots in memory handing their data over through {@code handover} when they
   * move ({@link SlotHandover}; null: they start empty), every slot telling {@code feed} its
   * changes for the watches, every slot behind {@code fence} ({@link FencedSlot}).
   */
  static SlotSharding start(ActorSystem<?> system, SlotShards shards, StoreSettings settings,
      SlotDurability durability, StoreClock clock, ActorRef<SlotHandover.Message> handover,
      SlotFeed feed, PauseFence fence) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<ShardingEnvelope<Command>> region =
        sharding.init(
            Entity.of(SLOT, context -> SlotEntity.create(
                    Integer.parseInt(context.getEntityId()), settings, durability, clock,
                    handover, feed, fence))
                .withRole(ROLE)
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withMessageExtractor(new SlotMessageExtractor(shards))
                .withStopMessage(SlotEntity.Stop.INSTANCE));
    return new SlotSharding(sharding, region, shards, durability);
  }

  /**
   * How many slots there are.
   *
   * @return the count
   */
  public int slots() {
    return shards.slots();
  }

  /**
   * Which shard each slot is in.
   *
   * @return the slots' shards
   */
  SlotShards shards() {
    return shards;
  }

  /**
   * What the slots' data survives.
   *
   * @return the durability they were started with
   */
  public SlotDurability durability() {
    return durability;
  }

  /**
   * The address of {@code slot}, wherever it runs (messages are buffered while it moves).
   *
   * @param slot 0 until {@link #slots()}
   * @return its entity ref
   */
  public EntityRef<Command> slot(int slot) {
    EntityRef<Command> ref = refs[slot];
    if (ref == null) {
      ref = sharding.entityRefFor(SLOT, Integer.toString(slot));
      refs[slot] = ref;
    }
    return ref;
  }

  /**
   * This node's shard region (for queries of its state).
   *
   * @return the region
   */
  public ActorRef<ShardingEnvelope<Command>> region() {
    return region;
  }
}
