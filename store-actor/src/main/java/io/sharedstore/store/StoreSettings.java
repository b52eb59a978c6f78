package io.sharedstore.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The store's settings, read once from the {@code shared-store} block (defaults in this module's
 * {@code reference.conf}).
 *
 * @param cleanupInterval how often the manager sweeps expired entries
 * @param sweepBatch at most this many expired entries are freed per message, so a sweep never
 *     stalls the actor; the rest follow in later messages
 * @param scanBatch at most this many keys are examined per message by scans and pattern deletes
 * @param maxKeyLength the longest key accepted, in UTF-8 bytes
 * @param maxValueSize the largest serialized value accepted, in bytes; also the budget of a
 *     batch (keys plus values) and of a scan page
 * @param retryWindow how long the result of an increment is remembered by its request id
 * @param retryCapacity at most this many results are remembered
 * @param maxEntries at most this many keys are stored; a write that would add one more is refused
 * @param maxMemory at most about this many bytes of entries are stored, by the estimate of {@code
 *     EntryTable.estimate}; a write that would grow the estimate past it is refused
 * @param watch the bounds of the change history watches resume from ({@code shared-store.watch})
 */
public record StoreSettings(
    Duration cleanupInterval,
    int sweepBatch,
    int scanBatch,
    int maxKeyLength,
    int maxValueSize,
    Duration retryWindow,
    int retryCapacity,
    long maxEntries,
    long maxMemory,
    WatchSettings watch) {

  /** Room in an Artery frame for everything but the value and the key: paths, manifests, CBOR. */
  static final int FRAME_OVERHEAD = 16 * 1024;

  /**
   * Checks the settings.
   *
   * @param cleanupInterval how often the manager sweeps expired entries, positive
   * @param sweepBatch the most expired entries freed per message, at least 1
   * @param scanBatch the most keys examined per message by scans and pattern deletes, at least 1
   * @param maxKeyLength the longest key accepted, in UTF-8 bytes, positive
   * @param maxValueSize the largest serialized value accepted, in bytes, positive
   * @param retryWindow how long an increment's result is remembered, not negative
   * @param retryCapacity the most results remembered, not negative
   * @param maxEntries the most keys stored, positive
   * @param maxMemory the most estimated bytes of entries stored, positive
   * @param watch the change history's bounds
   * @throws IllegalArgumentException if a setting is out of its range
   * @throws NullPointerException if {@code cleanupInterval}, {@code retryWindow} or {@code watch}
   *     is null
   */
  public StoreSettings {
    Objects.requireNonNull(watch, "watch");
    if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
      throw new IllegalArgumentException("cleanup-interval must be positive");
    }
    if (sweepBatch < 1 || scanBatch < 1) {
      throw new IllegalArgumentException("sweep-batch and scan-batch must be at least 1");
    }
    if (retryWindow.isNegative() || retryCapacity < 0) {
      throw new IllegalArgumentException("retry-window and retry-capacity must not be negative");
    }
    if (maxKeyLength < 1 || maxValueSize < 1) {
      throw new IllegalArgumentException("max-key-length and max-value-size must be positive");
    }
    if (maxEntries < 1 || maxMemory < 1) {
      throw new IllegalArgumentException("max-entries and max-memory must be positive");
    }
  }

  /**
   * Settings without a bound on entries or memory (tests that are not about the bound).
   *
   * @param cleanupInterval how often the manager sweeps expired entries, positive
   * @param sweepBatch the most expired entries freed per message, at least 1
   * @param scanBatch the most keys examined per message by scans and pattern deletes, at least 1
   * @param maxKeyLength the longest key accepted, in UTF-8 bytes, positive
   * @param maxValueSize the largest serialized value accepted, in bytes, positive
   * @param retryWindow how long an increment's result is remembered, not negative
   * @param retryCapacity the most results remembered, not negative
   * @throws IllegalArgumentException if a setting is out of its range
   */
  public StoreSettings(
      Duration cleanupInterval,
      int sweepBatch,
      int scanBatch,
      int maxKeyLength,
      int maxValueSize,
      Duration retryWindow,
      int retryCapacity) {
    this(cleanupInterval, sweepBatch, scanBatch, maxKeyLength, maxValueSize, retryWindow,
        retryCapacity, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * Settings with the default watch bounds ({@link WatchSettings#DEFAULTS}).
   *
   * @param cleanupInterval how often the manager sweeps expired entries, positive
   * @param sweepBatch the most expired entries freed per message, at least 1
   * @param scanBatch the most keys examined per message by scans and pattern deletes, at least 1
   * @param maxKeyLength the longest key accepted, in UTF-8 bytes, positive
   * @param maxValueSize the largest serialized value accepted, in bytes, positive
   * @param retryWindow how long an increment's result is remembered, not negative
   * @param retryCapacity the most results remembered, not negative
   * @param maxEntries the most keys stored, positive
   * @param maxMemory the most estimated bytes of entries stored, positive
   * @throws IllegalArgumentException if a setting is out of its range
   */
  public StoreSettings(
      Duration cleanupInterval,
      int sweepBatch,
      int scanBatch,
      int maxKeyLength,
      int maxValueSize,
      Duration retryWindow,
      int retryCapacity,
      long maxEntries,
      long maxMemory) {
    this(cleanupInterval, sweepBatch, scanBatch, maxKeyLength, maxValueSize, retryWindow,
        retryCapacity, maxEntries, maxMemory, WatchSettings.DEFAULTS);
  }

  /**
   * These settings with other bounds on entries and memory.
   *
   * @param maxEntries the most keys stored, positive
   * @param maxMemory the most estimated bytes of entries stored, positive
   * @return a copy with these bounds
   * @throws IllegalArgumentException if a bound is not positive
   */
  public StoreSettings withLimits(long maxEntries, long maxMemory) {
    return new StoreSettings(cleanupInterval, sweepBatch, scanBatch, maxKeyLength, maxValueSize,
        retryWindow, retryCapacity, maxEntries, maxMemory, watch);
  }

  /**
   * These settings with other watch bounds.
   *
   * @param watch the change history's bounds
   * @return a copy with these bounds
   */
  public StoreSettings withWatch(WatchSettings watch) {
    return new StoreSettings(cleanupInterval, sweepBatch, scanBatch, maxKeyLength, maxValueSize,
        retryWindow, retryCapacity, maxEntries, maxMemory, watch);
  }

  /**
   * Reads {@code max-memory}: a size ({@code 512 MiB}) or a percentage of the JVM's maximum heap
   * ({@code 70%}, of {@code Runtime.maxMemory()}).
   */
  static long memoryBound(Config sharedStore, long maxHeap) {
    String key = "max-memory";
    String text = sharedStore.getString(key).trim();
    if (!text.endsWith("%")) {
      return sharedStore.getBytes(key);
    }
    double percent;
    try {
      percent = Double.parseDouble(text.substring(0, text.length() - 1).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException.BadValue(
          sharedStore.origin(), key, "must be a size or a percentage of the heap, was " + text);
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new ConfigException.BadValue(
          sharedStore.origin(), key, "percentage must be in (0, 100], was " + text);
    }
    return (long) (maxHeap * (percent / 100));
  }

  /**
   * Reads the settings from a full config (the {@code shared-store} block and Pekko's own), and
   * checks that an Artery frame can carry the largest key and value allowed: Artery drops an
   * oversized message with only a log line, so a mismatch is refused here, at start.
   *
   * @param config the full config (e.g. {@link LibraryConfig#load()})
   * @return the settings
   * @throws com.typesafe.config.ConfigException if a setting is missing or malformed, or the
   *     frame size is too small for {@code max-value-size} and {@code max-key-length}
   * @throws IllegalArgumentException if a setting is out of its range
   * @throws ArithmeticException if {@code max-value-size} passes the int range
   */
  public static StoreSettings create(Config config) {
    Config c = config.getConfig("shared-store");
    StoreSettings settings =
        new StoreSettings(
            c.getDuration("cleanup-interval"),
            c.getInt("sweep-batch"),
            c.getInt("scan-batch"),
            c.getInt("max-key-length"),
            Math.toIntExact(c.getBytes("max-value-size")),
            c.getDuration("retry-window"),
            c.getInt("retry-capacity"),
            c.getLong("max-entries"),
            memoryBound(c, Runtime.getRuntime().maxMemory()),
            WatchSettings.create(c.getConfig("watch")));
    long frame = config.getBytes("pekko.remote.artery.advanced.maximum-frame-size");
    long needed = settings.maxFrameContent();
    if (frame < needed) {
      throw new ConfigException.BadValue(
          "pekko.remote.artery.advanced.maximum-frame-size",
          "is "
              + frame
              + " bytes but must be at least "
              + needed
              + " (shared-store.max-value-size + max-key-length + "
              + FRAME_OVERHEAD
              + " bytes), or large values would be dropped on the wire");
    }
    return settings;
  }

  /**
   * The largest message the store protocol sends or receives, in bytes.
   *
   * @return {@code max-value-size} plus {@code max-key-length} plus a fixed 16 KiB for paths,
   *     manifests and CBOR
   */
  public long maxFrameContent() {
    return (long) maxValueSize + maxKeyLength + FRAME_OVERHEAD;
  }
}
