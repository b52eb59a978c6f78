package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.SteppedOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replay, as a property: random operations on engine A at an advancing clock, every change they
 * made replayed into a fresh engine B, and B's whole state (entries with value and deadline,
 * revision, retry memory) equals A's; so does A's state read half-way as a snapshot, loaded into
 * engine C, with the changes after it replayed. Fixed seeds; every message names its seed.
 */
class EngineReplayTest {

  /** A short retry window and a small capacity, so memory expires and overflows in a run. */
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 3, 4, 64, 1024, Duration.ofMillis(2_000), 6)
          .withLimits(12, Long.MAX_VALUE);
  private static final long T0 = 1_700_000_000_000L;
  private static final int KEYS = 16;
  private static final int OPERATIONS = 3_000;

  /** One recorded request id: its key and whether it was a bounded increment. */
  record Sent(String key, String requestId, boolean bounded) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261201, 987654321})
  void replayingEveryChangeRebuildsTheSameState(long seed) {
    Random random = new Random(seed);
    StoreEngine a = new StoreEngine(SETTINGS);
    List<Change> changes = new ArrayList<>();
    List<Sent> sent = new ArrayList<>();
    long now = T0;
    int removedOrExpired = 0;
    int remembered = 0;
    StoreEngine fromSnapshot = new StoreEngine(SETTINGS);
    int changesInSnapshot = 0;
    for (int i = 0; i < OPERATIONS; i++) {
      if (i == OPERATIONS / 2) {
        loadSnapshot(a, now, fromSnapshot);
        changesInSnapshot = changes.size();
      }
      now += random.nextInt(60);
      List<Change> made = step(a, random, now, sent);
      for (Change change : made) {
        removedOrExpired += change instanceof Change.Removed ? 1 : 0;
        remembered += change instanceof Change.Remembered ? 1 : 0;
      }
      changes.addAll(made);
    }
    String seedText = "seed " + seed;
    assertTrue(removedOrExpired > 100 && remembered > 100,
        seedText + ": the run exercises removals (" + removedOrExpired + ") and retry memory ("
            + remembered + ")");

    StoreEngine b = new StoreEngine(SETTINGS);
    b.replay(changes);

    assertSameState(a, b, now, seedText);
    assertTrue(memory(a, now).size() > 0, seedText + ": the retry memory holds results at the end");

    fromSnapshot.replay(changes.subList(changesInSnapshot, changes.size()));
    assertSameState(a, fromSnapshot, now, seedText + ": snapshot + log");

    // A retry of every id sent answers the same on both engines at the same now, and then
    // both engines go on identically: the next change takes the same revision.
    for (Sent request : sent) {
      Operation<? extends Reply> retry = retryOf(request);
      Result<? extends Reply> onA = a.apply(retry, now);
      Result<? extends Reply> onB = b.apply(retry, now);
      assertEquals(onA.reply(), onB.reply(), seedText + ": retry of " + request);
      assertEquals(onA.refused(), onB.refused(), seedText + ": retry of " + request);
      assertEquals(onA.changes(), onB.changes(), seedText + ": retry of " + request);
    }
    Operation.Set next = new Operation.Set("after", Bytes.wrap(Counters.write(1)), OptionalLong.empty());
    assertEquals(a.apply(next, now).changes(), b.apply(next, now).changes(),
        seedText + ": the change after the replay");
    assertEquals(entries(a), entries(b), seedText + ": entries after the retries");
  }

  @Test
  void replayRefusesAChangeWhoseRevisionIsNotAfterTheEngines() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    Bytes value = Bytes.wrap(Counters.write(5));
    engine.replay(List.of(new Change.Written("k", 3, value, OptionalLong.empty())));
    assertEquals(3, engine.revision());

    IllegalStateException same = assertThrows(IllegalStateException.class,
        () -> engine.replay(new Change.Written("j", 3, value, OptionalLong.empty())));
    assertTrue(same.getMessage().contains("revision 3") && same.getMessage().contains("revision 3 "),
        same.getMessage());
    IllegalStateException older = assertThrows(IllegalStateException.class,
        () -> engine.replay(new Change.Removed("k", 2, Change.Cause.DELETED)));
    assertTrue(older.getMessage().contains("its revision 2")
        && older.getMessage().contains("the engine's revision 3"), older.getMessage());
    IllegalStateException memory = assertThrows(IllegalStateException.class,
        () -> engine.replay(new Change.Remembered("k", 2, "id",
            new Reply.Counter(5, 2), T0)));
    assertTrue(memory.getMessage().contains("its revision 2"), memory.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> engine.replay(new Change.Removed("nothing", 4, Change.Cause.DELETED)));
    assertTrue(missing.getMessage().contains("no entry"), missing.getMessage());

    assertEquals(3, engine.revision(), "a refused change moves nothing");
    assertEquals(List.of("k=05@never"), entries(engine), "a refused change moves nothing");
    assertEquals(List.of(), memory(engine, T0), "a refused change remembers nothing");
  }

  @Test
  void replayContinuesTheRevisionAndRestoresTheRetryMemoryAndDeadlines() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    Bytes counter = Bytes.wrap(Counters.write(7));
    engine.replay(List.of(
        new Change.Written("n", 10, counter, OptionalLong.of(T0 + 5_000)),
        new Change.Remembered("n", 10, "r1", new Reply.Counter(7, 10), T0)));
    assertEquals(List.of("n=07@" + (T0 + 5_000)), entries(engine));
    Operation.Increment retry = new Operation.Increment("n", 1, OptionalLong.empty(), Optional.of("r1"));
    assertEquals(new Reply.Counter(7, 10), engine.apply(retry, T0 + 1_000).reply(),
        "a remembered id answers its first result");
    assertEquals(new Reply.Counter(8, 11), engine.apply(retry, T0 + 2_000).reply(),
        "the memory lasts the retry window from the time it was remembered; the next change"
            + " takes the revision after the highest replayed");
    assertEquals(List.of(new Change.Removed("n", 12, Change.Cause.EXPIRED)),
        engine.apply(new Operation.Get("n"), T0 + 5_000).changes(),
        "the replayed deadline holds");
  }

  /** Loads {@code source}'s state at {@code now}, as a snapshot would hold it, into {@code fresh}. */
  private static void loadSnapshot(StoreEngine source, long now, StoreEngine fresh) {
    source.forEachEntry(fresh::restoreEntry);
    source.forEachRemembered(now, (key, requestId, result, atMillis) ->
        fresh.replay(new Change.Remembered(key, 0, requestId, result, atMillis)));
    fresh.restoreRevision(source.revision());
  }

  @Test
  void aSnapshotLoadsOnlyIntoAFreshEngine() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    Bytes value = Bytes.wrap(Counters.write(1));
    engine.restoreEntry("a", value, OptionalLong.empty());
    assertThrows(IllegalStateException.class,
        () -> engine.restoreEntry("a", value, OptionalLong.empty()), "a key twice");
    IllegalStateException tooLow =
        assertThrows(IllegalStateException.class, () -> engine.restoreRevision(0));
    assertTrue(tooLow.getMessage().contains("1 entries"), tooLow.getMessage());
    engine.restoreRevision(5);
    assertThrows(IllegalStateException.class, () -> engine.restoreRevision(6), "twice");
    assertThrows(IllegalStateException.class,
        () -> engine.restoreEntry("b", value, OptionalLong.empty()), "after the revision");
    assertThrows(IllegalStateException.class,
        () -> engine.replay(new Change.Removed("a", 5, Change.Cause.DELETED)),
        "the log after a snapshot starts above its revision");
    assertEquals(new Reply.Written(6),
        engine.apply(new Operation.Set("b", value, OptionalLong.empty()), T0).reply());
  }

  /** One random operation (or sweep, or stepped run) on {@code engine}; its changes. */
  private static List<Change> step(StoreEngine engine, Random random, long now, List<Sent> sent) {
    return step(engine, random, now, sent, KEYS);
  }

  /**
   * One random operation (or sweep, or stepped run) on one of {@code keys} keys of {@code
   * engine}; its changes. Shared with the snapshot cursor's property test.
   */
  static List<Change> step(StoreEngine engine, Random random, long now, List<Sent> sent,
      int keys) {
    String key = "k" + random.nextInt(keys);
    int kind = random.nextInt(100);
    if (kind < 14) {
      return engine.apply(new Operation.Set(key, value(random), ttl(random)), now).changes();
    }
    if (kind < 22) {
      return engine.apply(new Operation.Delete(key), now).changes();
    }
    if (kind < 38) {
      Optional<String> id = requestId(random, key, false, sent);
      return engine.apply(new Operation.Increment(key, random.nextInt(5) - 2, ttl(random), id), now)
          .changes();
    }
    if (kind < 46) {
      Optional<String> id = requestId(random, key, true, sent);
      return engine.apply(new Operation.IncrementBounded(key, 1 + random.nextInt(3), 6, ttl(random),
          id), now).changes();
    }
    if (kind < 52) {
      return engine.apply(new Operation.SetIfAbsent(key, value(random), ttl(random)), now)
          .changes();
    }
    if (kind < 58) {
      Optional<Bytes> expected = random.nextInt(4) == 0 ? Optional.empty() : Optional.of(value(random));
      return engine.apply(new Operation.CompareAndSet(key, expected, value(random), ttl(random)),
          now).changes();
    }
    if (kind < 62) {
      return engine.apply(new Operation.GetAndSet(key, value(random), ttl(random)), now).changes();
    }
    if (kind < 65) {
      return engine.apply(new Operation.GetAndDelete(key), now).changes();
    }
    if (kind < 68) {
      return engine.apply(new Operation.DeleteIfEquals(key, value(random)), now).changes();
    }
    if (kind < 73) {
      return engine.apply(new Operation.Expire(key, 1 + random.nextInt(3_000)), now).changes();
    }
    if (kind < 76) {
      return engine.apply(new Operation.Persist(key), now).changes();
    }
    if (kind < 84) {
      return engine.apply(new Operation.Get(key), now).changes(); // may free an expired entry
    }
    if (kind < 86) {
      return stepped(engine, new Operation.DeleteAll("k1*"), now, random);
    }
    if (kind < 87) {
      return stepped(engine, new Operation.Size(), now, random);
    }
    return engine.sweep(now, 1 + random.nextInt(3));
  }

  /** Runs a stepped operation through its steppers, the clock advancing between steps. */
  private static List<Change> stepped(StoreEngine engine, SteppedOperation<?> operation, long now,
      Random random) {
    List<Change> changes = new ArrayList<>();
    Stepper<?> stepper = engine.start(operation);
    long at = now;
    while (true) {
      Result<?> step = stepper.step(at);
      changes.addAll(step.changes());
      if (step.isDone()) {
        return changes;
      }
      at += random.nextInt(3);
    }
  }

  /** No id, a fresh one, or (a retry) an id sent before for this key and kind. */
  private static Optional<String> requestId(Random random, String key, boolean bounded,
      List<Sent> sent) {
    int choice = random.nextInt(3);
    if (choice == 0) {
      return Optional.empty();
    }
    if (choice == 1) {
      for (int i = sent.size() - 1; i >= Math.max(0, sent.size() - 20); i--) {
        Sent earlier = sent.get(i);
        if (earlier.key().equals(key) && earlier.bounded() == bounded) {
          return Optional.of(earlier.requestId());
        }
      }
    }
    String id = "r" + sent.size();
    sent.add(new Sent(key, id, bounded));
    return Optional.of(id);
  }

  private static Operation<? extends Reply> retryOf(Sent request) {
    return request.bounded()
        ? new Operation.IncrementBounded(request.key(), 1, 6, OptionalLong.empty(),
            Optional.of(request.requestId()))
        : new Operation.Increment(request.key(), 1, OptionalLong.empty(),
            Optional.of(request.requestId()));
  }

  /** A small counter (CBOR integer) or, now and then, a text value an increment refuses. */
  private static Bytes value(Random random) {
    if (random.nextInt(8) == 0) {
      return Bytes.wrap(new byte[] {0x61, 0x78}); // CBOR text "x"
    }
    return Bytes.wrap(Counters.write(random.nextInt(4)));
  }

  private static OptionalLong ttl(Random random) {
    return random.nextInt(3) == 0 ? OptionalLong.of(1 + random.nextInt(2_000)) : OptionalLong.empty();
  }

  /** The engine's entries, in key order, as {@code key=value@deadline}. */
  static List<String> entries(StoreEngine engine) {
    List<String> entries = new ArrayList<>();
    engine.forEachEntry((key, value, deadline) -> entries.add(entryText(key, value, deadline)));
    return entries;
  }

  /** One entry as {@code key=value@deadline} (value in hex, deadline or {@code never}). */
  static String entryText(String key, Bytes value, OptionalLong deadline) {
    return key + "=" + HexFormat.of().formatHex(value.unsafeArray()) + "@"
        + (deadline.isPresent() ? Long.toString(deadline.getAsLong()) : "never");
  }

  /** The engine's retry memory at {@code now}, oldest first. */
  static List<String> memory(StoreEngine engine, long now) {
    List<String> memory = new ArrayList<>();
    engine.forEachRemembered(now, (key, requestId, result, atMillis) ->
        memory.add(rememberedText(key, requestId, result, atMillis)));
    return memory;
  }

  /** One remembered result as {@code key/requestId=result@atMillis}. */
  static String rememberedText(String key, String requestId, Reply result, long atMillis) {
    return key + "/" + requestId + "=" + result + "@" + atMillis;
  }

  /**
   * Asserts that {@code actual} holds exactly {@code expected}'s state: revision, entries with
   * values and deadlines, stored entries, estimated bytes, expired entries at {@code now}, and
   * retry memory at {@code now}.
   */
  static void assertSameState(StoreEngine expected, StoreEngine actual, long now, String what) {
    assertEquals(expected.revision(), actual.revision(), what + ": revision");
    assertEquals(entries(expected), entries(actual), what + ": entries");
    assertEquals(expected.storedEntries(), actual.storedEntries(), what + ": stored entries");
    assertEquals(expected.estimatedBytes(), actual.estimatedBytes(), what + ": estimated bytes");
    assertEquals(expected.hasExpired(now), actual.hasExpired(now),
        what + ": expired entries at now");
    assertEquals(memory(expected, now), memory(actual, now), what + ": retry memory");
  }
}
