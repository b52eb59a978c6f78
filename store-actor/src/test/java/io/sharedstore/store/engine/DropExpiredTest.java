package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link StoreEngine#dropExpired}: the load's clean-up frees what expired and records nothing. */
class DropExpiredTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 2, 1000, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;
  private static final Bytes V = Bytes.wrap(Counters.write(1));

  @Test
  void freesEveryExpiredEntryCountsThemAndRecordsNoChange() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    for (int i = 0; i < 5; i++) { // more than one sweep batch (2)
      engine.replay(new Change.Written("gone" + i, i + 1, V, OptionalLong.of(T0 - 1 - i)));
    }
    engine.replay(new Change.Written("due", 6, V, OptionalLong.of(T0)));
    engine.replay(new Change.Written("later", 7, V, OptionalLong.of(T0 + 1)));
    engine.replay(new Change.Written("kept", 8, V, OptionalLong.empty()));

    assertEquals(6, engine.dropExpired(T0), "5 past their deadline, 1 at it");
    assertEquals(8, engine.revision(), "takes no revision");
    assertEquals(List.of("kept=01@never", "later=01@" + (T0 + 1)), EngineReplayTest.entries(engine));
    assertFalse(engine.hasExpired(T0));
    assertEquals(StoreEngine.estimate("kept", V.unsafeArray(), false)
        + StoreEngine.estimate("later", V.unsafeArray(), true), engine.estimatedBytes());
    assertEquals(List.of(), engine.apply(new Operation.Get("gone0"), T0).changes(),
        "nothing left to free, nothing recorded");
    assertEquals(List.of(), engine.sweep(T0, 100), "no change pending from the drop");
    assertEquals(List.of(new Change.Written("n", 9, V, OptionalLong.empty())),
        engine.apply(new Operation.Set("n", V, OptionalLong.empty()), T0).changes(),
        "the next change takes the next revision");
    assertEquals(0, engine.dropExpired(T0));
  }
}
