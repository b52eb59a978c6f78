package io.sharedstore.store;

import io.sharedstore.store.internal.ValueFormat;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
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
      return ValueFormat.writer().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private List<Outcome> run(ActorRef<Command> store, Operation<?>... commands) {
    TestProbe<Replies> probe = testKit.createTestProbe();
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < commands.length; i++) {
      requests.add(new Request(100 + i, commands[i]));
    }
    store.tell(new Batch(requests, probe.getRef()));
    List<Outcome> outcomes = new ArrayList<>();
    while (outcomes.size() < commands.length) {
      outcomes.addAll(probe.receiveMessage().outcomes());
    }
    probe.expectNoMessage();
    return outcomes;
  }

  @Test
  void requestsApplyInOrderAndEachAnswerCarriesItsId() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    List<Outcome> outcomes =
        run(
            store,
            new Operation.Set("k", bytes(cbor(1)), OptionalLong.empty()),
            new Operation.Increment("k", 2, OptionalLong.empty(), Optional.empty()),
            new Operation.Get("k"),
            new Operation.Has("missing"),
            new Operation.Increment("", 1, OptionalLong.empty(), Optional.empty()),
            new Operation.Delete("k"));

    assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L),
        outcomes.stream().map(Outcome::id).toList());
    assertEquals(Optional.of(new Written(1)), outcomes.get(0).reply());
    assertEquals(Optional.of(new Counter(3, 2)), outcomes.get(1).reply());
    assertEquals(Optional.of(value(cbor(3))), outcomes.get(2).reply());
    assertEquals(Optional.of(new Exists(false)), outcomes.get(3).reply());
    assertTrue(outcomes.get(4).error().orElseThrow().startsWith("[invalid]"), outcomes.get(4).toString());
    assertEquals(Optional.of(new Deleted(true, 3)), outcomes.get(5).reply());
  }

  @Test
  void answersKeepTheOrderOfTheRequestsAlsoWhenSomeAreRefusedBeforeTheyRun() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    List<Outcome> outcomes =
        run(
            store,
            new Operation.Set("ordered", bytes(cbor(1)), OptionalLong.empty()),
            new Operation.Size(),
            new Operation.Get("ordered"));

    assertEquals(List.of(100L, 101L, 102L), outcomes.stream().map(Outcome::id).toList());
    assertTrue(outcomes.get(1).error().orElseThrow().startsWith("[invalid]"));
  }

  @Test
  void requestsThatDoNotAnswerAtOnceAreRefusedInsideABatch() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    List<Outcome> outcomes =
        run(store, new Operation.Size(), new Operation.DeleteAll("*"), new Operation.GetInfo());
    assertEquals(3, outcomes.size());
    outcomes.forEach(o -> assertTrue(o.error().orElseThrow().startsWith("[invalid]"), o.toString()));
  }

  @Test
  void largeAnswersAreSplitIntoRepliesWithinTheBudget() {
    var store = testKit.spawn(StoreActor.create(SETTINGS));
    byte[] large = new byte[600];
    TestProbe<Replies> probe = testKit.createTestProbe();
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      requests.add(new Request(i, new Operation.Set("big" + i, bytes(large), OptionalLong.empty())));
    }
    for (int i = 0; i < 4; i++) {
      requests.add(new Request(10 + i, new Operation.Get("big" + i)));
    }
    store.tell(new Batch(requests, probe.getRef()));
    int answers = 0;
    int messages = 0;
    while (answers < 8) {
      Replies replies = probe.receiveMessage();
      messages++;
      long valueBytes = replies.outcomes().stream()
          .flatMap(o -> o.reply().stream())
          .filter(Value.class::isInstance)
          .mapToLong(r -> ((Value) r).bytes().map(Bytes::length).orElse(0))
          .sum();
      assertTrue(valueBytes <= MAX_VALUE_SIZE, "one Replies carried " + valueBytes + " bytes");
      answers += replies.outcomes().size();
    }
    assertTrue(messages >= 4, "four 600-byte values under a 1000-byte budget: " + messages);
  }

  @Test
  void batchMessagesSurviveSerialization() {
    TestProbe<Replies> probe = testKit.createTestProbe();
    var batch = new Batch(List.of(new Request(1, new Operation.Get("k")),
            new Request(2, new Operation.Has("k"))), probe.getRef());
    testKit.serializationTestKit().verifySerialization(batch, true);
    testKit.serializationTestKit().verifySerialization(
        new Replies(List.of(
            new Outcome(1, Optional.of(new Written(0)), Optional.empty()),
            new Outcome(2, Optional.of(new Counter(7, 0)), Optional.empty()),
            new Outcome(3, Optional.empty(), Optional.of("[type] no")))),
        true);
  }
}
