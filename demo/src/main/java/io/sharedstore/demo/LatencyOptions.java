package io.sharedstore.demo;

import io.sharedstore.store.internal.CommandLineFlags;

/**
 * The flags of {@link Latency}: {@code --count N} measured round trips per operation (default
 * 10,000) and {@code --warmup N} unmeasured ones before them (default 5,000).
 */
record LatencyOptions(int count, int warmup) {

  static final String USAGE = "usage: latency [--count N] [--warmup N]";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static LatencyOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--count", "--warmup");
    return new LatencyOptions(
        flags.number("--count", 10_000, 1, 100_000_000),
        flags.number("--warmup", 5_000, 0, 100_000_000));
  }
}
