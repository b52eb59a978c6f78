package io.sharedstore.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * When a client asks for the slot map again ({@code shared-store.client.slot-map}): soon
 * ({@code unsettled-interval}, 1 s by default) while the map is unsettled, i.e. some slot has no
 * owner, the answering node reported a node unreachable, or one of the client's own node
 * connections is not reachable (unreachable, or not answered yet: a client that connects while
 * a crashed node is still in the map must not wait 5 s to drop it); otherwise every {@code
 * interval} (5 s by default), which only matters for slots that moved without any node becoming unreachable (a node joining or leaving
 * gracefully): until then calls for them still succeed, forwarded one hop by their old owner.
 * Pure.
 *
 * @param interval the delay while the map is settled
 * @param unsettledInterval the delay while it is not
 * @param askTimeout how long one ask for the map waits before the next node is asked
 */
record SlotMapRefresh(Duration interval, Duration unsettledInterval, Duration askTimeout) {

  /** The defaults of {@code reference.conf}. */
  static final SlotMapRefresh DEFAULTS =
      new SlotMapRefresh(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(1500));

  /** Checks that every duration is at least 1 ms and the unsettled one not the longer. */
  SlotMapRefresh {
    check("interval", interval);
    check("unsettled-interval", unsettledInterval);
    check("ask-timeout", askTimeout);
    if (unsettledInterval.compareTo(interval) > 0) {
      throw new IllegalArgumentException("shared-store.client.slot-map.unsettled-interval ("
          + unsettledInterval.toMillis() + " ms) must not be longer than interval ("
          + interval.toMillis() + " ms)");
    }
  }

  /** Reads {@code shared-store.client.slot-map}. */
  static SlotMapRefresh create(Config config) {
    return new SlotMapRefresh(
        config.getDuration("shared-store.client.slot-map.interval"),
        config.getDuration("shared-store.client.slot-map.unsettled-interval"),
        config.getDuration("shared-store.client.slot-map.ask-timeout"));
  }

  /**
   * The delay until the next ask.
   *
   * @param table the map known now ({@link SlotTable#NONE} if none came yet)
   * @param anyNodeNotReachable whether one of the client's node connections is not reachable
   *     now (unreachable, or not answered yet)
   */
  Duration nextDelay(SlotTable table, boolean anyNodeNotReachable) {
    boolean unsettled = !table.isCluster() || table.hasUnownedSlot()
        || table.hasUnreachableNode() || anyNodeNotReachable;
    return unsettled ? unsettledInterval : interval;
  }

  private static void check(String name, Duration value) {
    if (value.compareTo(CallTimeouts.MINIMUM) < 0) {
      throw new IllegalArgumentException(
          "shared-store.client.slot-map." + name + " must be at least 1 ms, was " + value);
    }
  }
}
