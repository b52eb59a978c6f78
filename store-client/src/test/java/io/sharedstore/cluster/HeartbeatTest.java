package io.sharedstore.cluster;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreActor;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connection's heartbeat state machine, against a probe in the store's place and with
 * manual time: connecting, reachable, unreachable (missed pongs or a stopping notice), back, and
 * restarted.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeartbeatTest {

  private static final Duration INTERVAL = Duration.ofMillis(250);
  private static final Duration TIMEOUT = Duration.ofMillis(1000);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String ADDRESS = "127.0.0.1:9";

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  /** One connection under test, with its store probe, its client and the events it told. */
  private final class Fixture {
    final TestProbe<Command> store = testKit.createTestProbe();
    /** Where the pings sent while the manager is unreachable go (by selection, in a client). */
    final TestProbe<Ping> whileUnreachable = testKit.createTestProbe();
    final ManagerState state = new ManagerState(ADDRESS, testKit.system().executionContext());
    final BlockingQueue<ManagerEvent> events = new LinkedBlockingQueue<>();
    final StoreClient client;
    ActorRef<Pong> pongAddress;

    Fixture() {
      this(false);
    }

    /** With {@code separatePings}, the pings while unreachable go to {@link #whileUnreachable}. */
    Fixture(boolean separatePings) {
      state.addListener(event -> { throw new IllegalStateException("a failing listener"); });
      state.addListener(events::add);
      ClientSettings settings =
          new ClientSettings(
              CALL_TIMEOUT, 1024, 1 << 20,
              new StoreConnection.Heartbeat(INTERVAL, TIMEOUT, CONNECT_TIMEOUT),
              WatchSettings.DEFAULTS, 10_000);
      ActorRef<StoreConnection.Message> connection =
          testKit.spawn(
              separatePings
                  ? StoreConnection.create(
                      store.getRef(), store.getRef().narrow(), whileUnreachable.getRef()::tell,
                      state, 1 << 20, settings.heartbeat(), ConnectProbe.NONE, clock::get)
                  : StoreConnection.create(
                      store.getRef(), store.getRef().narrow(), state, 1 << 20,
                      settings.heartbeat(), ConnectProbe.NONE, clock::get));
      client = new DefaultStoreClient(new StoreCalls(connection, state, testKit.system()), settings,
          Watches.start(testKit.system(), store.getRef(), state, settings,
              "watches-" + System.nanoTime()));
    }

    /** Lets time pass until the connection pings, and answers the ping's address. */
    ActorRef<Pong> awaitPing() {
      time(INTERVAL);
      pongAddress = next(Ping.class).replyTo();
      return pongAddress;
    }

    /**
     * Lets {@code duration} pass in steps of one interval, each step's ping read (so sent at the
     * step's time, as on a machine that is not starved), none answered.
     */
    void pingsUnanswered(Duration duration) {
      for (long left = duration.toMillis(); left > 0; left -= INTERVAL.toMillis()) {
        if (left < INTERVAL.toMillis()) {
          time(Duration.ofMillis(left));
          return;
        }
        time(INTERVAL);
        next(Ping.class);
      }
    }

    void pong(String epoch) {
      awaitPing().tell(new Pong(epoch, false));
    }

    /** The batch carrying the next call. */
    Batch awaitBatch() {
      return next(Batch.class);
    }

    /** The next message of this type the store got; others before it are dropped. */
    <T extends Command> T next(Class<T> type) {
      while (true) {
        Command sent = store.receiveMessage(Duration.ofSeconds(5));
        if (type.isInstance(sent)) {
          return type.cast(sent);
        }
      }
    }

    /** Drops whatever the store probe got so far. */
    void drainStore() {
      while (true) {
        try {
          store.receiveMessage(Duration.ofMillis(100));
        } catch (AssertionError nothingLeft) {
          return;
        }
      }
    }

    ManagerEvent event() throws InterruptedException {
      ManagerEvent event = events.poll(5, TimeUnit.SECONDS);
      assertNotNull(event, "no event");
      return event;
    }
  }

  /**
   * The connection's clock. {@link #time} moves it before the timers, so whatever the
   * connection reads while it handles the messages of one step is the step's end, however fast
   * or slow it reads them.
   */
  private final AtomicLong clock = new AtomicLong();

  private void time(Duration duration) {
    clock.addAndGet(duration.toNanos());
    ManualTime.get(testKit.system()).timePasses(duration);
  }

  private static <T> Throwable failureOf(java.util.concurrent.CompletionStage<T> stage)
      throws Exception {
    try {
      stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void beforeTheFirstAnswerCallsAreSentAndNothingIsDeclaredUnreachable() throws Exception {
    Fixture f = new Fixture();
    assertFalse(f.state.isReachable());
    CompletableFuture<Boolean> call = f.client.has("k").toCompletableFuture();
    f.awaitBatch();

    time(TIMEOUT.multipliedBy(3)); // no pong at all: still connecting, not unreachable

    assertEquals(ManagerState.Phase.CONNECTING, f.state.phase());
    assertFalse(call.isDone());
    assertTrue(f.events.isEmpty(), f.events.toString());
  }

  @Test
  void missedPongsMakeTheManagerUnreachableAndFailCallsInFlightAndNewCallsAtOnce()
      throws Exception {
    Fixture f = new Fixture();
    f.pong("epoch-1");
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    assertTrue(f.state.isReachable());

    CompletableFuture<Boolean> inFlight = f.client.has("in-flight").toCompletableFuture();
    f.awaitBatch();
    f.pingsUnanswered(TIMEOUT.minus(INTERVAL)); // not yet for the whole timeout
    assertTrue(f.state.isReachable());
    assertFalse(inFlight.isDone());

    f.pingsUnanswered(INTERVAL.plusMillis(10));

    ManagerEvent.Unreachable unreachable =
        assertInstanceOf(ManagerEvent.Unreachable.class, f.event());
    assertTrue(unreachable.reason().contains("1000 ms"), unreachable.reason());
    assertFalse(f.state.isReachable());
    StoreUnavailableException sentBefore =
        assertInstanceOf(StoreUnavailableException.class, failureOf(inFlight));
    assertTrue(sentBefore.mayHaveBeenApplied());
    assertEquals(unreachable.since(), sentBefore.unreachableSince());

    StoreUnavailableException refused =
        assertInstanceOf(StoreUnavailableException.class, failureOf(f.client.get("new", String.class)));
    assertFalse(refused.mayHaveBeenApplied());
    assertEquals("get", refused.operation());
    assertEquals(ADDRESS, refused.managerAddress());
    for (String part : List.of("get", "[new]", ADDRESS, unreachable.since().toString(), "nothing was sent")) {
      assertTrue(refused.getMessage().contains(part), refused.getMessage() + " lacks " + part);
    }
  }

  @Test
  void aPongAfterAnOutageMakesCallsWorkAgainAndANewEpochIsARestart() throws Exception {
    Fixture f = new Fixture();
    f.pong("epoch-1");
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    f.pingsUnanswered(TIMEOUT.plus(INTERVAL));
    assertInstanceOf(ManagerEvent.Unreachable.class, f.event());

    f.pong("epoch-2");

    assertEquals(new ManagerEvent.Restarted(ADDRESS, "epoch-1", "epoch-2"), f.event());
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    CompletableFuture<Boolean> call = f.client.has("k").toCompletableFuture();
    Batch batch = f.awaitBatch();
    batch.replyTo().tell(new Replies(List.of(new Outcome(batch.requests().get(0).id(), Optional.of(new Exists(true)), Optional.empty()))));
    assertTrue(call.get(5, TimeUnit.SECONDS));

    f.pong("epoch-2"); // the same store again: no event
    f.pong("epoch-3"); // a restart quicker than the timeout: Restarted alone
    assertEquals(new ManagerEvent.Restarted(ADDRESS, "epoch-2", "epoch-3"), f.event());
    assertTrue(f.events.isEmpty(), f.events.toString());
  }

  @Test
  void aClientTooStarvedToPingDoesNotBlameTheManagerUntilItsPingsGoUnanswered() throws Exception {
    Fixture f = new Fixture();
    f.pong("epoch-1");
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());

    // The whole timeout passes at once: the connection reads its ticks only at the end, as a
    // starved client would, so its pings go out late and have had no time to be answered.
    time(TIMEOUT.plus(INTERVAL));
    f.next(Ping.class);
    f.pingsUnanswered(INTERVAL);
    ManagerEvent early = f.events.poll(300, TimeUnit.MILLISECONDS);
    assertEquals(null, early, "blamed the manager for pings it had no time to answer");
    assertTrue(f.state.isReachable());

    f.pingsUnanswered(TIMEOUT.minus(INTERVAL));
    assertInstanceOf(ManagerEvent.Unreachable.class, f.event());
  }

  @Test
  void aStoppingNoticeFailsWhatIsLeftAtOnceAfterTheAnswersSentBeforeIt() throws Exception {
    Fixture f = new Fixture();
    f.pong("epoch-1");
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    CompletableFuture<Boolean> answered = f.client.has("answered").toCompletableFuture();
    Batch first = f.awaitBatch();
    CompletableFuture<Boolean> unanswered = f.client.has("unanswered").toCompletableFuture();
    f.awaitBatch();

    // The store answers the first call, then stops: both through the same address, in order.
    first.replyTo().tell(new Replies(List.of(new Outcome(first.requests().get(0).id(), Optional.of(new Exists(true)), Optional.empty()))));
    f.pongAddress.tell(new Pong("epoch-1", true));

    assertTrue(answered.get(5, TimeUnit.SECONDS));
    StoreUnavailableException e =
        assertInstanceOf(StoreUnavailableException.class, failureOf(unanswered));
    assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
    ManagerEvent.Unreachable unreachable =
        assertInstanceOf(ManagerEvent.Unreachable.class, f.event());
    assertTrue(unreachable.reason().contains("shutting down"), unreachable.reason());
    time(TIMEOUT.multipliedBy(2));
    assertTrue(f.events.isEmpty(), "told twice: " + f.events);
  }

  /**
   * After a stopping notice the pings go the way for an unreachable manager (a client sends them
   * by actor selection, which passes Artery's quarantine of the stopped incarnation), not to the
   * heartbeat reference; the first pong, from the manager started again, makes it reachable, and
   * the pings go to the reference again.
   */
  @Test
  void whileUnreachableThePingsGoTheirOwnWayUntilAPongAnswers() throws Exception {
    Fixture f = new Fixture(true);
    f.pong("epoch-1");
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    f.awaitPing().tell(new Pong("epoch-1", true));
    assertInstanceOf(ManagerEvent.Unreachable.class, f.event());
    f.drainStore(); // the pings sent while the manager was reachable

    time(INTERVAL);
    Ping pierced = f.whileUnreachable.receiveMessage(Duration.ofSeconds(5));
    f.store.expectNoMessage(Duration.ofMillis(100));
    time(INTERVAL);
    f.whileUnreachable.receiveMessage(Duration.ofSeconds(5));

    pierced.replyTo().tell(new Pong("epoch-1", false));
    assertEquals(new ManagerEvent.Reachable(ADDRESS), f.event());
    f.awaitPing();
    f.whileUnreachable.expectNoMessage(Duration.ofMillis(100));
  }
}
