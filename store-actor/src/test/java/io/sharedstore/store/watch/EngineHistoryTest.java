package io.sharedstore.store.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.Stepper;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The engine feeding a history, as the store does: every operation that changes data (each
 * write, each removal, setAll, deleteAll in steps, increments, expiry on read, the sweep in
 * steps) leaves exactly one change per revision it took, with the engine's revision (the one its
 * reply names), in one unbroken run from 1; an operation that changes nothing leaves none; and
 * the history replayed in order gives the engine's entries.
 */
class EngineHistoryTest {

  /** Sweeps 2 and scans 4 keys per step, so the sweep and deleteAll take several. */
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 2, 4, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;
  private static final int MAX = 1_000_000;
  private static final OptionalLong NO_TTL = OptionalLong.empty();

  /** For an operation whose count of changes the test leaves to the engine. */
  private static final int AS_MANY_AS_REVISIONS = -1;

  private StoreEngine engine = new StoreEngine(SETTINGS);
  private final ChangeHistory history = new ChangeHistory(SETTINGS.watch());
  private long now = T0;

  private static Bytes v(int b) {
    return Bytes.wrap(new byte[] {(byte) b});
  }

  /**
   * Applies {@code operation}, records its changes, and checks that they are exactly {@code
   * dataChanges} writes and removals ({@link #AS_MANY_AS_REVISIONS}: one per revision it took),
   * held once each at the revisions the engine took.
   */
  private <R extends Reply> R apply(Operation<R> operation, int dataChanges) {
    long before = engine.revision();
    Result<R> result = engine.apply(operation, now);
    assertNull(result.refused(), () -> operation + " refused");
    int expected = dataChanges == AS_MANY_AS_REVISIONS
        ? (int) (engine.revision() - before) : dataChanges;
    recorded(operation.toString(), before, result.changes(), expected);
    OptionalLong replied = revisionOf(result.reply());
    if (replied.isPresent()) {
      assertEquals(engine.revision(), replied.getAsLong(),
          operation + ": the reply names the revision of its last change");
    }
    return result.reply();
  }

  private void recorded(String what, long before, List<Change> changes, int dataChanges) {
    history.record(changes);
    List<Change> data =
        changes.stream().filter(change -> !(change instanceof Change.Remembered)).toList();
    assertEquals(dataChanges, data.size(), what + ": " + changes);
    assertEquals(before + dataChanges, engine.revision(), what);
    assertEquals(engine.revision(), history.latestRevision(), what);
    ChangeHistory.Page page = (ChangeHistory.Page) history.since(before, key -> true, MAX);
    assertEquals(data, page.changes(), what + ": exactly its changes, once each, in order");
    assertEquals(LongStream.rangeClosed(before + 1, engine.revision()).boxed().toList(),
        page.changes().stream().map(Change::revision).toList(), what);
  }

  private static OptionalLong revisionOf(Reply reply) {
    if (reply instanceof Reply.Written r) {
      return OptionalLong.of(r.revision());
    } else if (reply instanceof Reply.Deleted r && r.existed()) {
      return OptionalLong.of(r.revision());
    } else if (reply instanceof Reply.Counter r) {
      return OptionalLong.of(r.revision());
    } else if (reply instanceof Reply.Applied r && r.applied()) {
      return OptionalLong.of(r.revision());
    } else if (reply instanceof Reply.Previous r) {
      return OptionalLong.of(r.revision());
    } else if (reply instanceof Reply.DeletedKeys r) {
      return OptionalLong.of(r.revision());
    }
    return OptionalLong.empty();
  }

  @Test
  void everyOperationThatChangesDataLeavesOneChangePerRevisionItTook() {
    apply(new Operation.Set("a", v(1), NO_TTL), 1);
    apply(new Operation.Set("a", v(2), OptionalLong.of(60_000)), 1);
    assertEquals(new Reply.Applied(true, 3),
        apply(new Operation.SetIfAbsent("b", v(1), NO_TTL), 1));
    apply(new Operation.SetIfAbsent("b", v(9), NO_TTL), 0);
    apply(new Operation.CompareAndSet("b", Optional.of(v(1)), v(2), NO_TTL), 1);
    apply(new Operation.CompareAndSet("b", Optional.of(v(1)), v(3), NO_TTL), 0);
    apply(new Operation.CompareAndSet("c", Optional.empty(), v(1), NO_TTL), 1);
    apply(new Operation.GetAndSet("c", v(2), NO_TTL), 1);
    apply(new Operation.DeleteIfEquals("c", v(9)), 0);
    apply(new Operation.DeleteIfEquals("c", v(2)), 1);
    apply(new Operation.GetAndDelete("b"), 1);
    apply(new Operation.GetAndDelete("b"), 0);
    apply(new Operation.Expire("a", 120_000), 1);
    apply(new Operation.Persist("a"), 1);
    apply(new Operation.Persist("a"), 0);
    apply(new Operation.Increment("n", 5, NO_TTL, Optional.empty()), 1);
    apply(new Operation.Increment("n", 5, NO_TTL, Optional.of("request-1")), 1);
    apply(new Operation.Increment("n", 5, NO_TTL, Optional.of("request-1")), 0);
    apply(new Operation.IncrementBounded("m", 2, 3, NO_TTL, Optional.empty()), 1);
    apply(new Operation.IncrementBounded("m", 2, 3, NO_TTL, Optional.empty()), 0);
    apply(new Operation.Delete("n"), 1);
    apply(new Operation.Delete("n"), 0);
    Map<String, Bytes> many = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      many.put("d:" + i, v(i));
    }
    apply(new Operation.SetAll(many, NO_TTL), 10);
    // Reads change nothing.
    apply(new Operation.Get("a"), 0);
    apply(new Operation.GetAll(List.of("a", "d:1", "missing")), 0);
    apply(new Operation.Has("a"), 0);

