package io.sharedstore.store;

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
 * store), refuses a ping inside a batch, and tells the clients that pinged lately when it stops.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeartbeatAnswerTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), 1000, 1000, 64, 1000, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private final AtomicLong clock = new AtomicLong();

  private ActorRef<StoreActor.Command> store() {
    return testKit.spawn(StoreActor.create(SETTINGS, clock::get));
  }

  private StoreActor.Pong ping(ActorRef<StoreActor.Command> store, TestProbe<StoreActor.Pong> p) {
    store.tell(new StoreActor.Ping(p.getRef()));
    return p.receiveMessage();
  }

  @Test
  void aStoreAnswersEveryPingWithItsOwnEpochAndAnotherStoreWithAnother() {
    TestProbe<StoreActor.Pong> client = testKit.createTestProbe();
    ActorRef<StoreActor.Command> first = store();
    StoreActor.Pong pong = ping(first, client);
    assertFalse(pong.stopping());
    assertFalse(pong.epoch().isBlank());
    assertEquals(pong, ping(first, client));

    assertNotEquals(pong.epoch(), ping(store(), client).epoch());
  }

  @Test
  void aStoppingStoreTellsTheClientsThatPingedLatelyAfterItsAnswers() {
    ActorRef<StoreActor.Command> store = store();
    TestProbe<StoreActor.Pong> recent = testKit.createTestProbe();
    TestProbe<StoreActor.Pong> gone = testKit.createTestProbe();
    String epoch = ping(store, gone).epoch();
    clock.addAndGet(Duration.ofMinutes(1).toNanos()); // far beyond the heartbeat timeout
    ping(store, recent);

    testKit.stop(store);

    assertEquals(new StoreActor.Pong(epoch, true), recent.receiveMessage());
    gone.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aPingInsideABatchIsRefusedAndAnswersNothing() {
    ActorRef<StoreActor.Command> store = store();
    TestProbe<StoreActor.Replies> replies = testKit.createTestProbe();
    TestProbe<StoreActor.Pong> client = testKit.createTestProbe();
    store.tell(
        new StoreActor.Batch(
            List.of(new StoreActor.Request(7, new StoreActor.Ping(client.getRef()))),
            replies.getRef()));

    StoreActor.Outcome outcome = replies.receiveMessage().outcomes().get(0);
    assertEquals(7, outcome.id());
    assertTrue(outcome.error().isPresent(), outcome.toString());
    client.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void pingAndPongCrossTheWire() {
    TestProbe<StoreActor.Pong> client = testKit.createTestProbe();
    testKit.serializationTestKit().verifySerialization(new StoreActor.Ping(client.getRef()), true);
    testKit.serializationTestKit().verifySerialization(new StoreActor.Pong("e-1", true), true);
  }
}
