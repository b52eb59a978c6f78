package io.sharedstore.bench;

import org.HdrHistogram.Histogram;

/**
 * The measured figures of one operation (or {@code all} of them) in one configuration, from the
 * merged histogram of every client: throughput and latency percentiles in microseconds.
 */
record OperationStats(String operation, long count, long errors, double opsPerSecond,
    double p50Micros, double p90Micros, double p99Micros, double p999Micros, double maxMicros) {

  static OperationStats of(String operation, Histogram nanos, long errors, double seconds) {
    return new OperationStats(operation, nanos.getTotalCount(), errors,
        nanos.getTotalCount() / seconds,
        micros(nanos, 50), micros(nanos, 90), micros(nanos, 99), micros(nanos, 99.9),
        nanos.getTotalCount() == 0 ? 0 : nanos.getMaxValue() / 1000.0);
  }

  private static double micros(Histogram nanos, double percentile) {
    return nanos.getTotalCount() == 0 ? 0 : nanos.getValueAtPercentile(percentile) / 1000.0;
  }
}
