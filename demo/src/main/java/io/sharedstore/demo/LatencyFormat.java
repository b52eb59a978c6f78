package io.sharedstore.demo;

import java.util.Locale;

/** Latencies for people: microseconds below 10 ms, milliseconds above. */
final class LatencyFormat {

  private LatencyFormat() {}

  static String of(long nanos) {
    if (nanos < 10_000_000L) {
      return String.format(Locale.ROOT, "%d µs", nanos / 1_000);
    }
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
  }
}
