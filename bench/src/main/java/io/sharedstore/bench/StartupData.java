package io.sharedstore.bench;

import java.util.SplittableRandom;

/**
 * The data {@code startup-run} stores in both stores: keys {@code startup:0} to {@code
 * startup:N-1}, each with {@code valueSize} random bytes from a generator seeded by the key's
 * index, so that the manager and Redis get exactly the same bytes, in any order of calls.
 */
final class StartupData {

  /** The generator's seed: fixed, so every run stores the same values. */
  static final long SEED = 20261201L;
  private static final String PREFIX = "startup:";

  private final int keys;
  private final int valueSize;

  StartupData(int keys, int valueSize) {
    this.keys = keys;
    this.valueSize = valueSize;
  }

  int keys() {
    return keys;
  }

  int valueSize() {
    return valueSize;
  }

  static String key(int index) {
    return PREFIX + index;
  }

  /** The key the restarted store is asked for: the last one written. */
  String knownKey() {
    return key(keys - 1);
  }

  /** The value of key {@code index}: the same bytes on every call and in every run. */
  byte[] value(int index) {
    byte[] value = new byte[valueSize];
    new SplittableRandom(SEED + index * 0x9E3779B97F4A7C15L).nextBytes(value);
    return value;
  }

  /** The value of {@link #knownKey()}. */
  byte[] knownValue() {
    return value(keys - 1);
  }
}
