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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One manager's data directory, held open: created if missing, with an exclusive {@link
 * FileLock} on its {@value #LOCK_FILE} file (which holds the holder's process id), so a second
 * manager on the same directory, in another process or in this JVM, is refused with a {@link
 * DataDirectoryInUseException}. Names its files: {@code snapshot-<revision>.snap} (the state
 * at that revision), {@code log-<revision>.log} (the first revision the log may hold) and the
 * {@link Manifest}; finds the files named like them that the manifest does not name ({@link
 * #strays}). {@link #close} releases the lock.
 */
public final class DataDirectory implements Closeable {

  /** The lock file's name in the directory. */
  public static final String LOCK_FILE = "lock";

  /**
   * The directories open in this JVM, by real path: checked before the lock file is opened,
   * because on Linux closing any channel of a file drops every lock this process holds on it.
   */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  /** The names this class gives files, and their temporary names. */
  private static final Pattern OURS = Pattern.compile(
      "(snapshot-[0-9]+\\.snap|log-[0-9]+\\.log)(\\.tmp)?|" + Manifest.FILE_NAME + "\\.tmp");

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
   * The log file whose first record may hold {@code revision} (after a snapshot at {@code
   * revision - 1}).
   *
   * @param revision the first revision the log may hold
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
   * The files of the directory named like a snapshot, a log, or one of theirs or the
   * manifest's temporary files, that {@code manifest} does not name: what a crash in the middle
   * of a rewrite (or a start that failed after it) leaves behind.
   *
   * @param manifest the directory's manifest
   * @return their paths, sorted by name
   * @throws IOException if the directory cannot be listed
   */
  public List<Path> strays(Manifest manifest) throws IOException {
    Set<String> named = Set.copyOf(manifest.files());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> {
            String name = file.getFileName().toString();
            return OURS.matcher(name).matches() && !named.contains(name);
          })
          .sorted()
          .toList();
    }
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
