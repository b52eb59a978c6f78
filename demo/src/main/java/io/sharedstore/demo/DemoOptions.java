package io.sharedstore.demo;

import io.sharedstore.store.internal.CommandLineFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@link Demo}: {@code --clusters N} (default 3), {@code --seconds S} (default 10;
 * 20 with {@code --restart-manager}, so the nodes run on well after a manager start on a loaded
 * machine), {@code --port P}, the manager's port (default 0: a free one), the switch {@code
 * --racy}: every cluster also runs the seed's racy recipes, to compare their violations; {@code
 * --data-dir DIR}:
 * the manager keeps its data in {@code DIR} ({@code shared-store.persistence.dir}); and the
 * switch {@code --restart-manager} (needs {@code --data-dir}): mid-run the demo stops the manager
 * with SIGTERM and starts it again on the same directory and port.
 *
 * @param dataDir the manager's data directory, absolute; empty: in memory only
 */
record DemoOptions(
    int clusters, int seconds, int port, boolean racy, Optional<Path> dataDir,
    boolean restartManager) {

  static final String USAGE = "usage: demo [--clusters N] [--seconds S] [--port P] [--racy]"
      + " [--data-dir DIR [--restart-manager]]";

  private static final String RACY = "--racy";
  private static final String DATA_DIR = "--data-dir";
  private static final String RESTART_MANAGER = "--restart-manager";

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag, a data
   *     directory that is a file, or {@code --restart-manager} without {@code --data-dir}
   */
  static DemoOptions parse(String[] args) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of(RACY, RESTART_MANAGER),
            "--clusters", "--seconds", "--port", DATA_DIR);
    Optional<Path> dataDir = flags.text(DATA_DIR).map(DemoOptions::dataDir);
    boolean restartManager = flags.isSet(RESTART_MANAGER);
    if (restartManager && dataDir.isEmpty()) {
      throw new IllegalArgumentException(RESTART_MANAGER + " needs " + DATA_DIR
          + " DIR: a manager without a data directory starts again empty; " + USAGE);
    }
    return new DemoOptions(
        flags.number("--clusters", 3, 1, 64),
        flags.number("--seconds", restartManager ? 20 : 10, 1, 3600),
        flags.number("--port", 0, 0, 65535),
        flags.isSet(RACY),
        dataDir,
        restartManager);
  }

  private static Path dataDir(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(DATA_DIR + " needs a directory; " + USAGE);
    }
    Path dir = Path.of(text).toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          DATA_DIR + " " + text + " is not a directory; " + USAGE);
    }
    return dir;
  }
}
