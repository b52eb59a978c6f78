package io.sharedstore.store.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.StoreSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code shared-store.watch} keys: their defaults, an override, a bad value. */
class WatchSettingsTest {

  private final Config config = ConfigFactory.load();

  @Test
  void theDefaultsAreThoseOfReferenceConf() {
    assertEquals(WatchSettings.DEFAULTS, StoreSettings.create(config).watch());
    assertEquals(new WatchSettings(100_000, 64L * 1024 * 1024, 10_000, 1_000, 32L * 1024 * 1024),
        WatchSettings.DEFAULTS);
  }

  @Test
  void anOverrideIsRead() {
    Config overridden = ConfigFactory.parseString(
        "shared-store.watch { history = 10, history-max-bytes = 1 MiB, buffer = 5,"
            + " max-per-client = 2, buffer-max-bytes = 2 KiB }").withFallback(config);
    assertEquals(new WatchSettings(10, 1024 * 1024, 5, 2, 2048),
        StoreSettings.create(overridden).watch());
  }

  @Test
  void aNegativeHistoryIsRefusedAtStart() {
    Config bad = ConfigFactory.parseString("shared-store.watch.history = -1").withFallback(config);
    assertThrows(IllegalArgumentException.class, () -> StoreSettings.create(bad));
  }

  @Test
  void aBufferOrMaxPerClientBelowOneIsRefusedAtStart() {
    for (String bad : List.of("buffer = 0", "max-per-client = 0", "buffer = -1",
        "buffer-max-bytes = 0")) {
      Config config = ConfigFactory.parseString("shared-store.watch." + bad).withFallback(this.config);
      assertThrows(IllegalArgumentException.class, () -> StoreSettings.create(config), bad);
    }
  }

  @Test
  void theOtherSettingsKeepTheWatchBounds() {
    WatchSettings small = new WatchSettings(3, 1000);
    StoreSettings settings = StoreSettings.create(config).withWatch(small);
    assertEquals(small, settings.withLimits(5, 5000).watch());
  }
}
