package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A data directory another manager holds: another process, or another open in this JVM. The
 * message names the directory and, if known, the holder's process id.
 */
public final class DataDirectoryInUseException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Not serialized: a {@link Path} is not serializable. */
  private final transient Path directory;

  /** The holder's process id, or -1 if unknown. */
  private final long holderPid;

  /**
   * A refusal to open {@code directory}.
   *
   * @param directory the directory
   * @param holderPid the process id of the holder, or -1 if unknown
   * @param how how it is held, for the message
   */
  public DataDirectoryInUseException(Path directory, long holderPid, String how) {
    super("data directory " + directory + " is in use " + how
        + (holderPid >= 0 ? " (process " + holderPid + ")" : " (holder unknown)")
        + ": one manager per directory");
    this.directory = directory;
    this.holderPid = holderPid;
  }

  /**
   * The directory refused.
   *
   * @return its path
   */
  public Path directory() {
    return directory;
  }

  /**
   * The holder's process id, as it wrote it in the lock file.
   *
   * @return the pid, empty if unknown
   */
  public OptionalLong holderPid() {
    return holderPid >= 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
