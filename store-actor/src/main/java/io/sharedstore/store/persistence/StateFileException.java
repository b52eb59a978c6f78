package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A snapshot or manifest this code refuses to load: cut short, corrupt, or of a format version
 * it does not know. The message names the file and, where the problem has one, the byte offset.
 */
public final class StateFileException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Not serialized: a {@link Path} is not serializable. */
  private final transient Path file;

  /** The byte offset of the problem, or -1 if it has none. */
  private final long offset;

  /**
   * A refusal of {@code file} at {@code offset}.
   *
   * @param file the file refused
   * @param offset the byte offset of the problem, or -1 if it has none
   * @param problem what is wrong with it
   */
  public StateFileException(Path file, long offset, String problem) {
    super(file + (offset >= 0 ? ": at offset " + offset + ": " : ": ") + problem);
    this.file = file;
    this.offset = offset;
  }

  /**
   * The file refused.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Where in the file the problem is.
   *
   * @return the byte offset, empty if the problem has none
   */
  public OptionalLong offset() {
    return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
  }
}
