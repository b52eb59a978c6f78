package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.GetClusterInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two store nodes in one JVM, each running what {@code manager --cluster} runs ({@link
 * ClusterStore}, slots in memory): a watch given to one node hears the changes of every slot,
 * those the other node serves too, written through either node, each once, in one sequence.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWatchTest {

  private static final int SLOTS = 8;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ActorTestKit first;
  private ActorTestKit second;
  private ActorRef<Command> storeA;
  private ActorRef<Command> storeB;

  @BeforeAll
  void startTwoNodes() {
    first = ActorTestKit.create("shared-store", InProcessNodes.nodeConfig(SLOTS, "none"));
    second = ActorTestKit.create("shared-store", InProcessNodes.nodeConfig(SLOTS, "none"));
    InProcessNodes.joinAndAwaitUp(List.of(first, second), WAIT);
    storeA = first.spawn(store(first), "store");
    storeB = second.spawn(store(second), "store");
  }

  private static org.apache.pekko.actor.typed.Behavior<Command> store(ActorTestKit kit) {
    var config = kit.system().settings().config();
    return ClusterStore.create(ClusterStoreSettings.create(config), StoreSettings.create(config));
  }

  @AfterAll
  void stop() {
    second.shutdownTestKit();
    first.shutdownTestKit();
  }

  @Test
  void aWatchOnOneNodeHearsTheChangesOfEverySlot() {
    awaitBothServe();
    List<String> keys = oneKeyPerSlot();
    TestProbe<WatchEvents> watcher = first.createTestProbe();
    storeA.tell(new Watch("every-slot", "w:*", Watch.FROM_NOW, watcher.getRef()));
    WatchEvents started = watcher.receiveMessage(WAIT);
    assertTrue(started.refusal().isEmpty(), started::toString);

    List<Request> sets = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      sets.add(new Request(i, new Operation.Set(keys.get(i), Bytes.wrap(new byte[] {(byte) i}),
          OptionalLong.empty())));
    }
    InProcessNodes.batch(second, storeB, sets, WAIT);
    InProcessNodes.batch(first, storeA, List.of(new Request(99, new Operation.Set(
        "other", Bytes.wrap(new byte[] {9}), OptionalLong.empty()))), WAIT); // not watched

    Set<String> heard = new HashSet<>();
    long last = started.through();
    while (heard.size() < keys.size()) {
      WatchEvents message = watcher.receiveMessage(WAIT);
      for (WatchEvent event : message.events()) {
        WatchEvent.KeyEvent keyEvent = (WatchEvent.KeyEvent) event;
        assertEquals(WatchEvent.Kind.CHANGED, keyEvent.kind());
        assertTrue(heard.add(keyEvent.key()), "once each: " + keyEvent.key());
        assertTrue(keyEvent.revision() > last, "the node's own sequence, increasing");
        last = keyEvent.revision();
      }
      storeA.tell(new WatchAck("every-slot", message.through()));
    }
    assertEquals(new HashSet<>(keys), heard);
  }

  /** Both nodes serve some slots (so the watch hears a slot of each). */
  private void awaitBothServe() {
    TestProbe<ClusterInfo> probe = first.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      storeA.tell(new GetClusterInfo(probe.getRef()));
      ClusterInfo info = probe.receiveMessage();
      assertEquals(0, info.unplaced(), info::toString);
      for (ClusterInfo.Member member : info.members()) {
        assertTrue(member.slotsServed() > 0, info::toString);
      }
      return null;
    });
  }

  private static List<String> oneKeyPerSlot() {
    KeySlots slots = new KeySlots(SLOTS);
    String[] bySlot = new String[SLOTS];
    int found = 0;
    for (int i = 0; found < SLOTS; i++) {
      String key = "w:" + i;
      int slot = slots.slotOf(key);
      if (bySlot[slot] == null) {
        bySlot[slot] = key;
        found++;
      }
    }
    return List.of(bySlot);
  }
}
