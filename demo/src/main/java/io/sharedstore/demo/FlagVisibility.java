package io.sharedstore.demo;

import io.sharedstore.cluster.demo.FlagSeen;
import io.sharedstore.cluster.demo.NodeReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long after a flip of {@code config:maintenance} was acknowledged to the flipping cluster
 * each cluster's watch delivered it: the flipping cluster's own watch names each flip's revision
 * (its flips are sequential, so its n-th acknowledged flip is the n-th change its watch saw),
 * and every cluster's watch says when it saw that revision. All JVMs share one machine's clock.
 * A delay is negative when a cluster saw the flip before the flipper had its acknowledgement:
 * the manager sends the watch events before the write's reply.
 */
final class FlagVisibility {

  /**
   * One cluster's figures.
   *
   * @param flipsSeen how many of the flips it saw
   * @param p50Micros the median delay, µs
   * @param maxMicros the longest delay, µs
   */
  record Delays(int flipsSeen, long p50Micros, long maxMicros) {}

  private FlagVisibility() {}

  /** The delays of each cluster, by cluster id; empty if no cluster flipped. */
  static Map<Integer, Delays> of(List<NodeReport> reports) {
    Optional<NodeReport> flipper = reports.stream()
        .filter(r -> !r.flipsAcknowledgedMicros().isEmpty()).findFirst();
    if (flipper.isEmpty()) {
      return Map.of();
    }
    Map<Long, Long> acknowledgedAt = new HashMap<>();
    List<Long> acks = flipper.get().flipsAcknowledgedMicros();
    List<FlagSeen> own = flipper.get().flagSeen();
    for (int i = 0; i < Math.min(acks.size(), own.size()); i++) {
      acknowledgedAt.put(own.get(i).revision(), acks.get(i));
    }
    Map<Integer, Delays> delays = new HashMap<>();
    for (NodeReport report : reports) {
      List<Long> each = new ArrayList<>();
      for (FlagSeen seen : report.flagSeen()) {
        Long acknowledged = acknowledgedAt.get(seen.revision());
        if (acknowledged != null) {
          each.add(seen.micros() - acknowledged);
        }
      }
      long[] sorted = each.stream().mapToLong(Long::longValue).sorted().toArray();
      delays.put(report.clusterId(), sorted.length == 0 ? new Delays(0, 0, 0)
          : new Delays(sorted.length, sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1]));
    }
    return delays;
  }

  static String millis(long micros) {
    return String.format(java.util.Locale.ROOT, "%.2f ms", micros / 1000.0);
  }
}
