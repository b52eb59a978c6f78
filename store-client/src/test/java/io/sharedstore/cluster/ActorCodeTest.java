package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client inside an application's own ActorSystem ({@code ClusterClient.create}), and actor code
 * asking the store through {@code storeRef()}, the client's local request actor, with {@code
 * context.askWithStatus}: decoded values, the client's checks and order, every failure an error
 * reply.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActorCodeTest {

  private final InJvmManager manager = new InJvmManager();

  @JUnit5TestKit
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(
              ConfigFactory.parseString(
                      "pekko.actor.provider = remote\n"
                          + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                          + "pekko.remote.artery.canonical.port = 0\n"
                          + "shared-store.manager.port = " + manager.port())
                  .withFallback(ConfigFactory.load()))
          .build();

  @AfterAll
  void stopManager() {
    manager.close();
  }

  @Test
  void actorCodeAsksTheStoreThroughStoreRef() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 5);
    await(cluster.store().set("flag:beta", true));

    var reader = testKit.spawn(FeatureFlagReader.create(cluster.storeRef()));
    TestProbe<FeatureFlagReader.Answer> probe = testKit.createTestProbe();
    reader.tell(new FeatureFlagReader.Read("beta", probe.getRef()));
    assertEquals(new FeatureFlagReader.Answer("beta", true, ""), probe.receiveMessage());
    reader.tell(new FeatureFlagReader.Read("missing", probe.getRef()));
    assertEquals(new FeatureFlagReader.Answer("missing", false, ""), probe.receiveMessage());
  }

  @Test
  void aValueOfTheWrongTypeReachesTheActorAsAnErrorReplyAtOnce() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 8);
    await(cluster.store().set("flag:wrong", java.util.Map.of("not", "a boolean")));

    TestProbe<StatusReply<Optional<Boolean>>> probe = testKit.createTestProbe();
    cluster.storeRef().tell(StoreRequest.get("flag:wrong", Boolean.class, probe.getRef()));
    // Well below the client's 5 s timeout: the decode failure is answered, not dropped.
    StatusReply<Optional<Boolean>> reply = probe.receiveMessage(Duration.ofSeconds(1));
    assertTrue(reply.isError(), reply.toString());
    StoreSerializationException e =
        assertInstanceOf(StoreSerializationException.class, reply.getError());
    assertEquals("flag:wrong", e.key());

    var reader = testKit.spawn(FeatureFlagReader.create(cluster.storeRef()));
    TestProbe<FeatureFlagReader.Answer> answers = testKit.createTestProbe();
    reader.tell(new FeatureFlagReader.Read("wrong", answers.getRef()));
    FeatureFlagReader.Answer answer = answers.receiveMessage(Duration.ofSeconds(1));
    assertTrue(answer.error().contains("StoreSerializationException"), answer.toString());
    cluster.close();
  }

  @Test
  void requestsThroughStoreRefGetTheClientsChecksAndOrder() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 9);
    TestProbe<StatusReply<Done>> written = testKit.createTestProbe();
    TestProbe<StatusReply<Long>> counted = testKit.createTestProbe();
    TestProbe<StatusReply<Optional<Long>>> read = testKit.createTestProbe();

    // Too large for the store: refused by the client's size check, not dropped by Artery.
    cluster.storeRef().tell(StoreRequest.set("big", new byte[2 * 1024 * 1024], written.getRef()));
    assertInstanceOf(
        ValueTooLargeException.class, written.receiveMessage(Duration.ofSeconds(5)).getError());
    // A bad argument is an error reply too.
    cluster.storeRef().tell(StoreRequest.set("", 1, written.getRef()));
    assertInstanceOf(
        IllegalArgumentException.class, written.receiveMessage(Duration.ofSeconds(5)).getError());

    // In order: the write, the increment and the read apply as sent.
    cluster.storeRef().tell(StoreRequest.set("n", 41L, written.getRef()));
    cluster.storeRef().tell(StoreRequest.increment("n", 1, counted.getRef()));
    cluster.storeRef().tell(StoreRequest.get("n", Long.class, read.getRef()));
    assertEquals(Done.getInstance(), written.receiveMessage(Duration.ofSeconds(5)).getValue());
    assertEquals(42L, counted.receiveMessage(Duration.ofSeconds(5)).getValue());
    assertEquals(Optional.of(42L), read.receiveMessage(Duration.ofSeconds(5)).getValue());
    cluster.close();
  }

  @Test
  void closingAClientInAnApplicationsSystemLeavesTheSystemRunning() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 6);
    assertEquals(6, cluster.id());
    assertEquals("127.0.0.1:" + manager.port(), cluster.managerAddress());
    cluster.close();
    assertThrows(IllegalStateException.class, () -> cluster.store().has("k"));
    assertTrue(await(ClusterClient.create(testKit.system(), 7).store().set("k", 1)) != null);
  }

  @Test
  void createRefusesASystemWithoutRemoting() {
    ActorTestKit local = ActorTestKit.create("local");
    try {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ClusterClient.create(local.system(), 1));
      assertTrue(e.getMessage().contains("pekko.actor.provider"), e.getMessage());
    } finally {
      local.shutdownTestKit();
    }
  }

  @Test
  void actorCodeWatchesThroughStoreRef() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 9);
    TestProbe<StoreEvent> events = testKit.createTestProbe();
    TestProbe<StatusReply<Watch>> answer = testKit.createTestProbe();
    cluster.storeRef().tell(StoreRequest.watch("actor-watch:*", events.getRef(), answer.getRef()));
    Watch watch = answer.receiveMessage().getValue();
    await(watch.started());
    await(cluster.store().set("actor-watch:1", "one"));
    await(cluster.store().delete("actor-watch:1"));
    StoreEvent.Changed changed = (StoreEvent.Changed) events.receiveMessage();
    assertEquals("one", changed.value(String.class));
    assertEquals(new StoreEvent.Deleted("actor-watch:1", changed.revision() + 1),
        events.receiveMessage());
    watch.close();

    // A bad glob is an error reply, not a thrown exception in the request actor.
    cluster.storeRef().tell(StoreRequest.watch("", events.getRef(), answer.getRef()));
    StatusReply<Watch> refused = answer.receiveMessage();
    assertTrue(refused.isError());
    assertInstanceOf(IllegalArgumentException.class, refused.getError());
    cluster.close();
  }
}
