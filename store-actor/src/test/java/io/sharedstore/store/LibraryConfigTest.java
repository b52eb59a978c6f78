package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library's Pekko settings hold whatever the order of the reference.conf files: a fat jar
 * appends them into one, the library's first and Pekko's after it, so Pekko's defaults win there.
 */
class LibraryConfigTest {

  private static final String FRAME = "pekko.remote.artery.advanced.maximum-frame-size";
  private static final String INTERNAL = "pekko.actor.internal-dispatcher";

  @Test
  void aPlainClasspathAppliesTheSettingsThroughTheInclude() {
    Config config = ConfigFactory.load();
    assertEquals(1088 * 1024, config.getBytes(FRAME));
    assertEquals("pekko.actor.default-dispatcher", config.getString(INTERNAL));
  }

  @Test
  void aFatJarOrderLosesThemAndLoadRestoresThem() throws IOException {
    Config fatJar = fatJarReferences().resolve();
    assertEquals(256 * 1024, fatJar.getBytes(FRAME), "the fat-jar order lets Pekko's defaults win");

    Config loaded = LibraryConfig.load(fatJar);
    assertEquals(1088 * 1024, loaded.getBytes(FRAME));
    assertEquals("pekko.actor.default-dispatcher", loaded.getString(INTERNAL));
    assertEquals("pekko.actor.default-dispatcher",
        loaded.getString("pekko.remote.artery.advanced.use-dispatcher"));
    assertEquals(8, loaded.getInt("pekko.actor.default-dispatcher.fork-join-executor.parallelism-max"));
    assertEquals("jackson-cbor",
        loaded.getString("pekko.actor.serialization-bindings.\"io.sharedstore.store.CborSerializable\""));
    assertTrue(loaded.hasPath("pekko.actor.default-dispatcher.throughput-deadline-time"),
        "Pekko's own keys are still there");
  }

  @Test
  void applicationSettingsStillWinOverTheLibrarys() {
    System.setProperty(FRAME, "2 MiB");
    try {
      ConfigFactory.invalidateCaches();
      assertEquals(2 * 1024 * 1024, LibraryConfig.load().getBytes(FRAME));
    } finally {
      System.clearProperty(FRAME);
      ConfigFactory.invalidateCaches();
    }
  }

  /** Every reference.conf on the classpath, this library's first and each later one winning. */
  private static Config fatJarReferences() throws IOException {
    List<URL> urls = Collections.list(
        LibraryConfigTest.class.getClassLoader().getResources("reference.conf"));
    List<URL> ordered = new ArrayList<>();
    urls.stream().filter(LibraryConfigTest::isOurs).forEach(ordered::add);
    urls.stream().filter(url -> !isOurs(url)).forEach(ordered::add);
    assertEquals(1, ordered.stream().filter(LibraryConfigTest::isOurs).count());
    Config merged = ConfigFactory.empty();
    for (URL url : ordered) {
      merged = ConfigFactory.parseURL(url).withFallback(merged);
    }
    return merged;
  }

  private static boolean isOurs(URL url) {
    return url.toString().contains("store-actor");
  }
}
