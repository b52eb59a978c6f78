package io.sharedstore.store.engine;

import static io.sharedstore.store.engine.EngineReplayTest.assertSameState;
import static io.sharedstore.store.engine.EngineReplayTest.entries;
import static io.sharedstore.store.engine.EngineReplayTest.entryText;
import static io.sharedstore.store.engine.EngineReplayTest.memory;
import static io.sharedstore.store.engine.EngineReplayTest.rememberedText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The snapshot cursor, as a property: random operations (those of {@link EngineReplayTest}:
 * sets, deletes, increments with request ids, TTLs, sweeps, expiries by a moving clock, deleteAll
 * steps) on an engine, a cursor opened half-way and stepped in random sizes between them. What
 * the cursor emitted, with its retry memory and revision, is exactly the engine's state at the
 * opening; and that, loaded into a fresh engine with the changes after the opening replayed, is
 * exactly the engine's final state. Fixed seeds; every message names its seed.
 */
class SnapshotCursorPropertyTest {

  /** More keys than the replay test, so the cursor walks a while among the changes. */
  private static final int KEYS = 300;
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 3, 4, 64, 1024, Duration.ofMillis(2_000), 6)
          .withLimits(10_000, Long.MAX_VALUE);
  private static final long T0 = 1_700_000_000_000L;

  /** One entry the cursor emitted, kept to load it into a fresh engine. */
  private record Emitted(String key, Bytes value, OptionalLong deadline) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261201, 987654321, 5, 77})
  void theCursorEmitsTheStateAtItsOpeningWhileTheEngineChanges(long seed) {
    System.out.println("SnapshotCursorPropertyTest seed " + seed);
    String seedText = "seed " + seed;
    Random random = new Random(seed);
    StoreEngine engine = new StoreEngine(SETTINGS);
    List<EngineReplayTest.Sent> sent = new ArrayList<>();
    long now = T0;
    int warmUp = 1_000 + random.nextInt(2_000);
    for (int i = 0; i < warmUp; i++) {
      now = tick(now, random);
      EngineReplayTest.step(engine, random, now, sent, KEYS);
    }

    // The state at the opening, read whole here for the comparison only.
    List<String> atOpen = entries(engine);
    List<String> memoryAtOpen = memory(engine, now);
    long revisionAtOpen = engine.revision();
    SnapshotCursor cursor = engine.openSnapshot(now);

    List<Emitted> emitted = new ArrayList<>();
    List<Change> after = new ArrayList<>();
    int steps = 0;
    int operationsDuring = 0;
    long mostPreImages = 0;
    boolean more = true;
    while (more) {
      if (random.nextInt(10) < 7) {
        for (int n = 1 + random.nextInt(10); n > 0; n--) {
          now = tick(now, random);
          after.addAll(EngineReplayTest.step(engine, random, now, sent, KEYS));
          operationsDuring++;
        }
        mostPreImages = Math.max(mostPreImages, cursor.preImages());
      } else {
        int before = emitted.size();
        int max = 1 + random.nextInt(random.nextInt(10) == 0 ? 30 : 6);
        more = cursor.step(max, (key, value, deadline) ->
            emitted.add(new Emitted(key, value, deadline)));
        assertTrue(emitted.size() - before <= max, seedText + ": a step emits at most its max");
        steps++;
      }
    }
    for (int i = 0; i < 200; i++) {
      now = tick(now, random);
      after.addAll(EngineReplayTest.step(engine, random, now, sent, KEYS));
    }
    System.out.println("  " + atOpen.size() + " entries at the opening, " + steps + " steps, "
        + operationsDuring + " operations during them, at most " + mostPreImages + " pre-images");
    assertTrue(steps > 5 && operationsDuring > 20 && mostPreImages > 10,
        seedText + ": the run interleaves (" + steps + " steps, " + operationsDuring
            + " operations, at most " + mostPreImages + " pre-images)");
    assertEquals(0, cursor.preImages(), seedText + ": a done cursor holds no pre-image");
    assertFalse(cursor.step(1, (key, value, deadline) -> emitted.add(null)),
        seedText + ": a done cursor stays done");

    assertEquals(revisionAtOpen, cursor.revision(), seedText + ": revision");
    assertEquals(atOpen, emitted.stream().map(e -> entryText(e.key(), e.value(), e.deadline()))
        .toList(), seedText + ": the entries emitted are the state at the opening");
    List<String> cursorMemory = new ArrayList<>();
    cursor.forEachRemembered((key, requestId, result, atMillis) ->
        cursorMemory.add(rememberedText(key, requestId, result, atMillis)));
    assertEquals(memoryAtOpen, cursorMemory, seedText + ": retry memory at the opening");

    StoreEngine loaded = new StoreEngine(SETTINGS);
    emitted.forEach(e -> loaded.restoreEntry(e.key(), e.value(), e.deadline()));
    cursor.forEachRemembered((key, requestId, result, atMillis) ->
        loaded.replay(new Change.Remembered(key, 0, requestId, result, atMillis)));
    loaded.restoreRevision(cursor.revision());
    loaded.replay(after);
    assertSameState(engine, loaded, now, seedText + ": cursor + changes after it");
  }

  /** The clock moves on a little, now and then by more than a TTL (entries expire). */
  private static long tick(long now, Random random) {
    return now + (random.nextInt(40) == 0 ? 500 + random.nextInt(3_000) : random.nextInt(60));
  }
}
