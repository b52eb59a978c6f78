package io.sharedstore.bench;

import java.time.Instant;

/**
 * The wall clock in microseconds since the epoch ({@link Instant#now()}, which on Linux reads
 * {@code CLOCK_REALTIME} with sub-microsecond resolution): one clock for every JVM of the machine,
 * so two processes' readings can be subtracted.
 */
final class WallClock {

  private WallClock() {}

  /** Now, in microseconds since the epoch. */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
