package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The snapshot cursor's rules one at a time: one open at a time, what closing does, the
 * pre-images it holds and releases, the retry memory it copies, and expired entries.
 */
class SnapshotCursorTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 100, 1000, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;

  private final StoreEngine engine = new StoreEngine(SETTINGS);
  private final List<String> emitted = new ArrayList<>();

  private void set(String key, int value) {
    engine.apply(new Operation.Set(key, counter(value), OptionalLong.empty()), T0);
  }

  private void delete(String key) {
    engine.apply(new Operation.Delete(key), T0);
  }

  private static Bytes counter(int value) {
    return Bytes.wrap(Counters.write(value));
  }

  private boolean step(SnapshotCursor cursor, int maxEntries) {
    return cursor.step(maxEntries, (key, value, deadline) ->
        emitted.add(EngineReplayTest.entryText(key, value, deadline)));
  }

  @Test
  void aSecondOpenIsRefusedUntilTheFirstIsClosedOrDone() {
    set("a", 1);
    SnapshotCursor first = engine.openSnapshot(T0);
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> engine.openSnapshot(T0));
    assertTrue(refused.getMessage().contains("open already"), refused.getMessage());
    first.close();
    first.close(); // idempotent

    SnapshotCursor second = engine.openSnapshot(T0);
    assertFalse(step(second, 10), "one entry: the first step is the last");
    assertEquals(List.of("a=01@never"), emitted);
    engine.openSnapshot(T0).close(); // a done cursor closed itself
  }

  @Test
  void closeStopsRecordingAndReleasesThePreImages() {
    for (String key : List.of("a", "b", "c", "d", "e")) {
      set(key, 1);
    }
    SnapshotCursor cursor = engine.openSnapshot(T0);
    assertTrue(step(cursor, 2));
    set("c", 2);
    set("d", 2);
    assertEquals(2, cursor.preImages());

    cursor.close();
    assertEquals(0, cursor.preImages(), "close drops the pre-images");
    set("e", 2);
    delete("c");
    assertEquals(0, cursor.preImages(), "a closed cursor records nothing");
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> step(cursor, 1));
    assertTrue(closed.getMessage().contains("closed before it was done"), closed.getMessage());
    assertEquals(List.of("a=01@never", "b=01@never"), emitted);
  }

  @Test
  void preImagesAreKeptOncePerKeyAheadOfTheCursorAndDropToZeroAsItPasses() {
    for (int i = 0; i < 10; i++) {
      set("k" + i, i);
    }
    List<String> atOpen = EngineReplayTest.entries(engine);
    SnapshotCursor cursor = engine.openSnapshot(T0);
    assertEquals(0, cursor.preImages(), "nothing changed yet");
    for (int i = 0; i < 10; i++) {
      set("k" + i, 20 + i);
    }
    assertEquals(10, cursor.preImages(), "one per key changed");
    set("k45", 1); // created after the opening: an absent pre-image
    delete("k3");
    set("k3", 7);
    set("k0", 9);
    assertEquals(11, cursor.preImages(), "one per distinct key, however often it changes");

    assertTrue(step(cursor, 3)); // k0 k1 k2
    assertEquals(8, cursor.preImages());
    set("k1", 5); // passed: the cursor has emitted it, nothing to keep
    assertEquals(8, cursor.preImages());
    assertTrue(step(cursor, 3)); // k3 k4 k45 (examined, skipped: absent at the opening)
    assertEquals(5, cursor.preImages());
    assertEquals(5, emitted.size(), "a key created after the opening is not emitted");
    while (step(cursor, 2)) {
      assertTrue(cursor.preImages() > 0);
    }
    assertEquals(0, cursor.preImages());
    assertEquals(atOpen, emitted, "the values at the opening, not the ones written after");
  }

  @Test
  void aKeyDeletedAfterTheOpeningIsEmittedAndOneCreatedIsNot() {
    set("b", 1);
    set("d", 1);
    SnapshotCursor cursor = engine.openSnapshot(T0);
    delete("b");
    set("a", 2);
    set("c", 2);
    set("e", 2);
    while (step(cursor, 1)) {
      set("z" + emitted.size(), 3);
    }
    assertEquals(List.of("b=01@never", "d=01@never"), emitted);
    assertEquals(0, cursor.preImages());
  }

  @Test
  void theRevisionAndTheRetryMemoryAreThoseOfTheOpening() {
    Operation.Increment first =
        new Operation.Increment("n", 1, OptionalLong.empty(), Optional.of("r1"));
    engine.apply(first, T0);
    SnapshotCursor cursor = engine.openSnapshot(T0 + 1);
    engine.apply(new Operation.Increment("n", 1, OptionalLong.empty(), Optional.of("r2")), T0 + 2);
    assertEquals(1, cursor.revision());
    assertEquals(2, engine.revision());
    List<String> memory = new ArrayList<>();
    cursor.forEachRemembered((key, requestId, result, atMillis) ->
        memory.add(EngineReplayTest.rememberedText(key, requestId, result, atMillis)));
    assertEquals(List.of(EngineReplayTest.rememberedText("n", "r1", new Reply.Counter(1, 1), T0)),
        memory, "copied at the opening: r2 came after");
    assertFalse(step(cursor, 5));
    assertEquals(List.of("n=01@never"), emitted);
  }

  @Test
  void anExpiredEntryIsEmittedWithItsDeadline() {
    engine.apply(new Operation.Set("t", counter(1), OptionalLong.of(10)), T0);
    SnapshotCursor cursor = engine.openSnapshot(T0 + 20);
    assertEquals(1, engine.dropExpired(T0 + 20), "freed under the cursor");
    assertEquals(1, cursor.preImages());
    assertFalse(step(cursor, 5));
    assertEquals(List.of("t=01@" + (T0 + 10)), emitted, "the load drops it, not the cursor");
  }

  @Test
  void aStepExaminesAtLeastOneKey() {
    SnapshotCursor cursor = engine.openSnapshot(T0);
    assertThrows(IllegalArgumentException.class, () -> step(cursor, 0));
    assertFalse(step(cursor, 1), "an empty engine: done at once");
  }
}
