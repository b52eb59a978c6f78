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
 * (only with {@code --cluster}) sets {@code shared-store.cluster.seed-nodes}, {@code
 * --durability journal|none} {@code shared-store.cluster.durability}, {@code --slots N} {@code
 * shared-store.cluster.slots} and {@code --jdbc-url URL} {@code shared-store.cluster.jdbc.url}
 * (these three only with {@code --cluster}).
 */
final class CommandLine {

  static final String USAGE =
      "usage: manager [--host HOST] [--port PORT] [--data-dir DIR] [--repair]"
          + " [--cluster [--seed-nodes HOST:PORT,...] [--durability journal|none] [--slots N]"
          + " [--jdbc-url URL]]";

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
            "--data-dir", "--seed-nodes", "--durability", "--slots", "--jdbc-url");
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
    clusterOnly(flags, "--durability").ifPresent(durability -> {
      if (!durability.equals("journal") && !durability.equals("none")) {
        throw new IllegalArgumentException(
            "--durability must be journal or none, was [" + durability + "]; " + USAGE);
      }
      overrides.put("shared-store.cluster.durability", durability);
    });
    if (flags.text("--slots").isPresent()) {
      clusterOnly(flags, "--slots");
      flags.number("--slots", 1, 16_384).ifPresent(
          slots -> overrides.put("shared-store.cluster.slots", slots));
    }
    clusterOnly(flags, "--jdbc-url").ifPresent(
        url -> overrides.put("shared-store.cluster.jdbc.url", url));
    return overrides;
  }

  /** The flag's value, refused without {@code --cluster}. */
  private static java.util.Optional<String> clusterOnly(CommandLineFlags flags, String flag) {
    java.util.Optional<String> value = flags.text(flag);
    if (value.isPresent() && !flags.isSet("--cluster")) {
      throw new IllegalArgumentException(flag + " needs --cluster; " + USAGE);
    }
    return value;
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
