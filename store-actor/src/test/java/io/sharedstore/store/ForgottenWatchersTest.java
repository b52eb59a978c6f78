package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchEvents;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;
import java.util.Optional;
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
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The manager forgets the watches of a client that is gone: one whose heartbeats stopped for the
 * heartbeat timeout, or that said it leaves; those of other clients stay. A client is its
 * ActorSystem's address: the gone one lives in a second ActorSystem of this JVM, the staying one
 * in the test kit's, whose manual time drives the store's timers and its heartbeat's clock.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgottenWatchersTest {

  /** shared-store.client.heartbeat-timeout of reference.conf. */
  private static final Duration SILENCE = Duration.ofMillis(1500);
  private static final Duration FORGET_AFTER = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(200);
  private static final String LOGGER = StoreActor.class.getName();

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  /** The other client's ActorSystem: another address. */
  private final ActorTestKit elsewhere = ActorTestKit.create("elsewhere");

  @AfterAll
  void stopElsewhere() {
    elsewhere.shutdownTestKit();
  }

  /** The stores a test made: stopped after it, so their logs do not reach the next test's. */
  private final java.util.List<ActorRef<Command>> stores = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopStores() {
    stores.forEach(testKit::stop);
    stores.clear();
  }

  /** The store's monotonic clock (its heartbeat's), moved before the timers run. */
  private final AtomicLong nanos = new AtomicLong();

  private ActorRef<Command> store() {
    StoreSettings settings = StoreSettings.create(ConfigFactory.load());
    // Progress every FORGET_AFTER, forgotten after as long: no notice reaches a watcher here
    // that was sent nothing since its confirmation.
    WatchSettings watch = settings.watch();
    settings = settings.withWatch(new WatchSettings(watch.history(), watch.historyMaxBytes(),
        watch.buffer(), watch.maxPerClient(), watch.bufferMaxBytes(), FORGET_AFTER,
        FORGET_AFTER));
    ActorRef<Command> store = testKit.spawn(StoreActor.create(settings,
        StoreDriver.clockOf(testKit), nanos::get, ChangeListener.NONE));
    stores.add(store);
    return store;
  }

  private void timePasses(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    ManualTime.get(testKit.system()).timePasses(duration);
  }

  /** Lets {@code total} pass in steps shorter than the silence, the clients pinging at each. */
  private void passWhilePinging(ActorRef<Command> store, Duration total, Client... clients) {
    Duration step = SILENCE.dividedBy(3);
    for (Duration passed = Duration.ZERO; passed.compareTo(total) < 0; passed = passed.plus(step)) {
      timePasses(step);
      for (Client client : clients) {
        client.ping(store);
      }
    }
  }

  private void leaves(ActorRef<Command> store, Client client) {
    Adapter.toClassic(testKit.system())
        .actorSelection(store.path().child(ManagerAddress.HEARTBEAT_NAME))
        .tell(new ClientLeaving(client.pongs().getRef()),
            org.apache.pekko.actor.ActorRef.noSender());
  }

  /** A client: where its pongs and its watches' events go, in the kit's ActorSystem. */
  private record Client(TestProbe<Pong> pongs, TestProbe<WatchEvents> events) {
    static Client in(ActorTestKit kit) {
      return new Client(kit.createTestProbe(), kit.createTestProbe());
    }

    void ping(ActorRef<Command> store) {
      store.tell(new Ping(pongs.getRef()));
      pongs.receiveMessage();
    }

    void watch(ActorRef<Command> store, String id) {
      store.tell(new Watch(id, "*", Watch.FROM_NOW, events.getRef()));
      WatchEvents started = events.receiveMessage();
      assertEquals(id, started.watchId());
      assertEquals(Optional.empty(), started.refusal());
    }
  }

  private long setAndAwait(ActorRef<Command> store, String key) {
    TestProbe<StatusReply<Reply.Written>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set(key, StoreDriver.bytes(new byte[] {1}),
        StoreDriver.NO_TTL), reply.getRef()));
    return reply.receiveMessage().getValue().revision();
  }

  private static void receives(Client client, String id, long revision) {
    WatchEvents events = client.events().receiveMessage();
    assertEquals(id, events.watchId());
    assertEquals(revision, events.through());
  }

  @Test
  void theWatchesOfAClientWhoseHeartbeatsStoppedAreForgottenAndOthersKept() {
    ActorRef<Command> store = store();
    Client lost = Client.in(elsewhere);
    Client staying = Client.in(testKit);
    lost.ping(store);
    staying.ping(store);
    lost.watch(store, "lost-1");
    lost.watch(store, "lost-2");
    staying.watch(store, "staying");

    timePasses(SILENCE.minusMillis(500));
    staying.ping(store);
    timePasses(Duration.ofMillis(501)); // the lost one: silent past the timeout, kept a while
    staying.ping(store);
    LoggingTestKit.info("Forgot [2] watches of the client at [" + elsewhere.system().address()
            + "]: its heartbeats stopped")
        .withLoggerName(LOGGER)
        .withOccurrences(1)
        .expect(testKit.system(), () -> {
          // Silent for forget-after: forgotten at a progress tick after it.
          passWhilePinging(store, FORGET_AFTER.multipliedBy(2), staying);
          return null;
        });
    // Each forgotten watch is told, so a client that was only stalled registers it again.
    for (int i = 0; i < 2; i++) {
      WatchEvents told = lost.events().receiveMessage();
      assertTrue(told.refusal().orElseThrow().contains("forgotten"), told.toString());
    }

    long revision = setAndAwait(store, "k");
    receives(staying, "staying", revision);
    lost.events().expectNoMessage(QUIET);

    // Back: it pings and watches again, with the same id (its count was forgotten too).
    lost.ping(store);
    lost.watch(store, "lost-1");
    long next = setAndAwait(store, "k");
    receives(lost, "lost-1", next);
    receives(staying, "staying", next);
  }

  @Test
  void aSilentClientThatPingsAgainWithinForgetAfterKeepsItsWatches() {
    ActorRef<Command> store = store();
    Client stalled = Client.in(elsewhere);
    stalled.ping(store);
    stalled.watch(store, "stalled");
    LoggingTestKit.info("Forgot")
        .withLoggerName(LOGGER)
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          timePasses(SILENCE.plusMillis(1)); // silent: marked
          stalled.ping(store);              // back: kept
          passWhilePinging(store, FORGET_AFTER.multipliedBy(2), stalled);
          return null;
        });
    long revision = setAndAwait(store, "k");
    receives(stalled, "stalled", revision);
  }

  @Test
  void theWatchesOfAClientThatLeavesAreForgottenAtOnce() {
    ActorRef<Command> store = store();
    Client leaving = Client.in(elsewhere);
    Client staying = Client.in(testKit);
    leaving.ping(store);
    staying.ping(store);
    leaving.watch(store, "leaving");
    staying.watch(store, "staying-too");

    LoggingTestKit.info("Forgot [1] watches of the client at [" + elsewhere.system().address()
            + "]: it left")
        .withLoggerName(LOGGER)
        .withOccurrences(1)
        .expect(testKit.system(), () -> {
          leaves(store, leaving);
          return null;
        });

    long revision = setAndAwait(store, "k");
    receives(staying, "staying-too", revision);
    leaving.events().expectNoMessage(QUIET);
  }

  @Test
  void aClientStillPresentAtTheAddressKeepsTheWatches() {
    ActorRef<Command> store = store();
    Client one = Client.in(elsewhere);
    Client other = Client.in(elsewhere); // a second client in the same ActorSystem
    one.ping(store);
    other.ping(store);
    one.watch(store, "shared-address");

    LoggingTestKit.info("Forgot")
        .withLoggerName(LOGGER)
        .withOccurrences(0)
        .expect(testKit.system(), () -> {
          leaves(store, other);
          one.ping(store);
          return null;
        });
    long revision = setAndAwait(store, "k");
    receives(one, "shared-address", revision);
  }
}
