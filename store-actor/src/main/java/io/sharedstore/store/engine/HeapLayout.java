package io.sharedstore.store.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much heap a stored value's array really takes. Usually its length (the array header is in
 * {@link EntryTable#ENTRY_OVERHEAD}), but with the G1 collector an array of half a region or more
 * is "humongous": it gets whole regions to itself, so a 700 KB value takes 1 MB with 1 MB regions
 * (heaps under 2 GB). Counting that keeps {@code max-memory} honest for large values.
 */
final class HeapLayout {

  private static final long ARRAY_HEADER = 16;

  /** G1's region size in bytes, or 0 if this JVM does not use G1 (or does not say). */
  static final long G1_REGION_SIZE = g1RegionSize();

  private HeapLayout() {}

  /** The heap a value of {@code length} bytes takes beyond its array header. */
  static long valueBytes(int length) {
    long array = ARRAY_HEADER + length;
    if (G1_REGION_SIZE > 0 && array >= G1_REGION_SIZE / 2) {
      return (array + G1_REGION_SIZE - 1) / G1_REGION_SIZE * G1_REGION_SIZE - ARRAY_HEADER;
    }
    return length;
  }

  private static long g1RegionSize() {
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotspot == null || !Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue())) {
        return 0;
      }
      return Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
    } catch (RuntimeException e) {
      return 0; // not HotSpot, or no such option: count arrays by their length
    }
  }
}
