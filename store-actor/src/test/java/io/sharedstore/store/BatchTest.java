package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
 * A batch is applied in order, each request as if it came alone, and answered with replies that
 * carry each request's id and never exceed the frame budget.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchTest {

  private static final int MAX_VALUE_SIZE = 1000;
  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), 1000, 1000, 64, MAX_VALUE_SIZE, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private static byte[] cbor(Object value) {
    try {
      return ValueFormat.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private List<StoreActor.Outcome> run(ActorRef<StoreActor.Command> store, StoreActor.Command... commands) {
    TestProbe<StoreActor.Replies> probe = testKit.createTestProbe();
    List<StoreActor.Request> requests = new ArrayList<>();
    for (int i = 0; i < commands.length; i++) {
      requests.add(new StoreActor.Request(100 + i, commands[i]));
    }
    store.tell(new StoreActor.Batch(requests, probe.getRef()));
    List<StoreActor.Outcome> outcomes = new ArrayList<>();
    while (outcomes.size() < commands.length) {
      outcomes.addAll(probe.receiveMessage().outcomes());
    }
    probe.expectNoMessage();
    return outcomes;
  }

  @Test
  void requestsApplyInOrderAndEachAnswerCarriesItsId() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    List<StoreActor.Outcome> outcomes =
        run(
            store,
            new StoreActor.Set("k", cbor(1), OptionalLong.empty(), null),
            new StoreActor.Increment("k", 2, OptionalLong.empty(), Optional.empty(), null),
            new StoreActor.Get("k", null),
            new StoreActor.Has("missing", null),
            new StoreActor.Increment("", 1, OptionalLong.empty(), Optional.empty(), null),
            new StoreActor.Delete("k", null));

    assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L),
        outcomes.stream().map(StoreActor.Outcome::id).toList());
    assertEquals(Optional.of(StoreActor.Ack.INSTANCE), outcomes.get(0).reply());
    assertEquals(Optional.of(new StoreActor.Counter(3)), outcomes.get(1).reply());
    assertEquals(Optional.of(new StoreActor.Value(Optional.of(cbor(3)))), outcomes.get(2).reply());
    assertEquals(Optional.of(new StoreActor.Exists(false)), outcomes.get(3).reply());
    assertTrue(outcomes.get(4).error().orElseThrow().startsWith("[invalid]"), outcomes.get(4).toString());
    assertEquals(Optional.of(new StoreActor.Deleted(true)), outcomes.get(5).reply());
  }

  @Test
  void requestsThatAnswerInStepsAreRefusedInsideABatch() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    List<StoreActor.Outcome> outcomes =
        run(store, new StoreActor.Size(null), new StoreActor.DeleteAll("*", null));
    outcomes.forEach(o -> assertTrue(o.error().orElseThrow().startsWith("[invalid]"), o.toString()));
  }

  @Test
  void largeAnswersAreSplitIntoRepliesWithinTheBudget() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    byte[] large = new byte[600];
    TestProbe<StoreActor.Replies> probe = testKit.createTestProbe();
    List<StoreActor.Request> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      requests.add(new StoreActor.Request(i, new StoreActor.Set("big" + i, large, OptionalLong.empty(), null)));
    }
    for (int i = 0; i < 4; i++) {
      requests.add(new StoreActor.Request(10 + i, new StoreActor.Get("big" + i, null)));
    }
    store.tell(new StoreActor.Batch(requests, probe.getRef()));
    int answers = 0;
    int messages = 0;
    while (answers < 8) {
      StoreActor.Replies replies = probe.receiveMessage();
      messages++;
      long valueBytes = replies.outcomes().stream()
          .flatMap(o -> o.reply().stream())
          .filter(StoreActor.Value.class::isInstance)
          .mapToLong(r -> ((StoreActor.Value) r).bytes().map(b -> b.length).orElse(0))
          .sum();
      assertTrue(valueBytes <= MAX_VALUE_SIZE, "one Replies carried " + valueBytes + " bytes");
      answers += replies.outcomes().size();
    }
    assertTrue(messages >= 4, "four 600-byte values under a 1000-byte budget: " + messages);
  }

  @Test
  void batchMessagesSurviveSerialization() {
    TestProbe<StoreActor.Replies> probe = testKit.createTestProbe();
    var batch = new StoreActor.Batch(
        List.of(new StoreActor.Request(1, new StoreActor.Get("k", null)),
            new StoreActor.Request(2, new StoreActor.Has("k", null))),
        probe.getRef());
    testKit.serializationTestKit().verifySerialization(batch, true);
    testKit.serializationTestKit().verifySerialization(
        new StoreActor.Replies(List.of(
            new StoreActor.Outcome(1, Optional.of(StoreActor.Ack.INSTANCE), Optional.empty()),
            new StoreActor.Outcome(2, Optional.of(new StoreActor.Counter(7)), Optional.empty()),
            new StoreActor.Outcome(3, Optional.empty(), Optional.of("[type] no")))),
        true);
  }
}
