package io.sharedstore.store.persistence;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One manager's data directory, held open: created if missing, with an exclusive {@link
 * FileLock} on its {@value #LOCK_FILE} file (which holds the holder's process id), so a second
 * manager on the same directory, in another process or in this JVM, is refused with a {@link
 * DataDirectoryInUseException}. Names its files: {@code snapshot-<revision>.snap}, {@code
 * log-<revision>.log} (the revision the log starts after) and the {@link Manifest}. {@link
 * #close} releases the lock.
 */
public final class DataDirectory implements Closeable {

  /** The lock file's name in the directory. */
  public static final String LOCK_FILE = "lock";

  /**
   * The directories open in this JVM, by real path: checked before the lock file is opened,
   * because on Linux closing any channel of a file drops every lock this process holds on it.
   */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens {@code dir} for one manager, creating it (and its parents) if missing.
   *
   * @param dir the directory
   * @return the open directory; close it to release it
   * @throws DataDirectoryInUseException if another process or another open in this JVM holds it
   * @throws IOException if it cannot be created or locked
   */
  public static DataDirectory open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path real = dir.toRealPath();
    if (!OPEN.add(real)) {
      throw new DataDirectoryInUseException(real, ProcessHandle.current().pid(),
          "by another open in this JVM");
    }
    try {
      return lock(real);
    } catch (IOException | RuntimeException | Error e) {
      OPEN.remove(real);
      throw e;
    }
  }

  private static DataDirectory lock(Path real) throws IOException {
    Path lockFile = real.resolve(LOCK_FILE);
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new DataDirectoryInUseException(real, ProcessHandle.current().pid(),
            "by another open in this JVM");
      }
      if (lock == null) {
        throw new DataDirectoryInUseException(real, holder(channel), "by another process");
      }
      channel.truncate(0);
      ByteBuffer pid = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII));
      while (pid.hasRemaining()) {
        channel.write(pid, pid.position());
      }
      channel.force(true);
      return new DataDirectory(real, channel, lock);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  /** The pid the holder wrote in the lock file, or -1. */
  private static long holder(FileChannel channel) {
    try {
      ByteBuffer bytes = ByteBuffer.allocate(32);
      channel.read(bytes, 0);
      String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII)
          .trim();
      return text.isEmpty() ? -1 : Long.parseLong(text);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The directory.
   *
   * @return its real path
   */
  public Path path() {
    return dir;
  }

  /**
   * The snapshot file of the state at {@code revision}.
   *
   * @param revision the snapshot's revision
   * @return {@code snapshot-<revision>.snap} in the directory
   */
  public Path snapshotFile(long revision) {
    return dir.resolve("snapshot-" + requireRevision(revision) + ".snap");
  }

  /**
   * The log file whose records follow the state at {@code revision}.
   *
   * @param revision the revision the log starts after
   * @return {@code log-<revision>.log} in the directory
   */
  public Path logFile(long revision) {
    return dir.resolve("log-" + requireRevision(revision) + ".log");
  }

  /**
   * A file of the directory by the name a {@link Manifest} gives it.
   *
   * @param name a plain file name
   * @return its path in the directory
   */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * The directory's manifest.
   *
   * @return it, empty for a new directory
   * @throws IOException as {@link Manifest#read} says
   */
  public Optional<Manifest> manifest() throws IOException {
    return Manifest.read(dir);
  }

  /**
   * Makes {@code manifest} the directory's, atomically.
   *
   * @param manifest the new manifest
   * @throws IOException as {@link Manifest#write} says
   */
  public void switchTo(Manifest manifest) throws IOException {
    manifest.write(dir);
  }

  /**
   * Fsyncs the directory: its created, renamed and deleted files are then durable.
   *
   * @throws IOException if the fsync fails
   */
  public void sync() throws IOException {
    Durable.syncDirectory(dir);
  }

  /** Releases the directory: another manager may open it. */
  @Override
  public void close() throws IOException {
    if (!lockChannel.isOpen()) {
      return;
    }
    try {
      lock.release();
      lockChannel.close();
    } finally {
      OPEN.remove(dir);
    }
  }

  private static long requireRevision(long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("a negative revision " + revision);
    }
    return revision;
  }
}
