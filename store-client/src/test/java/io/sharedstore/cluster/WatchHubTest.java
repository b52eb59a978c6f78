package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's watch hub against a probe standing in for the store: registration, numbering,
 * acknowledgements, duplicates across a re-registration, outages and a restarted store.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchHubTest {

  private static final Duration QUIET = Duration.ofMillis(200);

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  /** A hub, its store probe, its manager state, and one watch of "k*" delivering to a queue. */
  private final class Fixture {
    final TestProbe<Command> store = testKit.createTestProbe();
    final ManagerState state = new ManagerState("test:1", testKit.system().executionContext());
    final Watches watches = new Watches(
        testKit.spawn(WatchHub.create(store.getRef(), state, 2)),
        testKit.system().executionContext(), 1024, 10);
    final BlockingQueue<StoreEvent> events = new LinkedBlockingQueue<>();
    final WatchHandle handle = watches.open("k*", WatchOptions.fromNow(),
        h -> new ListenerSink(events::add));

    Watch registered() {
      return store.expectMessageClass(Watch.class);
    }

    StoreEvent next() throws InterruptedException {
      StoreEvent event = events.poll(5, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event delivered");
      }
      return event;
    }
  }

  private static WatchEvent changed(String key, long revision) {
    return new WatchEvent.KeyEvent(WatchEvent.Kind.CHANGED, key, revision,
        Optional.of(Bytes.wrap(new byte[] {1})), OptionalLong.empty());
  }

  @Test
  void eventsAreDeliveredInOrderAndAcknowledgedEveryFewEvents() throws Exception {
    Fixture f = new Fixture();
    Watch watch = f.registered();
    assertEquals(WatchOptions.NOW, watch.fromRevision());
    watch.replyTo().tell(WatchEvents.started(watch.watchId(), 10));
    assertEquals(10L, f.handle.started().toCompletableFuture().get(5, TimeUnit.SECONDS));
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    f.store.expectNoMessage(QUIET); // one event: not yet
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(changed("k2", 13)), 14, 2));
    assertEquals(13, f.next().revision());
    assertEquals(new WatchAck(watch.watchId(), 14), f.store.expectMessageClass(WatchAck.class));
    assertEquals(14, f.handle.revision());
  }

  @Test
  void aResetAtTheDeliveredRevisionIsDeliveredAndAcknowledged() throws Exception {
    Fixture f = new Fixture();
    Watch watch = f.registered();
    watch.replyTo().tell(WatchEvents.started(watch.watchId(), 10));
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    // A store cluster's node: a slot started again without its data, no change since.
    watch.replyTo().tell(WatchEvents.of(watch.watchId(),
        List.of(new WatchEvent.Reset(11, WatchEvent.ResetReason.EPOCH_CHANGED)), 11, 2));
    assertEquals(new StoreEvent.Reset(11, ResetReason.EPOCH_CHANGED), f.next());
    assertEquals(new WatchAck(watch.watchId(), 11), f.store.expectMessageClass(WatchAck.class));
    assertEquals(11, f.handle.revision());
  }

  @Test
  void aMissingMessageRegistersAgainFromTheLastDeliveredRevision() throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 10));
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    // Message 2 is lost; 3 arrives.
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k3", 15)), 15, 3));
    assertEquals(new Unwatch(first.watchId()), f.store.expectMessageClass(Unwatch.class));
    Watch again = f.registered();
    assertNotEquals(first.watchId(), again.watchId());
    assertEquals(11, again.fromRevision());
    // The new registration replays from 11: 12..15, without repeating 11.
    again.replyTo().tell(WatchEvents.started(again.watchId(), 11));
    again.replyTo().tell(WatchEvents.of(again.watchId(),
        List.of(changed("k1", 11), changed("k2", 13), changed("k3", 15)), 15, 1));
    assertEquals(13, f.next().revision());
    assertEquals(15, f.next().revision());
    // The old registration's late messages are dropped.
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k4", 16)), 16, 4));
    assertEquals(null, f.events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void anOutageResumesFromTheLastDeliveredRevisionAndUnwatchesTheOldRegistration()
      throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 10));
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k1", 12)), 12, 1));
    assertEquals(12, f.next().revision());
    f.state.unreachable("test");
    f.store.expectNoMessage(QUIET);
    f.state.reachable();
    assertEquals(new Unwatch(first.watchId()), f.store.expectMessageClass(Unwatch.class));
    Watch again = f.registered();
    assertEquals(12, again.fromRevision());
  }

  @Test
  void aRestartedStoreMeansFromItsPresentWithEpochChangedFirst() throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 500));
    f.handle.started().toCompletableFuture().get(5, TimeUnit.SECONDS);
    f.state.reachable();
    f.state.restarted("old", "new");
    Watch again = f.registered();
    assertEquals(WatchOptions.NOW, again.fromRevision());
    again.replyTo().tell(WatchEvents.started(again.watchId(), 3));
    StoreEvent.Reset reset = assertInstanceOf(StoreEvent.Reset.class, f.next());
    assertEquals(new StoreEvent.Reset(3, ResetReason.EPOCH_CHANGED), reset);
    again.replyTo().tell(WatchEvents.of(again.watchId(), List.of(changed("k1", 4)), 4, 1));
    assertEquals(4, f.next().revision(), "the new store's revisions, below the old ones");
  }

  @Test
  void aProgressNoticeIsAcknowledgedAgainAndShowsALostMessage() throws Exception {
    Fixture f = new Fixture();
    Watch watch = f.registered();
    watch.replyTo().tell(WatchEvents.started(watch.watchId(), 10));
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(), 12, 2));
    assertEquals(new WatchAck(watch.watchId(), 12), f.store.expectMessageClass(WatchAck.class));
    assertEquals(12, f.handle.revision());
    // Message 3 is lost; the next notice, 4, shows it although no change follows.
    watch.replyTo().tell(WatchEvents.of(watch.watchId(), List.of(), 20, 4));
    assertEquals(new Unwatch(watch.watchId()), f.store.expectMessageClass(Unwatch.class));
    assertEquals(12, f.registered().fromRevision());
  }

  @Test
  void aForgottenWatchRegistersAgainFromWhereItWasAndARefusedResumeGoesOnFromNow()
      throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 10));
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    first.replyTo().tell(WatchEvents.refused(first.watchId(), "[invalid] forgotten"));
    Watch again = f.registered();
    assertEquals(11, again.fromRevision());
    again.replyTo().tell(WatchEvents.refused(again.watchId(), "[invalid] fromRevision past"));
    Watch fromNow = f.registered();
    assertEquals(WatchOptions.NOW, fromNow.fromRevision());
    fromNow.replyTo().tell(WatchEvents.started(fromNow.watchId(), 7));
    assertEquals(new StoreEvent.Reset(7, ResetReason.GAP), f.next());
  }

  @Test
  void watchesOfOneGlobFromNowShareOneRegistration() throws Exception {
    Fixture f = new Fixture();
    Watch registration = f.registered();
    BlockingQueue<StoreEvent> second = new LinkedBlockingQueue<>();
    WatchHandle other = f.watches.open("k*", WatchOptions.fromNow(),
        h -> new ListenerSink(second::add));
    registration.replyTo().tell(WatchEvents.started(registration.watchId(), 10));
    assertEquals(10L, other.started().toCompletableFuture().get(5, TimeUnit.SECONDS));
    registration.replyTo().tell(
        WatchEvents.of(registration.watchId(), List.of(changed("k1", 11)), 11, 1));
    assertEquals(11, f.next().revision());
    assertEquals(11, second.poll(5, TimeUnit.SECONDS).revision());
    f.store.expectNoMessage(QUIET); // one registration on the manager, not two

    // A late joiner starts after what the registration delivered.
    BlockingQueue<StoreEvent> third = new LinkedBlockingQueue<>();
    WatchHandle late = f.watches.open("k*", WatchOptions.fromNow(),
        h -> new ListenerSink(third::add));
    assertEquals(11L, late.started().toCompletableFuture().get(5, TimeUnit.SECONDS));

    // A new store's reset reaches every member, though its revisions are lower.
    f.state.reachable();
    f.state.restarted("old", "new");
    Watch again = f.registered();
    again.replyTo().tell(WatchEvents.started(again.watchId(), 2));
    assertEquals(new StoreEvent.Reset(2, ResetReason.EPOCH_CHANGED), f.next());
    assertEquals(new StoreEvent.Reset(2, ResetReason.EPOCH_CHANGED),
        second.poll(5, TimeUnit.SECONDS));
    assertEquals(new StoreEvent.Reset(2, ResetReason.EPOCH_CHANGED),
        third.poll(5, TimeUnit.SECONDS));
    again.replyTo().tell(WatchEvents.of(again.watchId(), List.of(changed("k1", 3)), 3, 1));
    assertEquals(3, third.poll(5, TimeUnit.SECONDS).revision());

    // Closing members keeps the registration until the last goes.
    f.handle.close();
    other.close();
    f.store.expectNoMessage(QUIET);
    late.close();
    assertEquals(new Unwatch(again.watchId()), f.store.expectMessageClass(Unwatch.class));
  }

  @Test
  void aStoreRestartedOnItsDataGetsTheWatchAgainFromWhereItWas() throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 10));
    first.replyTo().tell(WatchEvents.of(first.watchId(), List.of(changed("k1", 12)), 12, 1));
    assertEquals(12, f.next().revision());
    f.state.reachable();
    f.state.restartedOnItsData(12);
    assertEquals(new Unwatch(first.watchId()), f.store.expectMessageClass(Unwatch.class));
    Watch again = f.registered();
    assertEquals(12, again.fromRevision());
    again.replyTo().tell(WatchEvents.started(again.watchId(), 12));
    again.replyTo().tell(WatchEvents.of(again.watchId(), List.of(changed("k2", 13)), 13, 1));
    assertEquals(13, f.next().revision(), "no reset: the same data, its revisions go on");
  }

  @Test
  void aStoreThatCameBackBehindWhatTheWatchSawGoesOnFromItsStartAfterAGap() throws Exception {
    Fixture f = new Fixture();
    Watch first = f.registered();
    first.replyTo().tell(WatchEvents.started(first.watchId(), 10));
    first.replyTo().tell(WatchEvents.of(first.watchId(),
        List.of(changed("k1", 11), changed("k2", 12), changed("k3", 13)), 13, 1));
    for (int i = 0; i < 3; i++) {
      f.next();
    }
    f.store.expectMessageClass(WatchAck.class);
    // Killed with 12 and 13 not yet in its log: it starts again at 11 and reuses 12, 13.
    f.state.reachable();
    f.state.restartedOnItsData(11);
    f.store.expectMessageClass(Unwatch.class);
    Watch again = f.registered();
    assertEquals(11, again.fromRevision());
    again.replyTo().tell(WatchEvents.started(again.watchId(), 11));
    assertEquals(new StoreEvent.Reset(11, ResetReason.GAP), f.next());
    again.replyTo().tell(WatchEvents.of(again.watchId(), List.of(changed("k9", 12)), 12, 1));
    assertEquals(12, f.next().revision(), "the new store's 12 is not taken for the old one");
  }
}
