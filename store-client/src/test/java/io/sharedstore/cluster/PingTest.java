package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link StoreClient#ping()} over real remoting against an in-JVM manager: the store answers each
 * ping (the manager counts an {@code echo} call per ping), the duration is the client's own
 * measure of the round trip (within the time around the call), actor code gets the same through
 * {@code storeRef()}, a bad timeout is refused at the call, and a store that never answers makes
 * the ping time out like any read.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PingTest {

  private static final int PINGS = 5;

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

  private ClusterClient cluster;

  @BeforeAll
  void connect() {
    cluster = ClusterClient.create(testKit.system(), 41);
    cluster.awaitReachable(Duration.ofSeconds(20));
  }

  @AfterAll
  void stopManager() {
    manager.close();
  }

  private long echoCalls() {
    return await(cluster.store().info()).stats().operations().getOrDefault("echo", 0L);
  }

  @Test
  void eachPingIsARoundTripToTheStoreMeasuredFromTheCallToItsAnswer() {
    StoreClient store = cluster.store();
    long before = echoCalls();
    for (int i = 0; i < PINGS; i++) {
      long start = System.nanoTime();
      Duration roundTrip = await(store.ping());
      long around = System.nanoTime() - start;
      assertTrue(roundTrip.toNanos() > 0, "a round trip takes time: " + roundTrip);
      assertTrue(roundTrip.toNanos() <= around,
          "measured " + roundTrip + " but the call took " + Duration.ofNanos(around));
    }
    assertEquals(before + PINGS, echoCalls(), "the store answered every ping");
  }

  @Test
  void actorCodeGetsTheRoundTripThroughStoreRef() {
    TestProbe<StatusReply<Duration>> probe = testKit.createTestProbe();
    cluster.storeRef().tell(StoreRequest.ping(probe.getRef()));
    StatusReply<Duration> reply = probe.receiveMessage(Duration.ofSeconds(10));
    assertTrue(reply.isSuccess(), reply.toString());
    assertTrue(reply.getValue().toNanos() > 0, reply.toString());
  }

  @Test
  void aTimeoutUnderAMillisecondIsRefusedAtTheCall() {
    StoreClient store = cluster.store();
    assertThrows(IllegalArgumentException.class, () -> store.ping(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> store.ping(Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> store.ping(null));
  }

  @Test
  void aStoreThatNeverAnswersMakesThePingTimeOutAsARead() {
    try (SilentManager silent = new SilentManager();
        ClusterClient client = ClusterClient.connect(42, silent.address())) {
      StoreTimeoutException e = assertThrows(StoreTimeoutException.class,
          () -> await(client.store().ping(Duration.ofMillis(300))));
      assertEquals("ping", e.operation());
      assertEquals(Duration.ofMillis(300), e.timeout());
      assertFalse(e.getMessage().contains("may or may not"), e.getMessage());
    }
  }
}
