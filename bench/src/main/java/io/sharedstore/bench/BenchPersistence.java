package io.sharedstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bench --data-dir DIR --fsync SETTING}: the manager the bench starts keeps its data in a
 * fresh temporary directory under {@code dataDir} per configuration (deleted after it), fsyncing
 * as {@code fsync} says; with {@code --compare-redis}, Redis runs with {@code --appendonly yes
 * --appendfsync} the same setting in a temporary directory there too.
 *
 * @param dataDir a missing or empty directory the bench may write in
 * @param fsync the manager's {@code shared-store.persistence.fsync} and Redis's {@code
 *     appendfsync}
 */
record BenchPersistence(Path dataDir, Fsync fsync) {

  /** The fsync settings both stores know by the same names. */
  enum Fsync {
    ALWAYS,
    EVERYSEC,
    NO;

    /** The flag's and both stores' spelling: {@code always}, {@code everysec}, {@code no}. */
    String flagName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code --fsync}.
     *
     * @throws IllegalArgumentException naming the settings
     */
    static Fsync parse(String text) {
      for (Fsync fsync : values()) {
        if (fsync.flagName().equals(text.trim())) {
          return fsync;
        }
      }
      throw new IllegalArgumentException(
          "--fsync must be always, everysec or no, was " + text);
    }
  }

  /**
   * Checks {@code dir}: a directory that is empty, or missing with a writable directory above it.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static BenchPersistence of(Path dir, Fsync fsync) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new IllegalArgumentException(
            "--data-dir " + dir + " is not a directory; give an empty or missing directory");
      }
      if (!isEmpty(absolute)) {
        throw new IllegalArgumentException("--data-dir " + dir
            + " is not empty; give an empty or missing directory (the bench writes and deletes"
            + " its own temporary directories in it)");
      }
      if (!Files.isWritable(absolute)) {
        throw new IllegalArgumentException("--data-dir " + dir + " is not writable");
      }
    } else {
      Path parent = absolute.getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new IllegalArgumentException("--data-dir " + dir + " is missing and cannot be"
            + " created: " + (parent == null ? "no existing parent" : parent + " is not a"
            + " writable directory"));
      }
    }
    return new BenchPersistence(absolute, fsync);
  }

  /** For the report: {@code fsync=always, data under DIR}. */
  String describe() {
    return "fsync=" + fsync.flagName() + ", data under " + dataDir;
  }

  /** The manager's JVM options that turn its persistence on in {@code dir}. */
  List<String> managerJvmOptions(Path dir) {
    return List.of("-Dshared-store.persistence.dir=" + dir,
        "-Dshared-store.persistence.fsync=" + fsync.flagName());
  }

  /** redis-server's flags that turn its AOF on in {@code dir}, in place of {@code --appendonly no}. */
  List<String> redisFlags(Path dir) {
    return List.of("--appendonly", "yes", "--appendfsync", fsync.flagName(),
        "--dir", dir.toString());
  }

  /** Creates a fresh directory under {@link #dataDir()} for one run of {@code what}. */
  Path freshDirectory(String what) {
    try {
      Files.createDirectories(dataDir);
      return Files.createTempDirectory(dataDir, what + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + dataDir, e);
    }
  }

  /** Deletes {@code dir} and everything in it. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the bench's data directory " + dir, e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new IllegalArgumentException("--data-dir " + dir + " cannot be read: " + e, e);
    }
  }
}
