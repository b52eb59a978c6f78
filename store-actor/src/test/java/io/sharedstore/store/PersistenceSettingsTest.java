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
  void theRewriteThresholdsAreReadAndBothMustBeReached() {
    PersistenceSettings defaults = read(Map.of());
    assertEquals(64L << 20, defaults.rewriteMinSize());
    assertEquals(100, defaults.rewritePercentage());
    PersistenceSettings set = read(Map.of(
        "shared-store.persistence.rewrite-min-size", "1 KiB",
        "shared-store.persistence.rewrite-percentage", "50"));
    assertEquals(1024, set.rewriteMinSize());
    assertEquals(50, set.rewritePercentage());
    assertTrue(!set.rewriteDue(1023, 0), "below the minimum size");
    assertTrue(set.rewriteDue(1024, 0), "no snapshot yet: the minimum size is enough");
    assertTrue(!set.rewriteDue(1999, 4000), "below 50% of the snapshot");
    assertTrue(set.rewriteDue(2000, 4000));
    assertTrue(!set.withRewrite(0, 0).rewriteDue(Long.MAX_VALUE, 0), "0%: never");
    assertThrows(IllegalArgumentException.class, () -> set.withRewrite(-1, 100));
  }

  @Test
  void anUnknownChoiceIsRefusedWithTheChoices() {
    ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
        () -> read(Map.of("shared-store.persistence.fsync", "sometimes")));
    assertTrue(e.getMessage().contains("always | everysec | no, was sometimes"), e.getMessage());
  }
}
