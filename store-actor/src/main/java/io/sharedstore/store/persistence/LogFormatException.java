package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a log this code can read: another magic number, or a format version it
 * does not know. The message names the file.
 */
public final class LogFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Not serialized: a {@link Path} is not serializable. */
  private final transient Path file;

  /**
   * A refusal of {@code file}.
   *
   * @param file the file refused
   * @param problem what is wrong with it
   */
  public LogFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * The file refused.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }
}
