package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntryTableTest {

  private final EntryTable table = new EntryTable((entry, cause) -> {});

  @Test
  void sweepFreesEarliestDeadlinesFirstAndAtMostTheLimit() {
    table.put("late", new byte[0], 300);
    table.put("early", new byte[0], 100);
    table.put("middle", new byte[0], 200);
    table.put("never", new byte[0], Entry.NEVER);

    assertEquals(2, table.sweep(1_000, 2));
    assertNull(table.live("early", 0));
    assertNull(table.live("middle", 0));
    assertNotNull(table.live("late", 0));
    assertTrue(table.hasExpired(1_000));
    assertEquals(1, table.sweep(1_000, 2));
    assertFalse(table.hasExpired(1_000));
    assertEquals(1, table.storedEntries());
  }

  @Test
  void sweepLeavesEntriesThatHaveNotExpired() {
    table.put("a", new byte[0], 100);
    assertEquals(0, table.sweep(99, 10));
    assertEquals(1, table.sweep(100, 10));
  }

  @Test
  void anOverwriteLeavesNoStaleDeadlineInTheIndex() {
    table.put("k", new byte[0], 100);
    table.put("k", new byte[0], 500);
    table.put("k", new byte[0], Entry.NEVER);
    assertEquals(0, table.entriesWithTtl());
    assertEquals(0, table.sweep(Long.MAX_VALUE - 1, 10));
    assertEquals(1, table.storedEntries());
  }

  @Test
  void anExpiredEntryIsFreedWhenRead() {
    table.put("k", new byte[0], 100);
    assertNull(table.live("k", 100));
    assertEquals(0, table.storedEntries());
    assertEquals(0, table.entriesWithTtl());
  }

  @Test
  void deleteAnswersWhetherTheEntryWasLive() {
    table.put("live", new byte[0], 100);
    table.put("expired", new byte[0], 50);
    assertTrue(table.delete("live", 60));
    assertFalse(table.delete("expired", 60));
    assertFalse(table.delete("missing", 60));
    assertEquals(0, table.storedEntries());
  }

  @Test
  void theByteEstimateFollowsEveryChangeAndMatchesTheMeasuredCalibration() {
    // bench MemoryPerEntry measured 248 B (no TTL) and 288 B (TTL) for this key and value size.
    assertEquals(250, EntryTable.estimate("key:0000000", new byte[100], false));
    assertEquals(290, EntryTable.estimate("key:0000000", new byte[100], true));

    table.put("a", new byte[10], Entry.NEVER);
    table.put("b", new byte[20], 100);
    assertEquals(128 + 2 + 10 + 128 + 2 + 20 + 40, table.estimatedBytes());
    table.put("a", new byte[5], 200); // overwrite: smaller value, now with a TTL
    assertEquals(128 + 2 + 5 + 40 + 128 + 2 + 20 + 40, table.estimatedBytes());
    assertEquals(1, table.sweep(150, 10)); // frees b
    assertEquals(128 + 2 + 5 + 40, table.estimatedBytes());
    assertTrue(table.delete("a", 0));
    assertEquals(0, table.estimatedBytes());
    table.put("c", new byte[1], 100);
    assertNull(table.live("c", 100)); // a read frees an expired entry
    assertEquals(0, table.estimatedBytes());
  }
}
