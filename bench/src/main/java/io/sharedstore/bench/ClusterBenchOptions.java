package io.sharedstore.bench;

import io.sharedstore.store.internal.CommandLineFlags;
import java.util.Locale;
import java.util.Optional;

/**
 * The flags of {@code bin/shared-store bench --cluster N}: the same load against 1 store node
 * and N store nodes, and Redis Cluster with N masters; with {@code --failover} also the failover
 * time and the journal recovery time of one slot.
 *
 * @param nodes the store nodes of the cluster (and the Redis masters), 3..9
 * @param durability the slots' durability, {@code journal} (a PostgreSQL of the run's own) or
 *     {@code none}
 * @param failover whether to time a SIGKILLed node's slots being served again and (journal) one
 *     slot's recovery from the journal
 * @param recoveryKeys the keys filled into the one slot whose recovery is timed
 * @param stableAfterSeconds the Split Brain Resolver's {@code stable-after} of the failover's
 *     cluster
 */
record ClusterBenchOptions(int nodes, String durability, boolean failover, int recoveryKeys,
    int stableAfterSeconds) {

  static final String USAGE_PART = "[--cluster N [--durability journal|none] [--failover"
      + " [--recovery-keys 100000] [--stable-after 3]]]";

  /** Whether {@link #durability} is {@code journal}. */
  boolean journal() {
    return durability.equals("journal");
  }

  /**
   * The cluster flags, if {@code --cluster} is given; refuses the cluster's own flags without
   * it, and flags that do not apply to a cluster run with it.
   */
  static Optional<ClusterBenchOptions> parse(CommandLineFlags flags) {
    Optional<Integer> nodes = flags.number("--cluster", 2, 9);
    if (nodes.isEmpty()) {
      for (String flag : new String[] {"--durability", "--recovery-keys", "--stable-after"}) {
        if (flags.text(flag).isPresent()) {
          throw new IllegalArgumentException(flag + " needs --cluster N");
        }
      }
      if (flags.isSet("--failover")) {
        throw new IllegalArgumentException("--failover needs --cluster N");
      }
      return Optional.empty();
    }
    for (String flag : new String[] {"--manager", "--data-dir", "--near-cache"}) {
      if (flags.text(flag).isPresent()) {
        throw new IllegalArgumentException("--cluster starts store nodes of its own, with"
            + " --durability: it cannot go with " + flag);
      }
    }
    if (flags.isSet("--compare-metrics")) {
      throw new IllegalArgumentException("--cluster cannot go with --compare-metrics");
    }
    String durability = flags.text("--durability").orElse("journal").toLowerCase(Locale.ROOT);
    if (!durability.equals("journal") && !durability.equals("none")) {
      throw new IllegalArgumentException(
          "--durability must be journal or none, was " + flags.text("--durability").get());
    }
    boolean failover = flags.isSet("--failover");
    if (failover && nodes.get() < 3) {
      throw new IllegalArgumentException("--failover needs --cluster 3 or more: a node killed"
          + " out of " + nodes.get() + " leaves no majority to down it");
    }
    if (!failover && (flags.text("--recovery-keys").isPresent()
        || flags.text("--stable-after").isPresent())) {
      throw new IllegalArgumentException("--recovery-keys and --stable-after need --failover");
    }
    int recoveryKeys = flags.number("--recovery-keys", 100_000, 1, 10_000_000);
    if (failover && !durability.equals("journal") && flags.text("--recovery-keys").isPresent()) {
      throw new IllegalArgumentException("--recovery-keys times a recovery from the journal:"
          + " it needs --durability journal");
    }
    return Optional.of(new ClusterBenchOptions(nodes.get(), durability, failover, recoveryKeys,
        flags.number("--stable-after", 3, 1, 120)));
  }
}
