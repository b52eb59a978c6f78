package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.slf4j.Logger;

/**
 * One slot of the keyspace: a Cluster Sharding entity hosting one {@link StoreEngine} with its
 * own revisions. It answers a {@link Batch} with {@code Replies} (each request applied in order,
 * exactly as the single manager does; an operation that does not answer at once is refused in a
 * batch) and an {@link Execute} with a {@code StatusReply} (any operation; {@code Size} and
 * {@code DeleteAll} run whole, a slot being a small part of the keyspace), frees at most {@code
 * shared-store.sweep-batch} expired entries every {@code shared-store.cleanup-interval}, and
 * stops on {@link Stop}.
 *
 * <p>What is lost when: with {@link SlotDurability#NONE} the state is in memory only and is lost
 * when the slot stops. With {@link SlotDurability#JOURNAL} every message that changed something
 * is one event in the journal before it is answered, so an acknowledged write is never lost;
 * a slot started again (here or on another node) recovers from its latest snapshot (one every
 * {@code shared-store.cluster.snapshot-every} events) and the events after it before it serves.
 * The journal plugin and its database are the actor system's ({@code pekko.persistence.journal},
 * {@code snapshot-store}).
 *
 * <p>Usable without sharding: tests spawn {@link #create} directly.
 */
public final class SlotEntity {

  /** The config key of the events between two snapshots of a journaled slot. */
  public static final String SNAPSHOT_EVERY = "shared-store.cluster.snapshot-every";

  /** The stop message for sharding's {@code withStopMessage} (handoff, passivation). */
  public enum Stop implements Command {
    /** The only instance. */
    INSTANCE
  }

  /** The sweep timer's tick (local only: never sent by others). */
  enum Sweep implements Command {
    INSTANCE
  }

  private SlotEntity() {}

  /**
   * The slot's behavior. With {@link SlotDurability#JOURNAL}, {@code shared-store.cluster.
   * snapshot-every} is read from the actor system's config, and the system must have a journal
   * and a snapshot store plugin.
   *
   * @param slot the slot's number
   * @param settings the store's settings (limits, sweep)
   * @param durability where the slot keeps its data
   * @param clock the wall clock TTLs are counted on
   * @return the behavior
   */
  public static Behavior<Command> create(int slot, StoreSettings settings,
      SlotDurability durability, StoreClock clock) {
    return create(slot, settings, durability, clock, null, new SlotFeed(), PauseFence.never());
  }

  /**
   * As above; with {@link SlotDurability#NONE} and a {@code handover}, the slot's data moves
   * with it when it moves on purpose ({@link SlotHandover}).
   *
   * @param handover this node's handover, or null for none (the data goes when the slot stops)
   * @param feed where the slot tells its changes for the watches of the store nodes
   * @param fence its node's pause fence: while it is closed the slot's messages are held
   *     ({@link FencedSlot})
   */
  static Behavior<Command> create(int slot, StoreSettings settings, SlotDurability durability,
      StoreClock clock, ActorRef<SlotHandover.Message> handover, SlotFeed feed,
      PauseFence fence) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(clock, "clock");
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.cleanupInterval());
      if (durability == SlotDurability.NONE) {
        Behavior<Command> memory = handover == null ? MemorySlot.create(slot, settings, clock)
            : MemorySlot.create(slot, settings, clock, handover, feed);
        // a bug (an exception in the engine) keeps the data rather than starting empty
        return FencedSlot.around(fence,
            Behaviors.supervise(memory).onFailure(SupervisorStrategy.resume()));
      }
      int snapshotEvery = context.getSystem().settings().config().getInt(SNAPSHOT_EVERY);
      if (snapshotEvery < 1) {
        throw new IllegalArgumentException(SNAPSHOT_EVERY + " must be at least 1, not "
            + snapshotEvery);
      }
      return FencedSlot.around(fence,
          new JournaledSlot(context, slot, settings, clock, snapshotEvery, feed));
    }));
  }

  /**
   * The slot's persistence id: {@code slot-<slot>}, as {@link PersistenceId#ofUniqueId} (no
   * entity type prefix): the rows of the journal and snapshot tables carry it.
   *
   * @param slot the slot's number
   * @return {@code "slot-" + slot}
   */
  public static String persistenceId(int slot) {
    return "slot-" + slot;
  }

  /** How a journaled slot restarts after a persist failure: from the journal, with backoff. */
  static org.apache.pekko.actor.typed.BackoffSupervisorStrategy onPersistFailure() {
    return SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  }

  /** The node a slot runs on, {@code host:port} as the slot map names it ("" without remoting). */
  static String selfNode(org.apache.pekko.actor.typed.javadsl.ActorContext<?> context) {
    org.apache.pekko.actor.Address address = context.getSystem().address();
    return address.getHost().isPresent() ? SlotMapView.hostPort(address) : "";
  }

  /** True, after a warning, if the batch is one to drop (from a misbehaving peer). */
  static boolean dropped(Batch batch, Logger log) {
    if (batch.requests() == null || batch.replyTo() == null) {
      log.warn("Dropped a batch without requests or replyTo");
      return true;
    }
    return false;
  }

  /** True, after a warning, if the execute has no one to answer. */
  static boolean dropped(Execute<?> execute, Logger log) {
    if (execute.replyTo() == null) {
      log.warn("Dropped [{}]: it has no replyTo", execute.operation());
      return true;
    }
    return false;
  }
}
