package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A node's watches fed by a node's change feed, in one ActorSystem: the subscription before the
 * watch starts, the node's own revisions, a slot's order checked (late changes dropped, a skip a
 * gap), a slot started without its data an epoch change, and the messages' wire form.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeWatchesTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger NODES = new AtomicInteger();

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private record Node(SlotFeed feed, ActorRef<Command> watches) {}

  /** One feed and its watches (each test its own: the receptionist lists every feed alive). */
  private Node node() {
    return node(testKit);
  }

  private static Node node(ActorTestKit kit) {
    SlotFeed feed = new SlotFeed();
    int n = NODES.incrementAndGet();
    kit.spawn(ChangeFeed.create(feed), "feed-" + n);
    StoreSettings settings = StoreSettings.create(kit.system().settings().config());
    return new Node(feed, kit.spawn(NodeWatches.create(16, settings), "watches-" + n));
  }

  private static Change.Written written(String key, long revision) {
    return new Change.Written(key, revision, Bytes.wrap(new byte[] {1}), OptionalLong.empty());
  }

  private static WatchEvents watch(Node node, TestProbe<WatchEvents> probe, String id) {
    node.watches().tell(new Watch(id, "*", Watch.FROM_NOW, probe.getRef()));
    WatchEvents started = probe.receiveMessage(WAIT);
    assertTrue(started.refusal().isEmpty(), started.toString());
    return started;
  }

  /** The next message with events, skipping progress notices. */
  private static WatchEvents events(TestProbe<WatchEvents> probe) {
    while (true) {
      WatchEvents message = probe.receiveMessage(WAIT);
      if (!message.events().isEmpty()) {
        return message;
      }
    }
  }

  @Test
  void changesOfEverySlotGetTheNodesOwnRevisionsInOrder() {
    Node node = node();
    TestProbe<WatchEvents> probe = testKit.createTestProbe();
    long from = watch(node, probe, "all").through();
    assertTrue(from > 1_000_000_000_000L << 9, "the sequence starts at the clock: " + from);

    node.feed().changed(3, List.of(written("a", 7), written("b", 8)));
    node.feed().changed(9, List.of(new Change.Removed("c", 1, Change.Cause.DELETED)));
    List<WatchEvent> first = events(probe).events();
    assertEquals(2, first.size());
    assertEquals(new WatchEvent.KeyEvent(WatchEvent.Kind.CHANGED, "a", from + 1,
        java.util.Optional.of(Bytes.wrap(new byte[] {1})), OptionalLong.empty()), first.get(0));
    assertEquals(from + 2, first.get(1).revision());
    WatchEvent deleted = events(probe).events().get(0);
    assertEquals(WatchEvent.Kind.DELETED, ((WatchEvent.KeyEvent) deleted).kind());
    assertEquals(from + 3, deleted.revision());
  }

  @Test
  void aLateChangeIsDroppedASkipResetsWithGap() {
    Node node = node();
    TestProbe<WatchEvents> probe = testKit.createTestProbe();
    watch(node, probe, "gaps");
    node.feed().changed(5, List.of(written("k", 10)));
    long at = events(probe).through();

    node.feed().changed(5, List.of(written("k", 9), written("k", 10))); // an old owner's, late
    node.feed().changed(5, List.of(written("k", 12))); // 11 never came
    WatchEvents after = events(probe);
    assertEquals("k", ((WatchEvent.KeyEvent) after.events().get(0)).key());
    assertEquals(at + 1, after.events().get(0).revision());
    WatchEvents reset = events(probe);
    assertEquals(List.of(new WatchEvent.Reset(at + 1, WatchEvent.ResetReason.GAP)),
        reset.events());
  }

  @Test
  void aSlotStartedWithoutItsDataIsAnEpochChange() {
    Node node = node();
    TestProbe<WatchEvents> probe = testKit.createTestProbe();
    long from = watch(node, probe, "epoch").through();
    node.feed().started(4, 0, false); // moved with its data: nothing to say
    node.feed().started(6, 0, true);
    node.feed().started(7, 0, true); // within the gathering time: the same reset
    node.feed().changed(6, List.of(written("x", 1)));
    assertEquals(from + 1, events(probe).events().get(0).revision());
    WatchEvents reset = events(probe);
    assertEquals(List.of(new WatchEvent.Reset(from + 1, WatchEvent.ResetReason.EPOCH_CHANGED)),
        reset.events());
    node.watches().tell(new WatchAck("epoch", reset.through()));
    node.feed().changed(6, List.of(written("y", 2)));
    assertEquals("y", ((WatchEvent.KeyEvent) events(probe).events().get(0)).key(),
        "one reset for both slots, then live again");
  }

  @Test
  void theSlotsTellNothingOnceTheLastWatchGoes() {
    ActorTestKit alone = ActorTestKit.create(); // no other test's watches subscribe to its feed
    try {
      Node node = node(alone);
      TestProbe<WatchEvents> probe = alone.createTestProbe();
      watch(node, probe, "once");
      assertTrue(node.feed().hasSubscribers());
      node.watches().tell(new Unwatch("once"));
      probe.awaitAssert(WAIT, () -> {
        assertFalse(node.feed().hasSubscribers(), "unsubscribed at the next progress tick");
        return null;
      });
    } finally {
      alone.shutdownTestKit();
    }
  }

  @Test
  void theFeedMessagesSurviveTheWire() {
    TestProbe<Command> watches = testKit.createTestProbe();
    TestProbe<ChangeFeed.Message> feed = testKit.createTestProbe();
    var kit = testKit.serializationTestKit();
    kit.verifySerialization(new SlotNews.Changed(17, List.of(written("a", 3),
        new Change.Removed("b", 4, Change.Cause.SWEPT))), true);
    kit.verifySerialization(new SlotNews.Started(1023, 99, true), true);
    kit.verifySerialization(new SlotNews.Started(0, 0, false), true);
    kit.verifySerialization(new ChangeFeed.Subscribe(watches.getRef()), true);
    kit.verifySerialization(new ChangeFeed.Unsubscribe(watches.getRef()), true);
    kit.verifySerialization(new ChangeFeed.Subscribed(feed.getRef()), true);
  }
}
