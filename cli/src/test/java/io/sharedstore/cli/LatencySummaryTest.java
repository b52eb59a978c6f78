package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code latency}'s summary: min, max, mean, and nearest-rank percentiles of the samples. */
class LatencySummaryTest {

  private static final long MS = 1_000_000;

  @Test
  void percentilesByNearestRankOfTheSamplesTaken() {
    long[] nanos = new long[200];
    for (int i = 0; i < 100; i++) {
      nanos[i] = (100 - i) * MS; // 100 ms down to 1 ms, out of order
    }
    LatencySummary summary = LatencySummary.of(nanos, 100); // the zeros after 100 not taken
    assertEquals(new LatencySummary(100, MS, 100 * MS, 50_500_000, 50 * MS, 99 * MS), summary);
    assertEquals(
        "min: 1.00, max: 100.00, avg: 50.50, p50: 50.00, p99: 99.00 (100 samples)",
        summary.plain());
    assertEquals(
        "{\"samples\":100,\"min_ms\":1.0,\"max_ms\":100.0,\"avg_ms\":50.5,\"p50_ms\":50.0,"
            + "\"p99_ms\":99.0}",
        Output.text(summary.document()));
  }

  @Test
  void oneSampleIsEveryFigure() {
    LatencySummary summary = LatencySummary.of(new long[] {421_000}, 1);
    assertEquals(new LatencySummary(1, 421_000, 421_000, 421_000, 421_000, 421_000), summary);
    assertEquals("min: 0.42, max: 0.42, avg: 0.42, p50: 0.42, p99: 0.42 (1 samples)",
        summary.plain());
  }

  @Test
  void noSamplesSaySo() {
    LatencySummary summary = LatencySummary.of(new long[3], 0);
    assertEquals("(no samples)", summary.plain());
    assertEquals("{\"samples\":0}", Output.text(summary.document()));
  }
}
