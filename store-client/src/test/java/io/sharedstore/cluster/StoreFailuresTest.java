package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.internal.Refusal;
import org.junit.jupiter.api.Test;

/** The manager's error texts become the typed exception their refusal code names. */
class StoreFailuresTest {

  @Test
  void aWriteRefusedWhileReadOnlyBecomesAStorePersistenceExceptionThatWasNotApplied() {
    String text = Refusal.READ_ONLY.describe("the store is read-only: a write to the log"
        + " /data/log-1.log failed (No space left on device); this change was not applied");

    StoreException failure = StoreFailures.refused("increment", "counter", text);

    StorePersistenceException e = assertInstanceOf(StorePersistenceException.class, failure);
    assertFalse(e.mayHaveBeenApplied());
    String message = e.getMessage();
    assertTrue(message.contains("/data/log-1.log") && message.contains("No space left on device"),
        message);
    assertTrue(message.contains("nothing was changed"), message);
    assertFalse(message.contains("applied it in memory"), "no contradiction: " + message);
    assertFalse(message.contains("[read-only]"), "the code is not shown: " + message);
  }

  @Test
  void aPersistenceFailureBecomesAStorePersistenceExceptionThatMayHaveBeenApplied() {
    String text = Refusal.PERSISTENCE.describe("the change could not be made durable in"
        + " /data/store.log: No space left on device");

    StoreException failure = StoreFailures.refused("set", "cooldown:42", text);

    StorePersistenceException e = assertInstanceOf(StorePersistenceException.class, failure);
    assertTrue(e.mayHaveBeenApplied());
    assertEquals("set", e.operation());
    assertEquals("cooldown:42", e.key());
    String message = e.getMessage();
    assertTrue(message.contains("/data/store.log") && message.contains("No space left on device"),
        message);
    assertTrue(message.startsWith("set of key [cooldown:42]"), message);
    assertFalse(message.contains("[persistence]"), "the code is not shown: " + message);
  }

  @Test
  void everyOtherCodeKeepsItsException() {
    assertInstanceOf(StoreFullException.class,
        StoreFailures.refused("set", "k", Refusal.FULL.describe("full")));
    assertInstanceOf(StoreTypeException.class,
        StoreFailures.refused("increment", "k", Refusal.TYPE.describe("not an integer")));
    assertInstanceOf(StoreOverflowException.class,
        StoreFailures.refused("increment", "k", Refusal.OVERFLOW.describe("overflow")));
    assertInstanceOf(StoreRejectedException.class,
        StoreFailures.refused("set", "k", Refusal.INVALID.describe("bad key")));
    assertInstanceOf(StoreRejectedException.class,
        StoreFailures.refused("set", "k", "no code at all"));
  }
}
