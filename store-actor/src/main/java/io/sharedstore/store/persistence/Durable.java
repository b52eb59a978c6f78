package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The steps of an atomic file switch: fsync a file's directory, rename a written file over. */
final class Durable {

  private Durable() {}

  /** Makes the directory's entries (created, renamed, deleted files) durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Renames {@code written} (already fsynced) over {@code target} in one step and fsyncs their
   * directory: a crash leaves either the old target or the new one, never a mix.
   */
  static void replace(Path written, Path target) throws IOException {
    Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** The temporary name {@code target} is written under before {@link #replace}. */
  static Path temporaryFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }
}
