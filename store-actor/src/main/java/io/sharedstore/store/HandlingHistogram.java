package io.sharedstore.store;

/**
 * Durations in nanoseconds counted in log-linear buckets (eight per power of two, so a bucket's
 * bounds are within 12.5 % of each other): enough to tell a p99 of 3 µs from one of 40 µs, in a
 * fixed array, with no allocation per value. Not thread-safe: the store's thread owns it.
 */
final class HandlingHistogram {

  /** Sub-buckets per power of two, as a number of bits. */
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;

  /** Counts one duration ({@code nanos} below zero count as zero). */
  void record(long nanos) {
    counts[bucket(Math.max(0, nanos))]++;
    total++;
  }

  /** Adds every count of {@code other} to this one. */
  void add(HandlingHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  /** Forgets every count. */
  void clear() {
    java.util.Arrays.fill(counts, 0);
    total = 0;
  }

  /** How many durations were counted. */
  long count() {
    return total;
  }

  /**
   * The smallest bucket's upper bound under which at least {@code fraction} of the durations
   * fall, in nanoseconds; 0 when none was counted.
   */
  long percentile(double fraction) {
    if (total == 0) {
      return 0;
    }
    long wanted = Math.max(1, (long) Math.ceil(fraction * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= wanted) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  /** Values below {@link #SUB} have a bucket each; above, eight per power of two. */
  static int bucket(long nanos) {
    if (nanos < SUB) {
      return (int) nanos;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(nanos); // >= SUB_BITS
    int sub = (int) (nanos >>> (magnitude - SUB_BITS)) & (SUB - 1);
    return (magnitude - SUB_BITS + 1) * SUB + sub;
  }

  /** The largest value of bucket {@code index}. */
  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int magnitude = index / SUB - 1 + SUB_BITS;
    long sub = index % SUB;
    long lower = (SUB + sub) << (magnitude - SUB_BITS);
    long width = 1L << (magnitude - SUB_BITS);
    return lower + width - 1 < 0 ? Long.MAX_VALUE : lower + width - 1;
  }
}
