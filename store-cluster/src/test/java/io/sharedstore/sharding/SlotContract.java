package io.sharedstore.sharding;

import static io.sharedstore.sharding.SlotDriver.assertRefused;
import static io.sharedstore.sharding.SlotDriver.cbor;
import static io.sharedstore.sharding.SlotDriver.increment;
import static io.sharedstore.sharding.SlotDriver.keys;
import static io.sharedstore.sharding.SlotDriver.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/** What a slot answers, whatever its durability: each subclass runs these on its own mode. */
abstract class SlotContract {

  /** Small values, so that a batch of a few large answers is split. */
  static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(1), 1000, 1000, 256, 64 * 1024, Duration.ofSeconds(60),
          1000);

  /** A fresh slot (its own number) of the mode under test. */
  abstract SlotDriver newSlot();

  @Test
  void aBatchIsAppliedInOrderAndAnsweredInOrder() {
    SlotDriver slot = newSlot();
    List<Reply> replies = slot.ok(set("a", "x"), increment("c", 2), increment("c", 3),
        new Operation.Get("a"), new Operation.Get("c"), new Operation.Has("nope"));
    assertEquals(new Reply.Written(1), replies.get(0));
    assertEquals(new Reply.Counter(2, 2), replies.get(1));
    assertEquals(new Reply.Counter(5, 3), replies.get(2));
    assertEquals(new Reply.Value(Optional.of(cbor("x"))), replies.get(3));
    assertEquals(new Reply.Value(Optional.of(cbor(5L))), replies.get(4));
    assertEquals(new Reply.Exists(false), replies.get(5));
    assertEquals(3, slot.revision());
  }

  @Test
  void aBatchRefusesWhatDoesNotAnswerAtOnceAndNullRequests() {
    SlotDriver slot = newSlot();
    List<Outcome> outcomes = slot.batch(new Operation.Size(), null, new Operation.GetInfo(),
        set("k", "v"));
    assertRefused(outcomes.get(0), "[invalid]");
    assertEquals(-1, outcomes.get(1).id());
    assertRefused(outcomes.get(1), "[invalid]");
    assertRefused(outcomes.get(2), "[invalid]");
    assertEquals(Optional.of(new Reply.Written(1)), outcomes.get(3).reply());
  }

  @Test
  void answersPastTheFrameBudgetAreSplit() {
    SlotDriver slot = newSlot();
    String big = "v".repeat(40 * 1024);
    slot.ok(set("big1", big), set("big2", big));
    TestProbe<Replies> probe = slot.testKitProbe();
    slot.ref().tell(SlotDriver.batchOf(probe.getRef(), new Operation.Get("big1"),
        new Operation.Get("big2")));
    List<Outcome> outcomes = new ArrayList<>(probe.receiveMessage(SlotDriver.WAIT).outcomes());
    assertEquals(1, outcomes.size(), "two 40 KiB values do not fit one 64 KiB message");
    outcomes.addAll(probe.receiveMessage(SlotDriver.WAIT).outcomes());
    assertEquals(List.of(1L, 2L), outcomes.stream().map(Outcome::id).toList());
  }

  @Test
  void executeAnswersEveryOperationSteppedOnesWhole() {
    SlotDriver slot = newSlot();
    slot.ok(set("k1", "a"), set("k2", "b"), set("k3", "c"), set("other", "d"));
    assertEquals(new Reply.Count(4), slot.executeOk(new Operation.Size()));
    Reply.Values values = slot.executeOk(new Operation.GetAll(keys("k1", "k3", "missing")));
    assertEquals(Set.of("k1", "k3"), values.values().keySet());
    Reply.KeyPage page = slot.executeOk(new Operation.Scan("k*", "", 100));
    assertEquals(List.of("k1", "k2", "k3"), page.keys().stream().sorted().toList());
    assertEquals("", page.cursor());
    Reply.DeletedKeys deleted = slot.executeOk(new Operation.DeleteAll("k*"));
    assertEquals(3, deleted.count());
    assertEquals(new Reply.Count(1), slot.executeOk(new Operation.Size()));
    assertEquals(1, slot.executeOk(new Operation.GetInfo()).keyspace().keys());
    assertEquals(new Reply.Written(slot.revision() + 1), slot.executeOk(set("n", "e")));
    StatusReply<Reply.Counter> refused = slot.execute(increment("other", 1));
    assertTrue(refused.isError());
    assertTrue(refused.getError().getMessage().startsWith("[type]"),
        refused.getError().getMessage());
  }

  @Test
  void aRetriedIncrementGetsItsFirstResult() {
    SlotDriver slot = newSlot();
    Reply first = slot.ok(increment("c", 5, "r1")).get(0);
    slot.ok(increment("c", 1));
    assertEquals(first, slot.ok(increment("c", 5, "r1")).get(0));
    assertEquals(Optional.of(6L), slot.counter("c"));
  }
}
