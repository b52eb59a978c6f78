package io.sharedstore.bench;

import io.sharedstore.store.internal.CommandLineFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@code bin/shared-store startup-run}.
 *
 * @param keys how many distinct keys the fill stores
 * @param valueSize the bytes of each value (random, the same for both stores)
 * @param fsync the manager's {@code shared-store.persistence.fsync} and Redis's {@code appendfsync}
 * @param fill how the client stores the keys
 * @param outstanding how many calls (chained) or batches (setall) are in flight during the fill
 * @param compareRedis also measure redis-server with its AOF on the same data
 * @param managerOptions extra JVM options for both manager JVMs (repeatable {@code --manager-opt})
 * @param dataDir where the temporary data directories are made (default: the system's temporary
 *     directory)
 * @param keep keep the data directories instead of deleting them at the end
 * @param out where the result files go (default: {@code bench-results/} of the checkout)
 */
record StartupOptions(int keys, int valueSize, BenchPersistence.Fsync fsync, Fill fill,
    int outstanding, boolean compareRedis, List<String> managerOptions, Optional<Path> dataDir,
    boolean keep, Optional<Path> out) {

  static final String USAGE = "usage: startup-run [--keys 1000000] [--value-size 100]"
      + " [--fsync everysec|always|no] [--fill setall|chained] [--outstanding 4 (setall) | 64 (chained)]"
      + " [--compare-redis] [--manager-opt -Dname=value]... [--data-dir DIR] [--keep]"
      + " [--out DIR]";

  /** How the client fills the store. */
  enum Fill {
    /** {@code setAll} batches of {@link #SETALL_BATCH} keys, {@code --outstanding} in flight. */
    SETALL,
    /** Single {@code set} calls, each issued from a completion, {@code --outstanding} chains. */
    CHAINED;

    /** Keys per {@code setAll} batch: well inside Artery's frame with 100-byte values. */
    static final int SETALL_BATCH = 2_000;

    String flagName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Fill parse(String text) {
      for (Fill fill : values()) {
        if (fill.flagName().equals(text.trim())) {
          return fill;
        }
      }
      throw new IllegalArgumentException("--fill must be setall or chained, was " + text
          + "; " + USAGE);
    }
  }

  StartupOptions {
    managerOptions = List.copyOf(managerOptions);
  }

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException naming the flag and ending with the usage line
   */
  static StartupOptions parse(String[] args) {
    List<String> managerOptions = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--manager-opt")) {
        if (i + 1 >= args.length || !args[i + 1].startsWith("-")) {
          throw new IllegalArgumentException("--manager-opt needs a JVM option, e.g."
              + " -Dshared-store.persistence.rewrite-min-size=1MiB; " + USAGE);
        }
        managerOptions.add(args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    CommandLineFlags flags = CommandLineFlags.parse(rest.toArray(String[]::new), USAGE,
        Set.of("--compare-redis", "--keep"), "--keys", "--value-size", "--fsync", "--fill",
        "--outstanding", "--data-dir", "--out");
    BenchPersistence.Fsync fsync;
    try {
      fsync = BenchPersistence.Fsync.parse(flags.text("--fsync").orElse("everysec"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; " + USAGE, e);
    }
    Fill fill = Fill.parse(flags.text("--fill").orElse("setall"));
    return new StartupOptions(
        flags.number("--keys", 1_000_000, 1, 50_000_000),
        flags.number("--value-size", 100, 1, 64 * 1024),
        fsync,
        fill,
        flags.number("--outstanding", fill == Fill.SETALL ? 4 : 64, 1, 10_000),
        flags.isSet("--compare-redis"),
        managerOptions,
        flags.text("--data-dir").map(Path::of),
        flags.isSet("--keep"),
        flags.text("--out").map(Path::of));
  }
}
