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
 */
public record PersistenceSettings(Optional<Path> dir, Fsync fsync, OnCorruption onCorruption) {

  /** In memory only: the default. */
  public static final PersistenceSettings IN_MEMORY =
      new PersistenceSettings(Optional.empty(), Fsync.EVERYSEC, OnCorruption.REFUSE);

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
   * @throws NullPointerException if a parameter is null
   */
  public PersistenceSettings {
    if (dir == null || fsync == null || onCorruption == null) {
      throw new NullPointerException("dir, fsync and on-corruption must not be null");
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
    return new PersistenceSettings(Optional.of(dir), fsync, onCorruption);
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
        choice(c, "on-corruption", OnCorruption.class));
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
