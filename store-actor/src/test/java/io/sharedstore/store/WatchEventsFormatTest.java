package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvent.KeyEvent;
import io.sharedstore.store.protocol.WatchEvent.Kind;
import io.sharedstore.store.protocol.WatchEvent.Reset;
import io.sharedstore.store.protocol.WatchEvent.ResetReason;
import io.sharedstore.store.protocol.WatchEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compact wire form of {@link WatchEvents}: every shape of message and event round-trips
 * exactly, and no type or field name reaches the wire.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchEventsFormatTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private void verify(WatchEvents message) {
    assertEquals(message, testKit.serializationTestKit().verifySerialization(message, true));
  }

  private byte[] bytesOf(Object message) {
    return SerializationExtension.get(Adapter.toClassic(testKit.system())).serialize(message)
        .get();
  }

  private static Bytes bytes(int... values) {
    byte[] array = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      array[i] = (byte) values[i];
    }
    return Bytes.wrap(array);
  }

  @Test
  void everyEventTheStoreSendsRoundTrips() {
    List<WatchEvent> events = List.of(
        new KeyEvent(Kind.CHANGED, "config:maintenance", 7, Optional.of(bytes(0xf5)),
            OptionalLong.empty()),
        new KeyEvent(Kind.CHANGED, "ttl:k", 8, Optional.of(bytes()), OptionalLong.of(1_700_000L)),
        new KeyEvent(Kind.DELETED, "config:maintenance", 9, Optional.empty(),
            OptionalLong.empty()),
        new KeyEvent(Kind.EXPIRED, "ttl:k", 10, Optional.empty(), OptionalLong.empty()),
        new Reset(11, ResetReason.OVERFLOW),
        new Reset(12, ResetReason.GAP),
        new KeyEvent(Kind.CHANGED, "\u00e9\ud83d\ude00", Long.MAX_VALUE,
            Optional.of(bytes(0, 255, 128)), OptionalLong.of(Long.MAX_VALUE)));
    verify(WatchEvents.of("w-1", events, Long.MAX_VALUE));
    verify(WatchEvents.of("w-1", events, 77, Long.MAX_VALUE));
    verify(WatchEvents.started("w-2", 0));
    verify(WatchEvents.started("w-3", 41));
    verify(WatchEvents.refused("w-4", "[invalid] a watch needs a watch id"));
    verify(WatchEvents.refused("", "[full] too many"));
  }

  @Test
  void keyEventsOfOtherShapesRoundTripThroughTheGenericForm() {
    verify(WatchEvents.of("w-5", List.of(
        new KeyEvent(Kind.CHANGED, "k", 1, Optional.empty(), OptionalLong.empty()),
        new KeyEvent(Kind.DELETED, "k", 2, Optional.of(bytes(1)), OptionalLong.empty()),
        new KeyEvent(Kind.EXPIRED, "k", 3, Optional.empty(), OptionalLong.of(5))), 3));
  }

  @Test
  void noTypeOrFieldNameReachesTheWireAndAnEventCostsLittleMoreThanItsKeyAndValue() {
    List<WatchEvent> events = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      events.add(new KeyEvent(Kind.CHANGED, String.format("user:%05d", i), 1_000_000 + i,
          Optional.of(bytes(1, 2, 3, 4, 5, 6, 7, 8)), OptionalLong.empty()));
    }
    byte[] wire = bytesOf(WatchEvents.of("watch-id", events, 2_000_000));
    String text = new String(wire, StandardCharsets.ISO_8859_1);
    for (String name : List.of("kind", "CHANGED", "revision", "value", "deadline", "@event",
        "events", "through", "refusal")) {
      assertFalse(text.contains(name), () -> "the wire holds " + name);
    }
    // Per event: opcode 1, key 1 + 10, revision 5, value 1 + 8, no deadline 1 = 27 bytes.
    assertTrue(wire.length <= 256 * 27 + 32, () -> wire.length + " bytes");
  }
}
