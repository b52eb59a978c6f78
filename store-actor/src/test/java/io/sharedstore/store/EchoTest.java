package io.sharedstore.store;

import static io.sharedstore.store.StoreDriver.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationNames;
import io.sharedstore.store.protocol.OperationRules;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Reads;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.Writes;
import io.sharedstore.store.wire.Opcode;
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
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Operation.Echo}, the round trip {@code StoreClient.ping()} measures: the engine answers
 * {@link Reply.Echoed} and changes nothing, the rules pass it, it is a read that touches nothing,
 * its wire entry is code 22 named {@code echo}, and the store answers it in its turn, alone or
 * inside a batch.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EchoTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 1000, 1000, 64, 1000, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @Test
  void theEngineAnswersEchoedChangingNothingAndCountsAnEchoCall() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    engine.apply(new Operation.Set("k", bytes(new byte[] {1}), OptionalLong.empty()), T0);
    long revision = engine.apply(new Operation.GetStats(), T0).reply().revision();

    Result<Reply.Echoed> echoed = engine.apply(new Operation.Echo(), T0);

    assertEquals(new Reply.Echoed(), echoed.reply());
    assertEquals(List.of(), echoed.changes());
    assertEquals(revision, engine.apply(new Operation.GetStats(), T0).reply().revision());
    assertEquals(Long.valueOf(1), engine.info().stats().operations().get("echo"));
  }

  @Test
  void itKeepsEveryRuleIsAReadAndTouchesNothing() {
    Operation.Echo echo = new Operation.Echo();
    assertEquals(Optional.empty(), new OperationRules(64, 1000).problem(echo));
    assertTrue(Reads.isRead(echo));
    assertTrue(Writes.touched(echo).isNothing());
    assertEquals("echo", OperationNames.name(echo));
  }

  @Test
  void itsWireEntryIsTheNextCodeWithACompactForm() {
    Opcode echo = Opcode.of(new Operation.Echo());
    assertEquals(Opcode.ECHO, echo);
    assertEquals(22, echo.code());
    assertEquals("echo", echo.typeName());
    assertEquals(Operation.Echo.class, echo.type());
  }

  @Test
  void theStoreAnswersAnEchoAlone() {
    ActorRef<Command> store = testKit.spawn(StoreActor.create(SETTINGS));
    TestProbe<StatusReply<Reply.Echoed>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Echo(), probe.getRef()));
    assertEquals(StatusReply.success(new Reply.Echoed()), probe.receiveMessage());
  }

  @Test
  void insideABatchAnEchoIsAnsweredInItsTurn() {
    ActorRef<Command> store = testKit.spawn(StoreActor.create(SETTINGS));
    TestProbe<Replies> probe = testKit.createTestProbe();
    store.tell(new Batch(List.of(
        new Request(1, new Operation.Set("k", bytes(new byte[] {1}), OptionalLong.empty())),
        new Request(2, new Operation.Echo()),
        new Request(3, new Operation.Has("k"))), probe.getRef()));
    List<Outcome> outcomes = new ArrayList<>();
    while (outcomes.size() < 3) {
      outcomes.addAll(probe.receiveMessage().outcomes());
    }
    assertEquals(List.of(1L, 2L, 3L), outcomes.stream().map(Outcome::id).toList());
    assertEquals(Optional.of(new Reply.Echoed()), outcomes.get(1).reply());
    assertEquals(Optional.of(new Reply.Exists(true)), outcomes.get(2).reply());
  }
}
