package io.sharedstore.demo;

import java.util.List;
import java.util.Locale;

/**
 * Whether a series of heap-after-GC samples grows: the least-squares slope over the last 80 % of
 * the samples (the first 20 % are start-up: caches fill, classes load, the retry window fills),
 * and the means of the first and the last minute. The heap "grows" when the fitted line rises
 * over its window by more than {@link #TOLERANCE} of the mean heap and more than {@link
 * #TOLERANCE_KIB}: noise from one sample to the next stays below that, a leak does not.
 */
record HeapTrend(double slopeKibPerMinute, double windowMinutes, double meanKib,
    double firstMinuteMeanKib, double lastMinuteMeanKib, int samples) {

  static final double TOLERANCE = 0.05;
  static final double TOLERANCE_KIB = 1024;

  /** A sample: seconds since the load started, used heap after GC in KiB. */
  record Sample(double seconds, long usedKib) {}

  static HeapTrend of(List<Sample> samples) {
    if (samples.size() < 2) {
      throw new IllegalArgumentException("a trend needs 2 samples or more, got " + samples.size());
    }
    int skip = (int) Math.floor(samples.size() * 0.2);
    List<Sample> window = samples.subList(Math.min(skip, samples.size() - 2), samples.size());
    double n = window.size();
    double meanT = window.stream().mapToDouble(Sample::seconds).sum() / n;
    double meanY = window.stream().mapToDouble(Sample::usedKib).sum() / n;
    double cov = 0;
    double var = 0;
    for (Sample s : window) {
      cov += (s.seconds() - meanT) * (s.usedKib() - meanY);
      var += (s.seconds() - meanT) * (s.seconds() - meanT);
    }
    double slopePerSecond = var == 0 ? 0 : cov / var;
    double first = samples.get(0).seconds();
    double last = samples.get(samples.size() - 1).seconds();
    double firstMinute = samples.stream().filter(s -> s.seconds() <= first + 60)
        .mapToLong(Sample::usedKib).average().orElse(0);
    double lastMinute = samples.stream().filter(s -> s.seconds() >= last - 60)
        .mapToLong(Sample::usedKib).average().orElse(0);
    double windowSeconds = window.get(window.size() - 1).seconds() - window.get(0).seconds();
    return new HeapTrend(slopePerSecond * 60, windowSeconds / 60, meanY, firstMinute, lastMinute,
        samples.size());
  }

  /** How much the fitted line rises over its window, in KiB. */
  double riseKib() {
    return slopeKibPerMinute * windowMinutes;
  }

  boolean grows() {
    return riseKib() > Math.max(TOLERANCE_KIB, TOLERANCE * meanKib);
  }

  /** The verdict and its figures, in a few lines. */
  String describe() {
    return String.format(Locale.ROOT,
        "heap-after-GC trend over the last 80 %% of %d samples (%.1f min): slope %+.1f KiB/min,"
            + " rise %+.1f KiB on a mean of %.1f MiB%n"
            + "first minute mean %.1f MiB, last minute mean %.1f MiB (%+.1f %%)%n"
            + "verdict: %s",
        samples, windowMinutes, slopeKibPerMinute, riseKib(), meanKib / 1024,
        firstMinuteMeanKib / 1024, lastMinuteMeanKib / 1024,
        firstMinuteMeanKib == 0 ? 0 : 100 * (lastMinuteMeanKib / firstMinuteMeanKib - 1),
        grows()
            ? "GROWING (the fitted rise exceeds 5 % of the mean heap and 1 MiB)"
            : "no growth trend (the fitted rise is within 5 % of the mean heap or 1 MiB)");
  }
}
