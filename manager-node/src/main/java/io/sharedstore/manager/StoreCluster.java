package io.sharedstore.manager;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sharedstore.sharding.ClusterStoreSettings;
import io.sharedstore.store.ManagerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The manager's {@code shared-store.cluster} settings: whether it runs as a member of a Pekko
 * Cluster of store nodes, the seed nodes it joins, and the Split Brain Resolver's {@code
 * stable-after}; and the Pekko settings that follow from them. Off: the manager is the single
 * manager it always was ({@code provider = remote}).
 */
final class StoreCluster {

  /** The role every store node has, which the Split Brain Resolver's majority counts. */
  static final String ROLE = "store";

  /**
   * The exit status of a store node's JVM once the cluster downed it (the Split Brain Resolver,
   * or the others quarantined it): Pekko stops a downed member's ActorSystem, so a frozen node
   * that wakes up never serves again, and the status tells a supervisor why it ended.
   */
  static final int DOWNED_EXIT_STATUS = 3;

  private static final String KEY = "shared-store.cluster";
  private static final String SBR = "pekko.cluster.split-brain-resolver";

  private final boolean enabled;
  private final List<SeedNode> seedNodes;
  private final Duration stableAfter;
  private final ClusterStoreSettings slots;
  private final Map<String, String> environment;

  private StoreCluster(boolean enabled, List<SeedNode> seedNodes, Duration stableAfter,
      ClusterStoreSettings slots, Map<String, String> environment) {
    this.enabled = enabled;
    this.seedNodes = seedNodes;
    this.stableAfter = stableAfter;
    this.slots = slots;
    this.environment = environment;
  }

  /**
   * Reads {@code shared-store.cluster}.
   *
   * @throws ConfigException if a seed node is not {@code host:port} or stable-after is not
   *     positive, or (when on) the slots' settings are wrong ({@link ClusterStoreSettings})
   */
  static StoreCluster create(Config config) {
    return create(config, System.getenv());
  }

  /** As above, with the password of the journal's database from {@code environment}. */
  static StoreCluster create(Config config, Map<String, String> environment) {
    Config cluster = config.getConfig(KEY);
    List<SeedNode> seeds = new ArrayList<>();
    for (String hostPort : cluster.getStringList("seed-nodes")) {
      try {
        seeds.add(SeedNode.parse(hostPort));
      } catch (IllegalArgumentException e) {
        throw new ConfigException.BadValue(KEY + ".seed-nodes", e.getMessage(), e);
      }
    }
    Duration stableAfter = cluster.getDuration("stable-after");
    if (stableAfter.isNegative() || stableAfter.isZero()) {
      throw new ConfigException.BadValue(
          KEY + ".stable-after", "must be positive, was " + stableAfter);
    }
    boolean enabled = cluster.getBoolean("enabled");
    ClusterStoreSettings slots = enabled ? ClusterStoreSettings.create(config) : null;
    return new StoreCluster(enabled, List.copyOf(seeds), stableAfter, slots, environment);
  }

  /** Whether the manager is a member of a store cluster. */
  boolean enabled() {
    return enabled;
  }

  /** Whether it forms a cluster of its own (cluster on, no seed nodes): it joins itself. */
  boolean joinsItself() {
    return enabled && seedNodes.isEmpty();
  }

  /** The seed nodes, in the order given. */
  List<SeedNode> seedNodes() {
    return seedNodes;
  }

  /** The slots' settings (only when {@link #enabled}). */
  ClusterStoreSettings slots() {
    return slots;
  }

  /** How long the Split Brain Resolver waits for a stable membership before it decides. */
  Duration stableAfter() {
    return stableAfter;
  }

  /**
   * The Pekko settings the manager sets over its config: {@code provider = remote} when off;
   * when on, {@code provider = cluster}, the role {@code store}, the seed nodes' addresses and
   * the Split Brain Resolver with keep-majority over the store members, and the slots' journal
   * ({@link ClusterStoreSettings#pekkoSettings}).
   */
  Map<String, Object> pekkoSettings() {
    Map<String, Object> settings = new HashMap<>();
    if (!enabled) {
      settings.put("pekko.actor.provider", "remote");
      return settings;
    }
    settings.put("pekko.actor.provider", "cluster");
    settings.put("pekko.cluster.roles", List.of(ROLE));
    settings.put(
        "pekko.cluster.seed-nodes",
        seedNodes.stream().map(seed -> seed.pekkoAddress(ManagerAddress.SYSTEM_NAME)).toList());
    settings.put(
        "pekko.cluster.downing-provider-class",
        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    settings.put(SBR + ".active-strategy", "keep-majority");
    settings.put(SBR + ".keep-majority.role", ROLE);
    settings.put(SBR + ".stable-after", stableAfter.toMillis() + "ms");
    settings.putAll(slots.pekkoSettings(environment));
    return settings;
  }
}
