package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A call the shard region drops is refused as moving at once, each request by its id. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DroppedCallsTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private static Dropped dropped(Command call) {
    return new Dropped(new ShardingEnvelope<>("7", call), "Avoiding reordering of buffered"
        + " messages at shard handoff", org.apache.pekko.actor.ActorRef.noSender(),
        org.apache.pekko.actor.ActorRef.noSender());
  }

  private static Batch batch(ActorRef<Replies> replyTo) {
    return new Batch(List.of(new Request(41, new Operation.Get("a")),
        new Request(42, new Operation.Delete("b"))), replyTo);
  }

  private static void assertMoving(String error) {
    assertEquals(Refusal.MOVING, Refusal.of(error), error);
    assertTrue(error.contains("slot 7") && error.contains("changed nothing"), error);
  }

  @Test
  void aDroppedBatchIsRefusedRequestByRequest() {
    TestProbe<Replies> probe = testKit.createTestProbe();
    assertTrue(DroppedCalls.answer(dropped(batch(probe.getRef()))));
    List<Outcome> outcomes = probe.receiveMessage().outcomes();
    assertEquals(List.of(41L, 42L), outcomes.stream().map(Outcome::id).toList());
    outcomes.forEach(outcome -> assertMoving(outcome.error().orElseThrow()));
  }

  @Test
  void aDroppedForwardedBatchIsRefusedToItsCaller() {
    TestProbe<Replies> probe = testKit.createTestProbe();
    assertTrue(DroppedCalls.answer(dropped(new RoutedBatch(batch(probe.getRef()), "n1:1"))));
    assertEquals(2, probe.receiveMessage().outcomes().size());
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aDroppedExecuteIsRefused() {
    TestProbe<StatusReply<Reply>> probe = testKit.createTestProbe();
    assertTrue(DroppedCalls.answer(dropped(
        new Execute<>(new Operation.Size(), (ActorRef) probe.getRef()))));
    StatusReply<Reply> reply = probe.receiveMessage();
    assertTrue(reply.isError());
    assertMoving(reply.getError().getMessage());
  }

  @Test
  void otherDroppedMessagesAreLeftAlone() {
    assertFalse(DroppedCalls.answer(new Dropped("not a call", "why",
        org.apache.pekko.actor.ActorRef.noSender(), org.apache.pekko.actor.ActorRef.noSender())));
    assertFalse(DroppedCalls.answer(dropped(SlotEntity.Stop.INSTANCE)));
  }

  @Test
  void itHearsWhatTheEventStreamPublishes() {
    testKit.spawn(DroppedCalls.create());
    TestProbe<Replies> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), Duration.ofMillis(100), () -> {
      testKit.system().eventStream()
          .tell(new EventStream.Publish<>(dropped(batch(probe.getRef()))));
      return probe.expectMessageClass(Replies.class, Duration.ofMillis(100));
    });
  }
}
