package io.sharedstore.cluster.demo;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, kept in full so percentiles are exact. Thread-safe; recording
 * holds a lock only for an array store (and, rarely, a copy to grow the array).
 */
public final class LatencySamples {

  private long[] nanos = new long[1024];
  private int size;

  /** Adds one sample. */
  public synchronized void record(long elapsedNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = elapsedNanos;
  }

  /** The samples so far, in ascending order. */
  public synchronized long[] sorted() {
    long[] copy = Arrays.copyOf(nanos, size);
    Arrays.sort(copy);
    return copy;
  }

  /** The nearest-rank percentile of an already sorted array; 0 if it is empty. */
  public static long percentileOf(long[] sorted, double percentile) {
    if (percentile < 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be in 0..100, was " + percentile);
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
