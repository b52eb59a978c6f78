package io.sharedstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * What {@code latency} prints of its round trips: min, max, average, and the 50th and 99th
 * percentiles by nearest rank (the smallest sample with at least that share of the samples at or
 * below it), all in nanoseconds.
 *
 * @param samples how many round trips
 * @param minNanos the shortest
 * @param maxNanos the longest
 * @param avgNanos the mean, rounded
 * @param p50Nanos the median by nearest rank
 * @param p99Nanos the 99th percentile by nearest rank
 */
record LatencySummary(
    int samples, long minNanos, long maxNanos, long avgNanos, long p50Nanos, long p99Nanos) {

  /**
   * The summary of the first {@code count} round trips.
   *
   * @param nanos the round trips, in nanoseconds (not changed)
   * @param count how many of them were taken
   * @return the summary; all zero for no samples
   */
  static LatencySummary of(long[] nanos, int count) {
    if (count == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long sample : sorted) {
      sum += sample;
    }
    return new LatencySummary(count, sorted[0], sorted[count - 1], Math.round(sum / count),
        nearestRank(sorted, 50), nearestRank(sorted, 99));
  }

  private static long nearestRank(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /**
   * As redis-cli --latency prints it, in milliseconds: {@code min: 0.21, max: 1.05, avg: 0.35,
   * p50: 0.31, p99: 0.98 (100 samples)}.
   */
  String plain() {
    if (samples == 0) {
      return "(no samples)";
    }
    return "min: " + Figures.millis(minNanos) + ", max: " + Figures.millis(maxNanos)
        + ", avg: " + Figures.millis(avgNanos) + ", p50: " + Figures.millis(p50Nanos)
        + ", p99: " + Figures.millis(p99Nanos) + " (" + samples + " samples)";
  }

  /** One JSON document: {@code samples}, and {@code min_ms} to {@code p99_ms} to the µs. */
  ObjectNode document() {
    ObjectNode document = Output.document().put("samples", samples);
    if (samples > 0) {
      document.put("min_ms", Figures.millisValue(minNanos))
          .put("max_ms", Figures.millisValue(maxNanos))
          .put("avg_ms", Figures.millisValue(avgNanos))
          .put("p50_ms", Figures.millisValue(p50Nanos))
          .put("p99_ms", Figures.millisValue(p99Nanos));
    }
    return document;
  }
}
