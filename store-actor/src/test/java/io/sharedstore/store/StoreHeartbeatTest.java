package io.sharedstore.store;

import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The manager logs each client's arrival (its first ping), its leaving (ClusterClient.close) and
 * its loss (no ping for the heartbeat timeout) once each, at INFO, with its cluster id and
 * address; a client that left or was lost is not told when the store stops. Time is the test
 * kit's manual time, and the heartbeat's ticker moves with it.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class StoreHeartbeatTest {

  private static final Duration TIMEOUT = Duration.ofMillis(1500);
  private static final String LOGGER = StoreHeartbeat.class.getName();

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private final AtomicLong clock = new AtomicLong();

  /** What the heartbeat tells its store. */
  private final TestProbe<io.sharedstore.store.protocol.Command> gone =
      testKit.createTestProbe();

  @Test
  void aClientsFirstPingIsLoggedOnceWithItsClusterIdAndAddress() {
    ActorRef<Object> heartbeat = heartbeat();
    Client client = client(7);

    LoggingTestKit.info("Client of cluster [7] at [" + testKit.system().name() + "] connected")
        .withLoggerName(LOGGER)
        .withOccurrences(1)
        .expect(
            testKit.system(),
            () -> {
              pingAndAwaitPong(heartbeat, client);
              pingAndAwaitPong(heartbeat, client);
              return null;
            });
  }

  @Test
  void aClientSilentForTheTimeoutIsLoggedLostAndOneThatPingsIsNot() {
    ActorRef<Object> heartbeat = heartbeat();
    Client silent = client(1);
    Client pinging = client(2);
    pingAndAwaitPong(heartbeat, silent);
    pingAndAwaitPong(heartbeat, pinging);
    timePasses(Duration.ofMillis(1000));
    pingAndAwaitPong(heartbeat, pinging);
    timePasses(Duration.ofMillis(500)); // the silent one: exactly the timeout, not more

    LoggingTestKit.info("lost: heartbeats stopped")
        .withLoggerName(LOGGER)
        .withOccurrences(1)
        .withCustom(event -> event.message().contains("cluster [1]"))
        .expect(
            testKit.system(),
            () -> {
              timePasses(Duration.ofMillis(1));
              return null;
            });

    // The pinging client is still present (no new arrival); the silent one comes back as new.
    LoggingTestKit.info("connected")
        .withLoggerName(LOGGER)
        .withOccurrences(1)
        .withCustom(event -> event.message().contains("cluster [1]"))
        .expect(
            testKit.system(),
            () -> {
              pingAndAwaitPong(heartbeat, pinging);
              pingAndAwaitPong(heartbeat, silent);
              return null;
            });
  }

  @Test
  void aClientThatLeavesIsLoggedAtOnceNeitherLaterAsLostNorToldWhenTheStoreStops() {
    ActorRef<Object> heartbeat = heartbeat();
    Client leaving = client(4);
    Client staying = client(5);
    pingAndAwaitPong(heartbeat, leaving);

    LoggingTestKit.info("Client of cluster [4] at [" + testKit.system().name() + "] left")
        .withLoggerName(LOGGER)
        .expect(
            testKit.system(),
            () -> {
              heartbeat.tell(new ClientLeaving(leaving.address()));
              return null;
            });

    LoggingTestKit.info("lost")
        .withLoggerName(LOGGER)
        .withOccurrences(0)
        .expect(
            testKit.system(),
            () -> {
              timePasses(TIMEOUT.multipliedBy(2));
              // Answered after the silence check that the time passing queued.
              pingAndAwaitPong(heartbeat, staying);
              return null;
            });

    LoggingTestKit.info("Store stopping: told [1] clients")
        .withLoggerName(LOGGER)
        .expect(
            testKit.system(),
            () -> {
              testKit.stop(heartbeat);
              return null;
            });
    assertPong("e-1", true, staying.pongs().receiveMessage());
  }

  @Test
  void aLeavingFromAClientNotPresentIsIgnored() {
    ActorRef<Object> heartbeat = heartbeat();
    Client stranger = client(9);

    LoggingTestKit.info("left")
        .withLoggerName(LOGGER)
        .withOccurrences(0)
        .expect(
            testKit.system(),
            () -> {
              heartbeat.tell(new ClientLeaving(stranger.address()));
              heartbeat.tell(new ClientLeaving(null));
              pingAndAwaitPong(heartbeat, client(10));
              return null;
            });
  }

  @Test
  void theStoreIsToldWhenTheLastClientAtAnAddressLeavesOrFallsSilent() {
    ActorRef<Object> heartbeat = heartbeat();
    Client first = client(11);
    Client second = client(12); // the same ActorSystem: the same address
    pingAndAwaitPong(heartbeat, first);
    pingAndAwaitPong(heartbeat, second);

    var address = testKit.system().address();
    assertEquals(new StoreHeartbeat.ClientBack(address), gone.receiveMessage());
    assertEquals(new StoreHeartbeat.ClientBack(address), gone.receiveMessage());
    heartbeat.tell(new ClientLeaving(first.address()));
    pingAndAwaitPong(heartbeat, second); // the leaving is handled
    gone.expectNoMessage(Duration.ofMillis(100)); // the second is still there

    timePasses(TIMEOUT.plusMillis(1));
    assertEquals(new StoreHeartbeat.ClientGone(address, "its heartbeats stopped", false),
        gone.receiveMessage());

    pingAndAwaitPong(heartbeat, first); // back, then gone for good
    assertEquals(new StoreHeartbeat.ClientBack(address), gone.receiveMessage());
    heartbeat.tell(new ClientLeaving(first.address()));
    assertEquals(new StoreHeartbeat.ClientGone(address, "it left", true), gone.receiveMessage());
  }

  @Test
  void leavingCrossesTheWire() {
    testKit
        .serializationTestKit()
        .verifySerialization(new ClientLeaving(testKit.<Pong>createTestProbe().getRef()), true);
  }

  @Test
  void anInfoRequestGetsTheClientsPresentDatedOnTheStoresClockNewestFirst() {
    ActorRef<Object> heartbeat = heartbeat();
    Client seven = client(7);
    Client eight = client(8);
    pingAndAwaitPong(heartbeat, seven);
    timePasses(Duration.ofMillis(1000));
    pingAndAwaitPong(heartbeat, eight);
    timePasses(Duration.ofMillis(200));
    pingAndAwaitPong(heartbeat, seven);

    TestProbe<StatusReply<ManagerInfo>> asker = testKit.createTestProbe();
    ManagerInfo sofar = ManagerInfo.EMPTY.withServer(
        new ManagerInfo.Server("v", "e-1", 5, 1, "h:1", java.util.Optional.empty()));
    heartbeat.tell(new StoreHeartbeat.ListClients(sofar, 10_000, asker.getRef()));

    String at = testKit.system().address().hostPort();
    ManagerInfo info = asker.receiveMessage().getValue();
    assertEquals(sofar.server(), info.server(), "the store's sections are kept");
    assertEquals(new ManagerInfo.Clients(2, java.util.List.of(
        new ManagerInfo.Client(at, java.util.Optional.of("7"), 8_800, 10_000),
        new ManagerInfo.Client(at, java.util.Optional.of("8"), 9_800, 9_800))), info.clients());
  }

  private ActorRef<Object> heartbeat() {
    return testKit.spawn(StoreHeartbeat.create("e-1", clock::get, TIMEOUT, gone.getRef()));
  }

  private void timePasses(Duration duration) {
    clock.addAndGet(duration.toNanos());
    ManualTime.get(testKit.system()).timePasses(duration);
  }

  private static void pingAndAwaitPong(ActorRef<Object> heartbeat, Client client) {
    heartbeat.tell(new Ping(client.address()));
    assertPong("e-1", false, client.pongs().receiveMessage());
  }

  /** A client's pong address, named as a ClusterClient's connection actor is. */
  private Client client(int clusterId) {
    TestProbe<Pong> pongs = testKit.createTestProbe();
    ActorRef<Pong> address =
        testKit.spawn(
            Behaviors.receiveMessage(
                pong -> {
                  pongs.getRef().tell(pong);
                  return Behaviors.same();
                }),
            "shared-store-connection-" + clusterId + "-1");
    return new Client(address, pongs);
  }

  private record Client(ActorRef<Pong> address, TestProbe<Pong> pongs) {}

  /** A pong of {@code epoch}, stopping or not; its incarnation is the store start's own. */
  private static void assertPong(String epoch, boolean stopping, Pong pong) {
    assertEquals(epoch, pong.epoch());
    assertEquals(stopping, pong.stopping());
    org.junit.jupiter.api.Assertions.assertFalse(pong.incarnation().isEmpty(), pong.toString());
  }
}
