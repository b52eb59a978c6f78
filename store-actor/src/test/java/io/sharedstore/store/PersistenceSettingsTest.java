package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The persistence block of the config: its defaults and its refusals. */
class PersistenceSettingsTest {

  private static PersistenceSettings read(Map<String, Object> overrides) {
    Config config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    return PersistenceSettings.create(config);
  }

  @Test
  void theDefaultIsInMemory() {
    PersistenceSettings settings = read(Map.of());
    assertEquals(PersistenceSettings.IN_MEMORY, settings);
    assertTrue(!settings.enabled());
  }

  @Test
  void aDirectoryAndEachChoiceAreRead() {
    PersistenceSettings settings = read(Map.of(
        "shared-store.persistence.dir", "/tmp/data",
        "shared-store.persistence.fsync", "always",
        "shared-store.persistence.on-corruption", "truncate"));
    assertEquals(PersistenceSettings.in(Path.of("/tmp/data"), PersistenceSettings.Fsync.ALWAYS,
        PersistenceSettings.OnCorruption.TRUNCATE), settings);
    assertEquals(PersistenceSettings.Fsync.NO,
        read(Map.of("shared-store.persistence.fsync", "no")).fsync());
  }

  @Test
  void anUnknownChoiceIsRefusedWithTheChoices() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> read(Map.of("shared-store.persistence.fsync", "sometimes")));
    assertTrue(e.getMessage().contains("always | everysec | no, was sometimes"), e.getMessage());
  }
}
