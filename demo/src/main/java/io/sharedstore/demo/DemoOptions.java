package io.sharedstore.demo;

import io.sharedstore.store.internal.CommandLineFlags;
import java.util.Set;

/**
 * The flags of {@link Demo}: {@code --clusters N} (default 3), {@code --seconds S} (default 10)
 * {@code --port P}, the manager's port (default 0: a free one), and the switch {@code --racy}:
 * every cluster also runs the seed's racy recipes, to compare their violations.
 */
record DemoOptions(int clusters, int seconds, int port, boolean racy) {

  static final String USAGE = "usage: demo [--clusters N] [--seconds S] [--port P] [--racy]";

  private static final String RACY = "--racy";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static DemoOptions parse(String[] args) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of(RACY), "--clusters", "--seconds", "--port");
    return new DemoOptions(
        flags.number("--clusters", 3, 1, 64),
        flags.number("--seconds", 10, 1, 3600),
        flags.number("--port", 0, 0, 65535),
        flags.isSet(RACY));
  }
}
