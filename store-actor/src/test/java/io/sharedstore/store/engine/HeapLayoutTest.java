package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A value's heap: its length, or whole G1 regions when it is humongous. */
class HeapLayoutTest {

  @Test
  void smallValuesCountTheirLengthAndHumongousOnesWholeRegions() {
    assertEquals(100, HeapLayout.valueBytes(100));
    long region = HeapLayout.G1_REGION_SIZE;
    if (region == 0) {
      assertEquals(700_000, HeapLayout.valueBytes(700_000)); // not G1: lengths only
      return;
    }
    int justBelowHalf = (int) (region / 2 - 17);
    assertEquals(justBelowHalf, HeapLayout.valueBytes(justBelowHalf));
    assertEquals(region - 16, HeapLayout.valueBytes((int) (region / 2 - 16)));
    assertEquals(2 * region - 16, HeapLayout.valueBytes((int) region));
    assertTrue(EntryTable.estimate("k", new byte[(int) region / 2], false) > region);
  }
}
