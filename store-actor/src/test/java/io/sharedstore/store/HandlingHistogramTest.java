package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The histogram's buckets and percentiles, against values whose percentiles are known. */
class HandlingHistogramTest {

  @Test
  void everyValueFallsInABucketWhoseBoundsHoldIt() {
    long previousUpper = -1;
    for (long value = 0; value < 1 << 20; value += 1 + value / 64) {
      int bucket = HandlingHistogram.bucket(value);
      long upper = HandlingHistogram.upperBound(bucket);
      assertTrue(value <= upper, value + " above its bucket's bound " + upper);
      long lower = bucket == 0 ? 0 : HandlingHistogram.upperBound(bucket - 1) + 1;
      assertTrue(value >= lower, value + " below its bucket's lower bound " + lower);
      assertTrue(upper >= previousUpper, "bounds grow");
      previousUpper = upper;
      assertTrue(upper - value <= Math.max(1, value / 8), "within 12.5 %: " + value + " " + upper);
    }
  }

  @Test
  void theP99OfAHundredValuesIsTheNinetyNinthWithinItsBucket() {
    HandlingHistogram histogram = new HandlingHistogram();
    for (int i = 1; i <= 100; i++) {
      histogram.record(i * 1000L); // 1 µs .. 100 µs
    }
    assertEquals(100, histogram.count());
    long p99 = histogram.percentile(0.99);
    assertTrue(p99 >= 99_000 && p99 <= 99_000 * 9 / 8, "p99 " + p99);
    long p50 = histogram.percentile(0.50);
    assertTrue(p50 >= 50_000 && p50 <= 50_000 * 9 / 8, "p50 " + p50);
  }

  @Test
  void anEmptyHistogramHasAZeroPercentileAndAddMergesCounts() {
    HandlingHistogram a = new HandlingHistogram();
    assertEquals(0, a.percentile(0.99));
    HandlingHistogram b = new HandlingHistogram();
    b.record(5);
    b.record(-3); // counted as zero
    a.add(b);
    assertEquals(2, a.count());
    assertEquals(5, a.percentile(0.99));
    a.clear();
    assertEquals(0, a.count());
  }
}
