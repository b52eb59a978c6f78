package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's heap verdict: flat noise is no trend, a steady leak is, start-up growth is not. */
class HeapTrendTest {

  private static List<HeapTrend.Sample> series(long startKib, long kibPerSample, long noise) {
    List<HeapTrend.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long wobble = i % 2 == 0 ? noise : -noise;
      samples.add(new HeapTrend.Sample(10.0 * (i + 1), startKib + i * kibPerSample + wobble));
    }
    return samples;
  }

  @Test
  void flatNoiseIsNoTrend() {
    HeapTrend trend = HeapTrend.of(series(20_000, 0, 300));
    assertFalse(trend.grows(), trend.describe());
    assertTrue(trend.describe().contains("verdict: no growth trend"), trend.describe());
  }

  @Test
  void aSteadyLeakIsATrend() {
    HeapTrend trend = HeapTrend.of(series(20_000, 200, 300));
    assertTrue(trend.grows(), trend.describe());
    assertEquals(1200, trend.slopeKibPerMinute(), 30);
  }

  @Test
  void growthOnlyInTheFirstFifthIsStartUp() {
    List<HeapTrend.Sample> samples = new ArrayList<>(series(30_000, 0, 100));
    for (int i = 0; i < 6; i++) {
      samples.set(i, new HeapTrend.Sample(samples.get(i).seconds(), 20_000 + 1_500L * i));
    }
    assertFalse(HeapTrend.of(samples).grows(), HeapTrend.of(samples).describe());
  }
}
