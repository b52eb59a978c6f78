package io.sharedstore.cluster.demo;

import java.time.Instant;

/** The wall clock in microseconds: comparable across the demo's JVMs, which share a machine. */
final class WallClock {

  private WallClock() {}

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
