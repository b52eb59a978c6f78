package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvent.Kind;
import io.sharedstore.store.protocol.WatchEvent.KeyEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While a watch is registered, an expiry is an event when the key's deadline passes: no read
 * and no periodic sweep (every 30 s here) is needed. The test kit's manual time drives the
 * store's timers and clock.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpiryEventTest {

  /** Sweeps 3 entries per message; the periodic sweep every 30 s. */
  private static final StoreSettings BASE =
      new StoreSettings(Duration.ofSeconds(30), 3, 1000, 64, 1024, Duration.ofSeconds(60), 1000);
  /** No progress notice as the manual time passes: the tests expect the events alone. */
  private static final StoreSettings SETTINGS =
      BASE.withWatch(BASE.watch().withProgressInterval(Duration.ofDays(1)));
  private static final Duration QUIET = Duration.ofMillis(200);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private long set(StoreDriver store, String key, long ttlMillis) {
    StatusReply<Reply.Written> reply = store.ask(
        (ActorRef<StatusReply<Reply.Written>> replyTo) -> new Execute<>(new Operation.Set(key,
            StoreDriver.bytes(new byte[] {1}), OptionalLong.of(ttlMillis)), replyTo));
    return reply.getValue().revision();
  }

  private static TestProbe<WatchEvents> watch(ActorTestKit kit, StoreDriver store, String glob) {
    TestProbe<WatchEvents> watcher = kit.createTestProbe();
    store.ref().tell(new Watch(glob, glob, Watch.FROM_NOW, watcher.getRef()));
    assertEquals(List.of(), watcher.receiveMessage().events()); // started
    return watcher;
  }

  private static WatchEvent expired(String key, long revision) {
    return new KeyEvent(Kind.EXPIRED, key, revision, Optional.empty(), OptionalLong.empty());
  }

  @Test
  void aWatcherGetsExpiredWhenTheDeadlinePassesWithTheNextRevision() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    set(store, "ttl:a", 1000);
    long last = set(store, "ttl:b", 2000);
    TestProbe<WatchEvents> watcher = watch(testKit, store, "ttl:*");

    store.timePasses(Duration.ofMillis(999));
    watcher.expectNoMessage(QUIET);
    store.timePasses(Duration.ofMillis(1));
    assertEquals(List.of(expired("ttl:a", last + 1)), watcher.receiveMessage().events());

    // A key written later with an earlier deadline than the one armed for comes first.
    long c = set(store, "ttl:c", 100);
    assertEquals(Kind.CHANGED, ((KeyEvent) watcher.receiveMessage().events().get(0)).kind());
    store.timePasses(Duration.ofMillis(100));
    assertEquals(List.of(expired("ttl:c", c + 1)), watcher.receiveMessage().events());
    store.timePasses(Duration.ofMillis(899));
    watcher.expectNoMessage(QUIET);
    store.timePasses(Duration.ofMillis(1));
    assertEquals(List.of(expired("ttl:b", c + 2)), watcher.receiveMessage().events());
  }

  @Test
  void aDeadlineRemovedBeforeItPassesSendsNothingAndTheNextOneStillComes() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    set(store, "gone:a", 500);
    set(store, "gone:b", 1000);
    TestProbe<WatchEvents> watcher = watch(testKit, store, "gone:*");
    long persisted = store.ask((ActorRef<StatusReply<Reply.Applied>> replyTo) ->
        new Execute<>(new Operation.Persist("gone:a"), replyTo)).getValue().revision();
    assertEquals(persisted, watcher.receiveMessage().events().get(0).revision()); // rewritten
    store.timePasses(Duration.ofMillis(500));
    watcher.expectNoMessage(QUIET);
    store.timePasses(Duration.ofMillis(500));
    assertEquals(List.of(expired("gone:b", persisted + 1)), watcher.receiveMessage().events());
  }

  @Test
  void manyKeysExpiringAtOnceAreFreedInBoundedBatchesInRevisionOrder() {
    StoreDriver store = StoreDriver.spawn(testKit, SETTINGS);
    long last = 0;
    for (int i = 0; i < 8; i++) {
      last = set(store, "many:" + i, 1000);
    }
    TestProbe<WatchEvents> watcher = watch(testKit, store, "many:*");
    store.timePasses(Duration.ofMillis(1000));
    List<Long> revisions = new ArrayList<>();
    while (revisions.size() < 8) {
      WatchEvents message = watcher.receiveMessage();
      assertTrue(message.events().size() <= 3, () -> "a batch of " + message.events().size());
      message.events().forEach(event -> {
        assertEquals(Kind.EXPIRED, ((KeyEvent) event).kind());
        revisions.add(event.revision());
      });
      // the sweep's pause between its steps: 3 x the step's real duration, so more than 1 ms
      // on a loaded machine; a second covers any (the keys are all expired already)
      store.timePasses(Duration.ofSeconds(1));
    }
    assertEquals(LongStream.rangeClosed(last + 1, last + 8).boxed().toList(), revisions);
    watcher.expectNoMessage(QUIET);
  }
}
