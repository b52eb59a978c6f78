package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slot behind a pause fence the test closes and opens (its clock moved by hand): closed, no
 * message reaches the slot; opened, the held ones reach it in order, before the later ones.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FencedSlotTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private final AtomicLong nanos = new AtomicLong();

  /** A fence on the test's clock, closed by a pause of 3 s (its ticker is the test). */
  private PauseFence closedFence() {
    PauseFence fence = new PauseFence(Duration.ofSeconds(1), nanos::get);
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    fence.tick();
    return fence;
  }

  /** A slot that passes on every message it gets to {@code seen}. */
  private static Behavior<Command> recording(ActorRef<Command> seen) {
    return Behaviors.receive(Command.class).onAnyMessage(message -> {
      seen.tell(message);
      return Behaviors.same();
    }).build();
  }

  private static Command get(String key) {
    return new Execute<>(new Operation.Get(key), null);
  }

  @Test
  void anOpenFenceLetsEveryMessageThrough() {
    TestProbe<Command> seen = testKit.createTestProbe();
    ActorRef<Command> slot = testKit.spawn(FencedSlot.around(
        new PauseFence(Duration.ofSeconds(1), nanos::get), recording(seen.getRef())));
    slot.tell(get("a"));
    seen.expectMessage(get("a"));
  }

  @Test
  void heldMessagesReachTheSlotInOrderOnceTheFenceOpensAndBeforeLaterOnes() {
    PauseFence fence = closedFence();
    TestProbe<Command> seen = testKit.createTestProbe();
    ActorRef<Command> slot = testKit.spawn(FencedSlot.around(fence, recording(seen.getRef())));
    for (int i = 0; i < 100; i++) {
      slot.tell(get("held-" + i));
    }
    slot.tell(SlotEntity.Sweep.INSTANCE); // dropped while holding
    seen.expectNoMessage(FencedSlot.RECHECK.multipliedBy(4));
    assertEquals(100, fence.heldMessages(), "the sweep tick is dropped, not held");

    fence.release(fence.pauses());
    slot.tell(get("after"));
    for (int i = 0; i < 100; i++) {
      seen.expectMessage(get("held-" + i));
    }
    seen.expectMessage(get("after"));
    slot.tell(get("later"));
    seen.expectMessage(get("later"));
    seen.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSlotInMemoryNeitherAnswersNorAppliesWhileTheFenceIsClosed() {
    PauseFence fence = closedFence();
    StoreSettings settings = StoreSettings.create(testKit.system().settings().config());
    ActorRef<Command> slot = testKit.spawn(SlotEntity.create(1, settings, SlotDurability.NONE,
        StoreClock.system(), null, new SlotFeed(), fence));
    TestProbe<StatusReply<Reply>> replies = testKit.createTestProbe();
    slot.tell(new Execute<>(new Operation.Set("k", SlotDriver.cbor("v"),
        java.util.OptionalLong.empty()), cast(replies.getRef())));
    replies.expectNoMessage(FencedSlot.RECHECK.multipliedBy(4));

    fence.release(fence.pauses());
    StatusReply<Reply> reply = replies.receiveMessage();
    assertTrue(reply.isSuccess() && reply.getValue() instanceof Reply.Written, reply.toString());
  }

  @Test
  void theConfirmationCrossesTheWire() {
    TestProbe<PauseConfirm.Message> confirmer = testKit.createTestProbe();
    testKit.serializationTestKit().verifySerialization(
        new PauseConfirm.StillMember(3, "pekko://shared-store@127.0.0.1:2552", confirmer.getRef()),
        true);
    testKit.serializationTestKit().verifySerialization(
        new PauseConfirm.Answer(3, true, "pekko://shared-store@127.0.0.1:2553"), true);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <R extends Reply> ActorRef<StatusReply<R>> cast(ActorRef<StatusReply<Reply>> ref) {
    return (ActorRef) ref;
  }
}
