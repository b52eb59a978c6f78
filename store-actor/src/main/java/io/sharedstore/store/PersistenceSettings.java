package io.sharedstore.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how the manager keeps its data on disk, read from the {@code
 * shared-store.persistence} block (defaults in this module's {@code reference.conf}).
 *
 * @param dir the data directory; empty: in memory only, nothing is written
 * @param fsync when the log is fsynced
 * @param onCorruption what a start does with a bad record before the log's end
 * @param rewriteMinSize the logs are rewritten into a new snapshot only once they hold at least
 *     this many bytes (Redis's {@code auto-aof-rewrite-min-size})
 * @param rewritePercentage and only once they hold at least this percentage of the last
 *     snapshot's size; 0: never automatically (Redis's {@code auto-aof-rewrite-percentage})
 */
public record PersistenceSettings(Optional<Path> dir, Fsync fsync, OnCorruption onCorruption,
    long rewriteMinSize, int rewritePercentage) {

  /** The default {@link #rewriteMinSize}: 64 MiB. */
  public static final long DEFAULT_REWRITE_MIN_SIZE = 64L << 20;

  /** The default {@link #rewritePercentage}: 100. */
  public static final int DEFAULT_REWRITE_PERCENTAGE = 100;

  /** In memory only: the default. */
  public static final PersistenceSettings IN_MEMORY =
      new PersistenceSettings(Optional.empty(), Fsync.EVERYSEC, OnCorruption.REFUSE,
          DEFAULT_REWRITE_MIN_SIZE, DEFAULT_REWRITE_PERCENTAGE);

  /** When the log is fsynced (Redis's {@code appendfsync}). */
  public enum Fsync {
    /** Before every reply: a crash loses no acknowledged change. */
    ALWAYS,
    /** Once a second in the background: a crash of the machine loses at most about a second. */
    EVERYSEC,
    /** Only when the store stops: the OS decides when the data reaches the disk. */
    NO
  }

  /** What a start does with a bad record (checksum, length) before the log's end. */
  public enum OnCorruption {
    /** Refuse to start, naming the file and the offset. */
    REFUSE,
    /** Keep every record before the bad one, drop the rest, and warn. */
    TRUNCATE
  }

  /**
   * Checks the settings.
   *
   * @param dir the data directory, or empty
   * @param fsync when the log is fsynced
   * @param onCorruption what a start does with a bad record
   * @param rewriteMinSize the least log bytes that start a rewrite
   * @param rewritePercentage the least log bytes, in percent of the last snapshot, that start
   *     a rewrite (0: never automatically)
   * @throws NullPointerException if a parameter is null
   * @throws IllegalArgumentException if {@code rewriteMinSize} or {@code rewritePercentage} is
   *     negative
   */
  public PersistenceSettings {
    if (dir == null || fsync == null || onCorruption == null) {
      throw new NullPointerException("dir, fsync and on-corruption must not be null");
    }
    if (rewriteMinSize < 0 || rewritePercentage < 0) {
      throw new IllegalArgumentException("rewrite-min-size and rewrite-percentage must not be"
          + " negative: " + rewriteMinSize + ", " + rewritePercentage);
    }
  }

  /**
   * Keeps the data in {@code dir} with the given settings.
   *
   * @param dir the data directory
   * @param fsync when the log is fsynced
   * @param onCorruption what a start does with a bad record
   * @return the settings
   */
  public static PersistenceSettings in(Path dir, Fsync fsync, OnCorruption onCorruption) {
    return new PersistenceSettings(Optional.of(dir), fsync, onCorruption,
        DEFAULT_REWRITE_MIN_SIZE, DEFAULT_REWRITE_PERCENTAGE);
  }

  /**
   * These settings with other rewrite thresholds.
   *
   * @param minSize the least log bytes that start a rewrite
   * @param percentage the least log bytes, in percent of the last snapshot (0: never
   *     automatically)
   * @return the settings
   */
  public PersistenceSettings withRewrite(long minSize, int percentage) {
    return new PersistenceSettings(dir, fsync, onCorruption, minSize, percentage);
  }

  /**
   * Whether logs of {@code logBytes} are due to be rewritten after a snapshot of {@code
   * snapshotBytes}: both thresholds reached (never with a percentage of 0).
   *
   * @param logBytes the bytes of every log since the snapshot
   * @param snapshotBytes the snapshot's size (0: none yet)
   * @return true if a rewrite is due
   */
  public boolean rewriteDue(long logBytes, long snapshotBytes) {
    return rewritePercentage > 0 && logBytes >= rewriteMinSize
        && logBytes >= snapshotBytes * rewritePercentage / 100;
  }

  /**
   * Whether the data is kept on disk.
   *
   * @return true if a data directory is set
   */
  public boolean enabled() {
    return dir.isPresent();
  }

  /**
   * Reads the settings from a full config.
   *
   * @param config the full config (e.g. {@link LibraryConfig#load()})
   * @return the settings
   * @throws ConfigException if a setting is missing or not one of its values
   */
  public static PersistenceSettings create(Config config) {
    Config c = config.getConfig("shared-store.persistence");
    String dir = c.getString("dir").trim();
    return new PersistenceSettings(
        dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)),
        choice(c, "fsync", Fsync.class),
        choice(c, "on-corruption", OnCorruption.class),
        c.getBytes("rewrite-min-size"),
        c.getInt("rewrite-percentage"));
  }

  private static <E extends Enum<E>> E choice(Config c, String key, Class<E> type) {
    String text = c.getString(key).trim();
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E value : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : " | ").append(value.name().toLowerCase(Locale.ROOT));
      }
      throw new ConfigException.BadValue(
          c.origin(), key, "must be " + allowed + ", was " + text);
    }
  }
}
