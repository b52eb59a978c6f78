package io.sharedstore.store.persistence;

import java.nio.file.Path;

/**
 * A start refused because its log has a bad record before its end: the message names the file,
 * the offset and what {@code --repair} would drop.
 */
public final class CorruptLogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Not serialized: a {@link Path} is not serializable. */
  private final transient Path file;

  private final long offset;

  /**
   * A refusal of {@code file}.
   *
   * @param file the log
   * @param offset where its bad record starts
   * @param bytesAfter the bytes from there to the file's end
   * @param reason what is wrong with the record
   */
  public CorruptLogException(Path file, long offset, long bytesAfter, String reason) {
    super(file + " has a bad record at offset " + offset + " (" + reason + "): start once with"
        + " --repair (shared-store.persistence.on-corruption = truncate) to keep the records"
        + " before it and drop the " + bytesAfter + " bytes from there");
    this.file = file;
    this.offset = offset;
  }

  /**
   * The log refused.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Where its bad record starts.
   *
   * @return the file offset
   */
  public long offset() {
    return offset;
  }
}
