package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The warm-up curve from per-second counts: pure arithmetic, no load runs here. */
class WarmupCurveTest {

  @Test
  void theFirstSecondAtEightyPercentOfTheMeasuredMean() {
    WarmupCurve curve = WarmupCurve.of(List.of(10_000L, 40_000L, 79_999L, 80_000L, 95_000L),
        List.of(100_000L, 100_000L, 100_000L));
    assertEquals(100_000, curve.steadyOpsPerSecond(), 1e-9);
    assertEquals(OptionalInt.of(4), curve.secondReaching80Percent(), "80,000 is 80 % exactly");
    assertEquals(5, curve.warmupSeconds());
    assertEquals(8, curve.opsPerSecond().size());
    assertEquals("10000 40000 79999 80000 95000 | 100000 100000 100000",
        Report.curveText(curve));
    assertEquals("4", ResultFiles.warmupSecond(curve));
  }

  @Test
  void aDipAfterReachingItDoesNotMoveTheSecond() {
    WarmupCurve curve = WarmupCurve.of(List.of(90L, 10L, 10L), List.of(100L, 100L));
    assertEquals(OptionalInt.of(1), curve.secondReaching80Percent());
  }

  @Test
  void withoutWarmupTheMeasuredSecondsCount() {
    WarmupCurve curve = WarmupCurve.of(List.of(), List.of(50L, 150L, 100L));
    assertEquals(100, curve.steadyOpsPerSecond(), 1e-9);
    assertEquals(OptionalInt.of(2), curve.secondReaching80Percent());
    assertEquals("| 50 150 100", Report.curveText(curve));
  }

  @Test
  void nothingMeasuredMeansNoSecond() {
    WarmupCurve curve = WarmupCurve.of(List.of(5L, 6L), List.of(0L, 0L));
    assertEquals(OptionalInt.empty(), curve.secondReaching80Percent());
    assertTrue(Report.describe(curve).startsWith("never reached"), Report.describe(curve));
    assertEquals("", ResultFiles.warmupSecond(curve));
  }
}
