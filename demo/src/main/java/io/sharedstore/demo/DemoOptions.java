package io.sharedstore.demo;

/**
 * The flags of {@link Demo}: {@code --clusters N} (default 3), {@code --seconds S} (default 10)
 * and {@code --port P}, the manager's port (default 0: a free one).
 */
record DemoOptions(int clusters, int seconds, int port) {

  static final String USAGE = "usage: demo [--clusters N] [--seconds S] [--port P]";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static DemoOptions parse(String[] args) {
    int clusters = 3;
    int seconds = 10;
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--clusters" -> clusters = Flags.number(flag, value, 1, 64);
        case "--seconds" -> seconds = Flags.number(flag, value, 1, 3600);
        case "--port" -> port = Flags.number(flag, value, 0, 65535);
        default -> throw new IllegalArgumentException("unknown flag " + flag + "; " + USAGE);
      }
    }
    return new DemoOptions(clusters, seconds, port);
  }
}
