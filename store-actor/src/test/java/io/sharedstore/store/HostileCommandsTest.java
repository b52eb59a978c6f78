package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static io.sharedstore.store.StoreDriver.NO_ID;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.cbor;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;

/**
 * What a misbehaving peer can send the store that the client never would: every such message
 * gets a refusal or is dropped with a warning, no handler throws (the store would log an error
 * and, without its supervisor, lose its data), and the store keeps serving.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCommandsTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 10_000, 1000, 64, 1024, Duration.ofSeconds(60),
          1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  @SuppressWarnings("unchecked")
  private static ActorRef<Object> untyped(ActorRef<Command> store) {
    return (ActorRef<Object>) (ActorRef<?>) store;
  }

  @Test
  void aMessageThatIsNoCommandIsDroppedWithAWarning() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    LoggingTestKit.warn("Dropped a message the store does not know: [java.lang.String]")
        .expect(testKit.system(), () -> {
          untyped(store.ref()).tell("hello, store");
          return null;
        });
    LoggingTestKit.warn("[io.sharedstore.store.protocol.Replies]")
        .expect(testKit.system(), () -> {
          untyped(store.ref()).tell(new Replies(java.util.List.of()));
          return null;
        });
    store.set("still", cbor(1), NO_TTL);
    assertArrayEquals(cbor(1), store.get("still").orElseThrow());
  }

  @Test
  void aCommandWithoutReplyToIsDroppedWithAWarningNotAnException() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    LoggingTestKit.empty()
        .withLogLevel(Level.ERROR)
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          LoggingTestKit.warn("it has no replyTo").withOccurrences(3).expect(testKit.system(),
              () -> {
                store.ref().tell(new Execute<>(new Operation.Size(), null));
                store.ref().tell(new Execute<>(new Operation.GetStats(), null));
                store.ref().tell(new Execute<>(new Operation.DeleteAll("*"), null));
                return null;
              });
          // A write with nowhere to answer is dropped too: it is not applied unseen.
          LoggingTestKit.warn("it has no replyTo").withOccurrences(3).expect(testKit.system(),
              () -> {
                store.ref().tell(
                    new Execute<>(new Operation.Set("quiet", bytes(cbor(1)), NO_TTL), null));
                store.ref().tell(new Execute<>(new Operation.Get("quiet"), null));
                store.ref().tell(
                    new Execute<>(new Operation.Increment("n", 1, NO_TTL, NO_ID), null));
                return null;
              });
          return store.get("quiet");
        });
    assertEquals(java.util.Optional.empty(), store.get("quiet"));
    store.set("quiet", cbor(1), NO_TTL);
    assertArrayEquals(cbor(1), store.get("quiet").orElseThrow());
  }

  @Test
  void nullAndOutOfRangeFieldsAreRefusedWithAReason() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    assertTrue(refused(Refusal.INVALID, store.trySet(null, cbor(1), NO_TTL))
        .contains("key must not be null"));
    assertTrue(refused(Refusal.INVALID, store.trySet("k", null, NO_TTL))
        .contains("value must not be null"));
    assertTrue(refused(Refusal.INVALID, store.trySet("k", cbor(1), OptionalLong.of(-5)))
        .contains("ttl must be positive"));
    assertTrue(refused(Refusal.INVALID, store.trySet("k", cbor(1), OptionalLong.of(0)))
        .contains("ttl must be positive"));
    assertTrue(refused(Refusal.INVALID, store.trySet("k".repeat(65), cbor(1), NO_TTL))
        .contains("longer than max-key-length"));
    assertTrue(refused(Refusal.INVALID, store.trySet("k", new byte[1025], NO_TTL))
        .contains("larger than max-value-size"));
    refused(Refusal.INVALID, store.increment("k", 1, null, NO_ID));
    refused(Refusal.INVALID, store.increment("k", 1, NO_TTL, null));
    refused(Refusal.INVALID, store.<Written>ask(r -> new Execute<>(new Operation.SetAll(null, NO_TTL), r)));
    refused(Refusal.INVALID, store.<Values>ask(r -> new Execute<>(new Operation.GetAll(null), r)));
    refused(Refusal.INVALID, store.<KeyPage>ask(r -> new Execute<>(new Operation.Scan(null, null, 0), r)));
    refused(Refusal.INVALID, store.<Applied>ask(r -> new Execute<>(new Operation.Expire("k", -1), r)));
    assertEquals(0, store.stats().storedEntries());

    // A TTL of Long.MAX_VALUE ms is accepted: it expires in centuries.
    store.set("forever", cbor(1), OptionalLong.of(Long.MAX_VALUE));
    assertTrue(ok(store.getTtl("forever")).exists());
  }
}
