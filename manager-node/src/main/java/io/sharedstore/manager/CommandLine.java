package io.sharedstore.manager;

import io.sharedstore.store.internal.CommandLineFlags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The manager's command-line flags, as config overrides: {@code --host H} sets {@code
 * shared-store.manager.host}, {@code --port P} sets {@code shared-store.manager.port}, {@code
 * --data-dir DIR} sets {@code shared-store.persistence.dir}, and the switch {@code --repair} sets
 * {@code shared-store.persistence.on-corruption = truncate} for this start; the switch {@code
 * --cluster} sets {@code shared-store.cluster.enabled = on}, and {@code --seed-nodes H1:P1,H2:P2}
 * (only with {@code --cluster}) sets {@code shared-store.cluster.seed-nodes}.
 */
final class CommandLine {

  static final String USAGE =
      "usage: manager [--host HOST] [--port PORT] [--data-dir DIR] [--repair]"
          + " [--cluster [--seed-nodes HOST:PORT,...]]";

  private CommandLine() {}

  /**
   * The overrides the flags ask for.
   *
   * @throws IllegalArgumentException on an unknown flag, a flag without its value, a malformed
   *     seed node list, or {@code --seed-nodes} without {@code --cluster}
   */
  static Map<String, Object> overrides(String[] args) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of("--repair", "--cluster"), "--host", "--port",
            "--data-dir", "--seed-nodes");
    Map<String, Object> overrides = new HashMap<>();
    flags.text("--host").ifPresent(host -> overrides.put("shared-store.manager.host", host));
    flags.number("--port", 0, 65535).ifPresent(port -> overrides.put("shared-store.manager.port", port));
    flags.text("--data-dir").ifPresent(dir -> overrides.put("shared-store.persistence.dir", dir));
    if (flags.isSet("--repair")) {
      overrides.put("shared-store.persistence.on-corruption", "truncate");
    }
    if (flags.isSet("--cluster")) {
      overrides.put("shared-store.cluster.enabled", true);
    }
    flags.text("--seed-nodes").ifPresent(seeds -> overrides.put(
        "shared-store.cluster.seed-nodes", seedNodes(seeds, flags.isSet("--cluster"))));
    return overrides;
  }

  private static List<String> seedNodes(String seeds, boolean cluster) {
    if (!cluster) {
      throw new IllegalArgumentException("--seed-nodes needs --cluster; " + USAGE);
    }
    try {
      return SeedNode.parseList(seeds).stream().map(SeedNode::toString).toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--seed-nodes must be HOST:PORT,HOST:PORT,...: " + e.getMessage() + "; " + USAGE, e);
    }
  }
}
