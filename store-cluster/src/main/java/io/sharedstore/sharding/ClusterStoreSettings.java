package io.sharedstore.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sharedstore.store.slots.KeySlots;
import java.util.HashMap;
import java.util.Map;

/**
 * A store node's slot settings, from {@code shared-store.cluster}: how many slots, what their
 * data survives, and (for {@code durability = journal}) the PostgreSQL database of their journal,
 * with the password from {@value DbInit#PASSWORD_VARIABLE}.
 *
 * @param slots how many slots the keyspace has, 1..{@link KeySlots#MAX_SLOTS}
 * @param shards how many sharding shards hold the slots, 1..slots ({@link SlotShards})
 * @param durability what a slot's data survives
 * @param jdbcUrl the journal's database, {@code ""} for none
 * @param user its user
 */
public record ClusterStoreSettings(int slots, int shards, SlotDurability durability,
    String jdbcUrl, String user) {

  private static final String KEY = "shared-store.cluster";
  private static final String DB = "pekko-persistence-jdbc.shared-databases.slick";

  /**
   * Reads {@code shared-store.cluster}.
   *
   * @param config the node's config
   * @return the settings
   * @throws ConfigException if slots or shards is out of range, durability unknown, or journal
   *     has no url
   */
  public static ClusterStoreSettings create(Config config) {
    Config cluster = config.getConfig(KEY);
    int slots = cluster.getInt("slots");
    if (slots < 1 || slots > KeySlots.MAX_SLOTS) {
      throw new ConfigException.BadValue(KEY + ".slots",
          "must be 1.." + KeySlots.MAX_SLOTS + ", was " + slots);
    }
    int shards = cluster.getInt("shards");
    if (shards < 1) {
      throw new ConfigException.BadValue(KEY + ".shards", "must be at least 1, was " + shards);
    }
    shards = SlotShards.atMost(slots, shards).shards();
    SlotDurability durability;
    try {
      durability = SlotDurability.parse(cluster.getString("durability"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(KEY + ".durability", e.getMessage());
    }
    String url = cluster.getString("jdbc.url");
    if (durability == SlotDurability.JOURNAL && url.isBlank()) {
      throw new ConfigException.BadValue(KEY + ".jdbc.url", "durability = journal needs the"
          + " PostgreSQL database of the slots' journal (e.g."
          + " jdbc:postgresql://127.0.0.1:5432/sharedstore, created with bin/shared-store"
          + " db-init); or run with durability = none (slots in memory only)");
    }
    return new ClusterStoreSettings(slots, shards, durability, url,
        cluster.getString("jdbc.user"));
  }

  /**
   * The Pekko settings the slots need over the node's config: with {@code journal}, the
   * pekko-persistence-jdbc journal and snapshot store on the database (one shared pool).
   *
   * @param environment the process's environment (the password's variable)
   * @return the settings, empty for {@code none}
   * @throws ConfigException if {@code journal} and the password variable is not set
   */
  public Map<String, Object> pekkoSettings(Map<String, String> environment) {
    Map<String, Object> settings = new HashMap<>();
    if (durability != SlotDurability.JOURNAL) {
      return settings;
    }
    String password = environment.get(DbInit.PASSWORD_VARIABLE);
    if (password == null) {
      throw new ConfigException.Missing(DbInit.PASSWORD_VARIABLE
          + " (the environment variable with the password of " + user + " on " + jdbcUrl
          + ", which durability = journal needs)");
    }
    settings.put("pekko.persistence.journal.plugin", "jdbc-journal");
    settings.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    settings.put("jdbc-journal.use-shared-db", "slick");
    settings.put("jdbc-snapshot-store.use-shared-db", "slick");
    settings.put(DB + ".profile", "slick.jdbc.PostgresProfile$");
    settings.put(DB + ".db.url", jdbcUrl);
    settings.put(DB + ".db.user", user);
    settings.put(DB + ".db.password", password);
    settings.put(DB + ".db.driver", "org.postgresql.Driver");
    settings.put(DB + ".db.numThreads", 8);
    settings.put(DB + ".db.maxConnections", 8);
    settings.put(DB + ".db.minConnections", 1);
    return settings;
  }
}
