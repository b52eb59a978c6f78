package io.sharedstore.cli;

import java.util.Locale;

/**
 * Figures as an operator reads them, as redis-cli prints them: bytes in binary units ({@code
 * 512B}, {@code 1.2K}, {@code 1.2M}, {@code 3.0G}), microseconds as {@code 85us}, {@code 1.2ms}
 * or {@code 2.5s}, nanoseconds as milliseconds with two decimals ({@code 0.42}).
 */
final class Figures {

  private static final String[] UNITS = {"K", "M", "G", "T", "P", "E"};

  private Figures() {}

  /** Bytes in binary units with one decimal; under 1 KiB as whole bytes. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f%s", value, UNITS[unit]);
  }

  /** A duration in microseconds: whole under 1 ms, else in ms or s with one decimal. */
  static String micros(long micros) {
    if (micros < 1000) {
      return micros + "us";
    }
    if (micros < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1fs", micros / 1_000_000.0);
  }

  /** Nanoseconds as milliseconds with two decimals, without the unit. */
  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
  }

  /** Nanoseconds as milliseconds to the microsecond, for JSON. */
  static double millisValue(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }

  /** A rate with one decimal. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f", perSecond);
  }
}
