package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Command;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a store node of a cluster runs at {@code /user/store}: its shard region of the slots
 * ({@link SlotSharding}) and their front ({@link SlotRouter}); its watches ({@link NodeWatches})
 * and the feed of its slots' changes to every node's watches ({@link ChangeFeed}, {@link
 * SlotFeed}); with {@code durability = none} also its {@link SlotHandover}, so slots in memory
 * keep their data when they move on purpose; its {@link PauseFence} (with {@link PauseConfirm}),
 * behind which its slots hold their messages after this node was paused until a majority of the
 * store nodes confirms it is still a member; and {@link DroppedCalls}, which refuses at once the
 * calls its shard region drops while a shard moves.
 *
 * <p>The epoch its heartbeat tells clients: with {@code journal} one per database ({@code
 * journal:} and the URL), since the data outlives every node; with {@code none} a new one at
 * each start, since a node's crash loses the slots it held.
 */
public final class ClusterStore {

  /** The config key of the pause after which a node's slots wait to be confirmed (PauseFence). */
  static final String PAUSE_THRESHOLD = "shared-store.cluster.pause-threshold";

  private ClusterStore() {}

  /**
   * The store node's behavior.
   *
   * @param cluster the slot settings
   * @param settings each slot engine's settings
   * @return the behavior, to spawn as {@code /user/store} in a member with role store
   */
  public static Behavior<Command> create(ClusterStoreSettings cluster, StoreSettings settings) {
    return Behaviors.setup(context -> {
      ActorRef<SlotHandover.Message> handover = cluster.durability() == SlotDurability.NONE
          ? context.spawn(SlotHandover.create(), "slot-handover") : null;
      SlotFeed feed = new SlotFeed();
      context.spawn(ChangeFeed.create(feed), "slot-changes");
      ActorRef<Command> watches =
          context.spawn(NodeWatches.create(cluster.slots(), settings), "watches");
      PauseFence fence = PauseFence.start(
          context.getSystem().settings().config().getDuration(PAUSE_THRESHOLD));
      context.spawn(PauseConfirm.create(fence), "pause-confirm");
      context.spawn(DroppedCalls.create(), "dropped-calls");
      SlotSharding sharding = SlotSharding.start(context.getSystem(),
          new SlotShards(cluster.slots(), cluster.shards()), settings,
          cluster.durability(), StoreClock.system(), handover, feed, fence);
      String epoch = cluster.durability() == SlotDurability.JOURNAL
          ? "journal:" + cluster.jdbcUrl() : "memory:" + UUID.randomUUID();
      Duration gatherTimeout = context.getSystem().settings().config()
          .getDuration("shared-store.client.timeout").multipliedBy(2);
      return SlotRouter.create(sharding, epoch, gatherTimeout, settings.maxValueSize(), watches);
    });
  }
}
