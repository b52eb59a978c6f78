package io.sharedstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The throughput of a configuration in each second from its first call: the warm-up seconds,
 * then the measured ones; the steady rate (the mean of the measured seconds) and the first second
 * whose throughput reaches 80 % of it.
 *
 * @param opsPerSecond operations all clients completed in each second, warm-up first
 * @param warmupSeconds how many of them are warm-up
 * @param steadyOpsPerSecond the mean of the measured seconds; 0 without any
 * @param secondReaching80Percent the first second (1-based, counted from the first call) with at
 *     least 80 % of the steady rate; empty if none did or nothing was measured
 */
record WarmupCurve(List<Long> opsPerSecond, int warmupSeconds, double steadyOpsPerSecond,
    OptionalInt secondReaching80Percent) {

  /** The share of the steady rate that counts as warmed up. */
  static final double WARM = 0.8;

  /** Copies the series. */
  WarmupCurve {
    opsPerSecond = List.copyOf(opsPerSecond);
  }

  /** The curve of {@code warmup} seconds followed by {@code measured} seconds. */
  static WarmupCurve of(List<Long> warmup, List<Long> measured) {
    List<Long> all = new ArrayList<>(warmup);
    all.addAll(measured);
    double steady = measured.stream().mapToLong(Long::longValue).average().orElse(0);
    OptionalInt reached = OptionalInt.empty();
    if (steady > 0) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i) >= WARM * steady) {
          reached = OptionalInt.of(i + 1);
          break;
        }
      }
    }
    return new WarmupCurve(all, warmup.size(), steady, reached);
  }
}
