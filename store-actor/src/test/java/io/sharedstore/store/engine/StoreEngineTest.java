package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The engine alone, driven by a clock value: revisions (strictly increasing from 1, reads take
 * none, a write that changes nothing answers the current one) and the change list of each kind
 * of operation.
 */
class StoreEngineTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 2, 1000, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;
  private static final Bytes V = Bytes.wrap(new byte[] {1});
  private static final Bytes COUNTER_7 = Bytes.wrap(new byte[] {7}); // CBOR of the integer 7

  private final StoreEngine engine = new StoreEngine(SETTINGS);

  private <R extends Reply> Result<R> apply(Operation<R> operation) {
    return engine.apply(operation, T0);
  }

  @Test
  void revisionsStartAtOneIncreaseStrictlyAndReadsTakeNone() {
    assertEquals(0, engine.revision());
    assertEquals(new Reply.Written(1), apply(new Operation.Set("a", V, OptionalLong.empty())).reply());
    assertEquals(new Reply.Written(2), apply(new Operation.Set("b", V, OptionalLong.empty())).reply());
    Result<Reply.Value> read = apply(new Operation.Get("a"));
    assertEquals(List.of(), read.changes());
    apply(new Operation.Has("missing"));
    apply(new Operation.GetTtl("a"));
    apply(new Operation.GetAll(List.of("a", "b")));
    assertEquals(2, engine.revision(), "reads take no revision");
    assertEquals(new Reply.Counter(1, 3),
        apply(new Operation.Increment("n", 1, OptionalLong.empty(), Optional.empty())).reply());
    assertEquals(new Reply.Deleted(true, 4), apply(new Operation.Delete("a")).reply());
    assertEquals(new Reply.Deleted(false, 4), apply(new Operation.Delete("a")).reply(),
        "a write that changed nothing answers the current revision");
    assertEquals(new Reply.Applied(false, 4),
        apply(new Operation.SetIfAbsent("b", V, OptionalLong.empty())).reply());
    assertEquals(4, engine.revision());
  }

  @Test
  void aSetIsOneWrittenChangeWithItsDeadline() {
    Result<Reply.Written> result = apply(new Operation.Set("k", V, OptionalLong.of(500)));
    assertEquals(List.of(new Change.Written("k", 1, V, OptionalLong.of(T0 + 500))),
        result.changes());
    assertEquals(List.of(new Change.Written("k", 2, V, OptionalLong.empty())),
        apply(new Operation.Set("k", V, OptionalLong.empty())).changes());
  }

  @Test
  void aDeleteIsOneRemovedChange() {
    apply(new Operation.Set("k", V, OptionalLong.empty()));
    assertEquals(List.of(new Change.Removed("k", 2, Change.Cause.DELETED)),
        apply(new Operation.Delete("k")).changes());
    assertEquals(List.of(), apply(new Operation.Delete("k")).changes());
  }

  @Test
  void anExpiredEntryFoundByAReadIsRemovedAsExpired() {
    engine.apply(new Operation.Set("k", V, OptionalLong.of(100)), T0);
    Result<Reply.Value> read = engine.apply(new Operation.Get("k"), T0 + 100);
    assertEquals(new Reply.Value(Optional.empty()), read.reply());
    assertEquals(List.of(new Change.Removed("k", 2, Change.Cause.EXPIRED)), read.changes());
  }

  @Test
  void theSweepRemovesExpiredEntriesInBoundedSteps() {
    for (String key : List.of("a", "b", "c")) {
      engine.apply(new Operation.Set(key, V, OptionalLong.of(10)), T0);
    }
    engine.apply(new Operation.Set("keep", V, OptionalLong.empty()), T0);
    assertEquals(List.of(new Change.Removed("a", 5, Change.Cause.SWEPT),
        new Change.Removed("b", 6, Change.Cause.SWEPT)), engine.sweep(T0 + 10, 2));
    assertTrue(engine.hasExpired(T0 + 10));
    assertEquals(List.of(new Change.Removed("c", 7, Change.Cause.SWEPT)),
        engine.sweep(T0 + 10, 2));
    assertEquals(List.of(), engine.sweep(T0 + 10, 2));
    assertEquals(1, engine.storedEntries());
  }

  @Test
  void anIncrementWithARequestIdIsWrittenAndRememberedAndARetryChangesNothing() {
    engine.apply(new Operation.Set("n", COUNTER_7, OptionalLong.empty()), T0);
    var increment = new Operation.Increment("n", 2, OptionalLong.empty(), Optional.of("r1"));
    Result<Reply.Counter> first = apply(increment);
    assertEquals(new Reply.Counter(9, 2), first.reply());
    assertEquals(2, first.changes().size());
    Change.Written written = (Change.Written) first.changes().get(0);
    assertEquals(List.of("n", 2L), List.of(written.key(), written.revision()));
    assertEquals(new Change.Remembered("n", 2, "r1", new Reply.Counter(9, 2), T0),
        first.changes().get(1));
    Result<Reply.Counter> retry = apply(increment);
    assertEquals(first.reply(), retry.reply(), "the first result, revision included");
    assertEquals(List.of(), retry.changes());
  }

  @Test
  void aBoundedIncrementThatDoesNotFitIsRememberedWithoutAWrite() {
    var increment = new Operation.IncrementBounded("n", 5, 3, OptionalLong.empty(), Optional.of("r"));
    Result<Reply.BoundedCounter> result = apply(increment);
    assertEquals(new Reply.BoundedCounter(OptionalLong.empty(), 0), result.reply());
    assertEquals(List.of(new Change.Remembered("n", 0, "r", result.reply(), T0)),
        result.changes());
  }

  @Test
  void deleteAllRunsInStepsAndRemovesEachMatchAsDeleted() {
    for (int i = 0; i < 5; i++) {
      apply(new Operation.Set("user:" + i, V, OptionalLong.empty()));
    }
    apply(new Operation.Set("other", V, OptionalLong.empty()));
    Stepper<Reply.DeletedKeys> steps = engine.start(new Operation.DeleteAll("user:*"));
    int removed = 0;
    Result<Reply.DeletedKeys> step;
    do {
      step = steps.step(T0);
      for (Change change : step.changes()) {
        assertEquals(Change.Cause.DELETED, ((Change.Removed) change).cause());
        assertTrue(change.key().startsWith("user:"));
        removed++;
      }
    } while (!step.isDone());
    assertEquals(new Reply.DeletedKeys(5, 11), step.reply());
    assertEquals(5, removed);
    assertEquals(1, engine.storedEntries());
  }

  @Test
  void aRefusalChangesNothingAndSaysWhy() {
    Result<Reply.Written> refused = apply(new Operation.Set("", V, OptionalLong.empty()));
    assertNull(refused.reply());
    assertNotNull(refused.refused());
    assertEquals(Refusal.INVALID, refused.refused().refusal());
    assertTrue(refused.refused().errorText().startsWith("[invalid] set"),
        refused.refused().errorText());
    assertEquals(List.of(), refused.changes());
    assertEquals(0, engine.revision());
    Result<Reply.Written> setAll =
        apply(new Operation.SetAll(Map.of("a", V, "b", V), OptionalLong.empty()));
    assertEquals(new Reply.Written(2), setAll.reply(), "a setAll answers its last revision");
    assertEquals(2, setAll.changes().size());
  }

  @Test
  void theNextDeadlineIsTheEarliestStoredOneUntilItIsFreedOrRewritten() {
    assertEquals(OptionalLong.empty(), engine.nextDeadline());
    engine.apply(new Operation.Set("late", V, OptionalLong.of(200)), T0);
    engine.apply(new Operation.Set("early", V, OptionalLong.of(100)), T0);
    engine.apply(new Operation.Set("never", V, OptionalLong.empty()), T0);
    assertEquals(OptionalLong.of(T0 + 100), engine.nextDeadline());
    engine.apply(new Operation.Persist("early"), T0 + 50);
    assertEquals(OptionalLong.of(T0 + 200), engine.nextDeadline());
    engine.sweep(T0 + 200, 10);
    assertEquals(OptionalLong.empty(), engine.nextDeadline());
  }
}
