package io.sharedstore.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The flags of {@link ClusterNode}: {@code --id N} (required), {@code --manager HOST:PORT}
 * (default: {@code shared-store.manager.host}/{@code port} from the configuration) and {@code
 * --seconds S} (default 10).
 */
record ClusterNodeOptions(int clusterId, String managerAddress, Duration duration) {

  static final String USAGE = "usage: cluster --id N [--manager HOST:PORT] [--seconds S]";

  private static final int DEFAULT_SECONDS = 10;

  /**
   * Reads the flags, taking missing ones from {@code config}.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or malformed flag
   */
  static ClusterNodeOptions parse(String[] args, Config config) {
    Integer id = null;
    String manager =
        config.getString("shared-store.manager.host") + ":"
            + config.getInt("shared-store.manager.port");
    int seconds = DEFAULT_SECONDS;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--id" -> id = number(flag, value, 0);
        case "--manager" -> manager = value;
        case "--seconds" -> seconds = number(flag, value, 1);
        default -> throw new IllegalArgumentException("unknown flag " + flag + "; " + USAGE);
      }
    }
    if (id == null) {
      throw new IllegalArgumentException("--id is required; " + USAGE);
    }
    return new ClusterNodeOptions(id, manager, Duration.ofSeconds(seconds));
  }

  private static int number(String flag, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw new IllegalArgumentException(flag + " must be at least " + min + ", was " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, was " + value, e);
    }
  }
}