    int steps = deleteAll("d:*", 10);
    assertTrue(steps > 1, "deleteAll ran in " + steps + " steps");

    // Expiry on read: the read frees the entry it finds expired, as one removal.
    apply(new Operation.Set("short", v(1), OptionalLong.of(100)), 1);
    now += 100;
    assertEquals(new Reply.Value(Optional.empty()), apply(new Operation.Get("short"), 1));
    assertEquals(Change.Cause.EXPIRED, lastChange().map(c -> ((Change.Removed) c).cause())
        .orElseThrow());
    // A write over an expired entry the sweep has not freed yet.
    apply(new Operation.Set("short2", v(1), OptionalLong.of(100)), 1);
    now += 100;
    apply(new Operation.Set("short2", v(2), NO_TTL), AS_MANY_AS_REVISIONS);
    apply(new Operation.Increment("short3", 1, OptionalLong.of(100), Optional.empty()), 1);
    now += 100;
    apply(new Operation.Increment("short3", 1, NO_TTL, Optional.of("request-2")),
        AS_MANY_AS_REVISIONS);

    // The sweep, 2 entries per step: one removal per entry it frees.
    for (int i = 0; i < 7; i++) {
      apply(new Operation.Set("ttl:" + i, v(i), OptionalLong.of(1000)), 1);
    }
    now += 1000;
    int sweeps = 0;
    while (engine.hasExpired(now)) {
      long before = engine.revision();
      List<Change> freed = engine.sweep(now, SETTINGS.sweepBatch());
      sweeps++;
      assertTrue(freed.size() <= 2);
      recorded("sweep " + sweeps, before, freed, freed.size());
      assertTrue(freed.stream().allMatch(
          c -> ((Change.Removed) c).cause() == Change.Cause.SWEPT), freed.toString());
    }
    assertEquals(4, sweeps, "7 expired entries, 2 per step");
    assertWholeHistory();
  }

  @Test
  void aWriteThatFreesExpiredEntriesToMakeRoomLeavesTheirRemovalsToo() {
    engine = new StoreEngine(SETTINGS.withLimits(3, Long.MAX_VALUE));
    for (int i = 0; i < 3; i++) {
      apply(new Operation.Set("ttl:" + i, v(i), OptionalLong.of(100)), 1);
    }
    now += 100;
    apply(new Operation.Set("new", v(1), NO_TTL), AS_MANY_AS_REVISIONS);
    assertTrue(engine.revision() > 4, "the write freed expired entries first: revision "
        + engine.revision());
    assertWholeHistory();
  }

  private Optional<Change> lastChange() {
    List<Change> all = ((ChangeHistory.Page) history.since(0, key -> true, MAX)).changes();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Runs a deleteAll step by step, recording each step's changes; how many steps. */
  private int deleteAll(String glob, int expected) {
    Stepper<Reply.DeletedKeys> stepper = engine.start(new Operation.DeleteAll(glob));
    int steps = 0;
    long removed = 0;
    while (true) {
      long before = engine.revision();
      Result<Reply.DeletedKeys> step = stepper.step(now);
      steps++;
      int data = (int) step.changes().stream().filter(c -> c instanceof Change.Removed).count();
      recorded("deleteAll step " + steps, before, step.changes(), data);
      removed += data;
      if (step.isDone()) {
        assertEquals(expected, step.reply().count());
        assertEquals(engine.revision(), step.reply().revision());
        break;
      }
    }
    assertEquals(expected, removed);
    return steps;
  }

  /** The history is one run from revision 1 to the engine's, and replays to its entries. */
  private void assertWholeHistory() {
    ChangeHistory.Page all = (ChangeHistory.Page) history.since(0, key -> true, MAX);
    assertEquals(LongStream.rangeClosed(1, engine.revision()).boxed().toList(),
        all.changes().stream().map(Change::revision).toList());
    Map<String, String> replayed = new TreeMap<>();
    for (Change change : all.changes()) {
      if (change instanceof Change.Written written) {
        replayed.put(written.key(), written.value() + " " + written.deadlineMillis());
      } else {
        replayed.remove(change.key());
      }
    }
    Map<String, String> stored = new TreeMap<>();
    engine.forEachEntry((key, value, deadline) -> stored.put(key, value + " " + deadline));
    assertEquals(stored, replayed);
  }
}
