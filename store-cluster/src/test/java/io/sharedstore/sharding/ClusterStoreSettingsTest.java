package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStoreSettingsTest {

  private static Config config(Map<String, Object> cluster) {
    return ConfigFactory.parseMap(cluster).withFallback(ConfigFactory.load());
  }

  @Test
  void theDefaultsAre1024SlotsOnTheJournalWhichNeedsItsDatabase() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> ClusterStoreSettings.create(config(Map.of())));
    assertTrue(e.getMessage().contains("shared-store.cluster.jdbc.url")
        && e.getMessage().contains("durability = none"), e.getMessage());
    ClusterStoreSettings journal = ClusterStoreSettings.create(config(
        Map.of("shared-store.cluster.jdbc.url", "jdbc:postgresql://127.0.0.1:1/db")));
    assertEquals(1024, journal.slots());
    assertEquals(128, journal.shards());
    assertEquals(SlotDurability.JOURNAL, journal.durability());
  }

  @Test
  void theJournalsPasswordComesFromTheEnvironmentOnly() {
    ClusterStoreSettings journal = ClusterStoreSettings.create(config(
        Map.of("shared-store.cluster.jdbc.url", "jdbc:postgresql://127.0.0.1:1/db")));
    ConfigException.Missing missing =
        assertThrows(ConfigException.Missing.class, () -> journal.pekkoSettings(Map.of()));
    assertTrue(missing.getMessage().contains(DbInit.PASSWORD_VARIABLE), missing.getMessage());
    Map<String, Object> settings =
        journal.pekkoSettings(Map.of(DbInit.PASSWORD_VARIABLE, "secret"));
    assertEquals("jdbc-journal", settings.get("pekko.persistence.journal.plugin"));
    assertEquals("secret",
        settings.get("pekko-persistence-jdbc.shared-databases.slick.db.password"));
    ClusterStoreSettings none = ClusterStoreSettings.create(
        config(Map.of("shared-store.cluster.durability", "none")));
    assertEquals(Map.of(), none.pekkoSettings(Map.of()));
  }

  @Test
  void slotsOutOfRangeAndAnUnknownDurabilityAreRefusedNamingTheKey() {
    for (int slots : new int[] {0, 16_385}) {
      ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
          () -> ClusterStoreSettings.create(config(Map.of("shared-store.cluster.slots", slots,
              "shared-store.cluster.durability", "none"))));
      assertTrue(e.getMessage().contains("shared-store.cluster.slots"), e.getMessage());
    }
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> ClusterStoreSettings.create(config(Map.of("shared-store.cluster.durability",
            "sometimes"))));
    assertTrue(e.getMessage().contains("shared-store.cluster.durability")
        && e.getMessage().contains("sometimes"), e.getMessage());
  }

  @Test
  void shardsAreAtLeastOneAndAtMostTheSlots() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> ClusterStoreSettings.create(config(Map.of("shared-store.cluster.shards", 0,
            "shared-store.cluster.durability", "none"))));
    assertTrue(e.getMessage().contains("shared-store.cluster.shards"), e.getMessage());
    assertEquals(16, ClusterStoreSettings.create(config(Map.of("shared-store.cluster.slots", 16,
        "shared-store.cluster.durability", "none"))).shards());
  }
}
