package io.sharedstore.demo;

/**
 * The flags of {@link Latency}: {@code --count N} measured round trips (default 10,000) and
 * {@code --warmup N} unmeasured ones before them (default 5,000).
 */
record LatencyOptions(int count, int warmup) {

  static final String USAGE = "usage: latency [--count N] [--warmup N]";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static LatencyOptions parse(String[] args) {
    int count = 10_000;
    int warmup = 5_000;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--count" -> count = Flags.number(flag, value, 1, 100_000_000);
        case "--warmup" -> warmup = Flags.number(flag, value, 0, 100_000_000);
        default -> throw new IllegalArgumentException("unknown flag " + flag + "; " + USAGE);
      }
    }
    return new LatencyOptions(count, warmup);
  }
}
