package io.sharedstore.store;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The library's defaults are safe: loopback only, Java serialization off, Jackson bound to the
 * store's own messages only, and frames large enough for the largest value.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityDefaultsTest {

  record NotAStoreMessage(String text) {}

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private final Config config = ConfigFactory.load();

  @Test
  void managerAndClientsBindLoopbackByDefault() {
    assertEquals("127.0.0.1", config.getString("shared-store.manager.host"));
    assertEquals("127.0.0.1", config.getString("shared-store.client.host"));
    assertEquals(17355, config.getInt("shared-store.manager.port"));
  }

  @Test
  void javaSerializationStaysOff() {
    assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"));
  }

  @Test
  void onlyTheStoresMarkerIsBoundToJackson() {
    Map<String, String> jacksonBindings =
        config.getConfig("pekko.actor.serialization-bindings").root().entrySet().stream()
            .filter(e -> String.valueOf(e.getValue().unwrapped()).startsWith("jackson"))
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue().unwrapped()));
    assertEquals(Map.of("io.sharedstore.store.CborSerializable", "jackson-cbor"), jacksonBindings);
  }

  @Test
  void anApplicationTypeCannotBeSerialized() {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    assertThrows(Exception.class,
        () -> serialization.serialize(new NotAStoreMessage("x")).get());
    assertTrue(serialization.serialize(new Exists(true)).isSuccess());
  }

  @Test
  void theDefaultFrameCarriesTheLargestValueAndKey() {
    StoreSettings settings = StoreSettings.create(config);
    assertTrue(config.getBytes("pekko.remote.artery.advanced.maximum-frame-size")
        >= settings.maxFrameContent());
    assertEquals(1024 * 1024, settings.maxValueSize());
    assertEquals(1024, settings.maxKeyLength());
  }

  @Test
  void aFrameTooSmallForTheLargestValueIsRefusedAtStart() {
    Config tooSmall = ConfigFactory.parseString("shared-store.max-value-size = 2 MiB").withFallback(config);
    ConfigException e = assertThrows(ConfigException.class, () -> StoreSettings.create(tooSmall));
    assertTrue(e.getMessage().contains("maximum-frame-size"), e.getMessage());
  }
}
