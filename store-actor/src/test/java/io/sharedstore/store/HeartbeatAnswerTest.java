package io.sharedstore.store;

import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store answers pings with its epoch (the same for its whole life, another for another
 * store), and tells the clients that pinged lately when it stops.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeartbeatAnswerTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), 1000, 1000, 64, 1000, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  /** Nanoseconds of the store's monotonic clock, which times the heartbeat's client silences. */
  private final AtomicLong clock = new AtomicLong();

  private ActorRef<Command> store() {
    return testKit.spawn(StoreActor.create(
        SETTINGS, () -> clock.get() / 1_000_000, clock::get, ChangeListener.NONE));
  }

  private Pong ping(ActorRef<Command> store, TestProbe<Pong> p) {
    store.tell(new Ping(p.getRef()));
    return p.receiveMessage();
  }

  @Test
  void aStoreAnswersEveryPingWithItsOwnEpochAndAnotherStoreWithAnother() {
    TestProbe<Pong> client = testKit.createTestProbe();
    ActorRef<Command> first = store();
    Pong pong = ping(first, client);
    assertFalse(pong.stopping());
    assertFalse(pong.epoch().isBlank());
    assertEquals(pong, ping(first, client));

    assertNotEquals(pong.epoch(), ping(store(), client).epoch());
  }

  @Test
  void aStoppingStoreTellsTheClientsThatPingedLatelyAfterItsAnswers() {
    ActorRef<Command> store = store();
    TestProbe<Pong> recent = testKit.createTestProbe();
    TestProbe<Pong> gone = testKit.createTestProbe();
    String epoch = ping(store, gone).epoch();
    clock.addAndGet(Duration.ofMinutes(1).toNanos()); // far beyond the heartbeat timeout
    ping(store, recent);

    testKit.stop(store);

    assertPong(epoch, true, recent.receiveMessage());
    gone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void pingAndPongCrossTheWire() {
    TestProbe<Pong> client = testKit.createTestProbe();
    testKit.serializationTestKit().verifySerialization(new Ping(client.getRef()), true);
    testKit.serializationTestKit().verifySerialization(new Pong("e-1", true), true);
  }

  /** A pong of {@code epoch}, stopping or not; its incarnation is the store start's own. */
  private static void assertPong(String epoch, boolean stopping, Pong pong) {
    assertEquals(epoch, pong.epoch());
    assertEquals(stopping, pong.stopping());
    org.junit.jupiter.api.Assertions.assertFalse(pong.incarnation().isEmpty(), pong.toString());
  }
}
