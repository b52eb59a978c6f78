package io.sharedstore.cluster;

import com.typesafe.config.Config;
import io.sharedstore.store.internal.CommandLineFlags;
import java.time.Duration;
import java.util.Set;

/**
 * The flags of {@link ClusterNode}: {@code --id N} (required), {@code --manager HOST:PORT}
 * (default: {@code shared-store.manager.host}/{@code port} from the configuration) and {@code
 * --seconds S} (default 10), and the switch {@code --racy}: also run the seed's racy recipes.
 */
record ClusterNodeOptions(int clusterId, String managerAddress, Duration duration, boolean racy) {

  static final String USAGE =
      "usage: cluster --id N [--manager HOST:PORT] [--seconds S] [--racy]";

  private static final String RACY = "--racy";

  private static final int DEFAULT_SECONDS = 10;

  /**
   * Reads the flags, taking missing ones from {@code config}.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or malformed flag
   */
  static ClusterNodeOptions parse(String[] args, Config config) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of(RACY), "--id", "--manager", "--seconds");
    int id = flags.number("--id", 0, Integer.MAX_VALUE)
        .orElseThrow(() -> new IllegalArgumentException("--id is required; " + USAGE));
    String manager =
        flags.text("--manager")
            .orElseGet(() -> config.getString("shared-store.manager.host") + ":"
                + config.getInt("shared-store.manager.port"));
    int seconds = flags.number("--seconds", DEFAULT_SECONDS, 1, Integer.MAX_VALUE);
    return new ClusterNodeOptions(id, manager, Duration.ofSeconds(seconds), flags.isSet(RACY));
  }
}
