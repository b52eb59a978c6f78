package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens a file of the data directory for appending, as {@link LogChannel#open} does: the seam
 * through which a test puts a channel that delays or fails in place of a log or a snapshot.
 */
@FunctionalInterface
public interface ChannelOpener {

  /**
   * Opens {@code file}, created if missing, for appending at its end.
   *
   * @param file the file
   * @return its channel
   * @throws IOException if it cannot be opened
   */
  LogChannel open(Path file) throws IOException;
}
