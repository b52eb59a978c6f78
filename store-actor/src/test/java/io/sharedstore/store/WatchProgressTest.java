package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
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
 * The store's progress notices (ManualTime): a numbered message without events to each watcher
 * sent something since the last notice, and to each one waiting for an acknowledgement, so a
 * lost message or acknowledgement shows even when no change follows.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchProgressTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofMillis(200);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private StoreDriver store(int buffer) {
    StoreSettings base = StoreSettings.create(testKit.system().settings().config());
    return StoreDriver.spawn(testKit, base.withWatch(
        new WatchSettings(1000, 1 << 20, buffer, 10, 1 << 20, INTERVAL)));
  }

  private static long set(StoreDriver store, String key) {
    StatusReply<Reply.Written> reply = store.ask(
        (ActorRef<StatusReply<Reply.Written>> replyTo) -> new Execute<>(new Operation.Set(key,
            StoreDriver.bytes(new byte[] {1}), OptionalLong.empty()), replyTo));
    return reply.getValue().revision();
  }

  @Test
  void aWatcherSentSomethingGetsOneNoticeAndAnIdleOneNone() {
    StoreDriver store = store(100);
    TestProbe<WatchEvents> active = testKit.createTestProbe();
    TestProbe<WatchEvents> idle = testKit.createTestProbe();
    store.ref().tell(new Watch("active", "a*", Watch.FROM_NOW, active.getRef()));
    store.ref().tell(new Watch("idle", "i*", Watch.FROM_NOW, idle.getRef()));
    active.receiveMessage();
    idle.receiveMessage();
    long revision = set(store, "a1");
    assertEquals(1, active.receiveMessage().sequence());
    set(store, "other");
    store.timePasses(INTERVAL);
    WatchEvents notice = active.receiveMessage();
    assertEquals(WatchEvents.of("active", List.of(), revision + 1, 2), notice);
    store.timePasses(INTERVAL);
    active.expectNoMessage(QUIET); // nothing sent since
    idle.expectNoMessage(QUIET);
  }

  @Test
  void anOverflowedWatcherGetsANoticeEveryIntervalUntilItAcknowledges() {
    StoreDriver store = store(1);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    store.ref().tell(new Watch("slow", "*", Watch.FROM_NOW, watcher.getRef()));
    watcher.receiveMessage();
    set(store, "k1");
    watcher.receiveMessage();
    long overflowAt = set(store, "k2");
    WatchEvents reset = watcher.receiveMessage();
    assertEquals(List.of(new WatchEvent.Reset(overflowAt, WatchEvent.ResetReason.OVERFLOW)),
        reset.events());
    for (int i = 1; i <= 2; i++) {
      store.timePasses(INTERVAL);
      WatchEvents notice = watcher.receiveMessage();
      assertEquals(List.of(), notice.events());
      assertEquals(overflowAt, notice.through());
      assertEquals(reset.sequence() + i, notice.sequence());
    }
    store.ref().tell(new WatchAck("slow", overflowAt));
    long after = set(store, "k3");
    assertEquals(after, watcher.receiveMessage().through());
  }
}
