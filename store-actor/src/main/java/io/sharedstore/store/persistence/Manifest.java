package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The file that names a data directory's current state: the snapshot to load (none before the
 * first one), the logs to replay after it, in order (more than one while a rewrite is between
 * its new log and its new snapshot, or after one that failed), and the store's epoch. {@link #write} replaces it
 * atomically (write a temporary file, fsync it, rename it over, fsync the directory), so a
 * crash leaves the old manifest or the new one.
 *
 * <p>Format: UTF-8 text, one {@code name value} line each, in this order:
 *
 * <pre>
 * shared-store-manifest 2
 * epoch 6f1c...
 * snapshot snapshot-120.snap     (or "snapshot -" for none)
 * logs log-121.log log-310.log   (one or more, in replay order, separated by one space)
 * crc32c 1a2b3c4d                (of every byte before this line)
 * </pre>
 *
 * @param epoch the store's epoch (one line, not blank)
 * @param snapshot the current snapshot's file name in the directory, if any
 * @param logs the logs' file names in the directory, in replay order (at least one; the last is
 *     the one written now)
 */
public record Manifest(String epoch, Optional<String> snapshot, List<String> logs) {

  /** The manifest's file name in its directory. */
  public static final String FILE_NAME = "MANIFEST";

  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 2;

  private static final String FIRST_WORD = "shared-store-manifest";
  private static final String NONE = "-";
  private static final int MAX_BYTES = 64 << 10;

  /**
   * A manifest; checks its fields.
   *
   * @param epoch the store's epoch
   * @param snapshot the current snapshot's file name, if any
   * @param logs the logs' file names, in replay order (copied)
   * @throws IllegalArgumentException if the epoch is blank or has a line break, there is no log
   *     or a log twice, or a file name is empty, {@code -}, or not a plain name (a separator, a
   *     space or a line break)
   */
  public Manifest {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(snapshot, "snapshot");
    logs = List.copyOf(logs);
    if (epoch.isBlank() || epoch.contains("\n") || epoch.contains("\r")) {
      throw new IllegalArgumentException("an epoch must be one non-blank line: [" + epoch + "]");
    }
    snapshot.ifPresent(Manifest::checkName);
    if (logs.isEmpty()) {
      throw new IllegalArgumentException("a manifest names at least one log");
    }
    logs.forEach(Manifest::checkName);
    if (new HashSet<>(logs).size() != logs.size()) {
      throw new IllegalArgumentException("a log named twice: " + logs);
    }
  }

  /**
   * A manifest naming one log.
   *
   * @param epoch the store's epoch
   * @param snapshot the current snapshot's file name, if any
   * @param log the log's file name
   */
  public Manifest(String epoch, Optional<String> snapshot, String log) {
    this(epoch, snapshot, List.of(log));
  }

  /**
   * The log written now: the last one.
   *
   * @return its file name
   */
  public String lastLog() {
    return logs.get(logs.size() - 1);
  }

  /**
   * This manifest with {@code log} after its logs (a rotation's new log).
   *
   * @param log the new log's file name
   * @return the manifest
   */
  public Manifest withLog(String log) {
    List<String> more = new ArrayList<>(logs);
    more.add(log);
    return new Manifest(epoch, snapshot, more);
  }

  /**
   * Every file this manifest names: the snapshot, if any, then the logs.
   *
   * @return the file names
   */
  public List<String> files() {
    List<String> files = new ArrayList<>();
    snapshot.ifPresent(files::add);
    files.addAll(logs);
    return files;
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.equals(NONE) || name.equals(".") || name.equals("..")
        || name.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isWhitespace(c)
            || Character.isISOControl(c))) {
      throw new IllegalArgumentException("not a plain file name: [" + name + "]");
    }
  }

  /**
   * The manifest of {@code dir}.
   *
   * @param dir the data directory
   * @return its manifest, empty if it has none (a new directory)
   * @throws StateFileException if the manifest is malformed, fails its checksum, or has an
   *     unknown format version
   * @throws IOException if it cannot be read
   */
  public static Optional<Manifest> read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    byte[] bytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_BYTES) {
        throw new StateFileException(file, -1, "a manifest of " + size + " bytes, larger than "
            + MAX_BYTES);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read it all
      }
      bytes = Arrays.copyOf(buffer.array(), buffer.position());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(parse(file, bytes));
  }

  private static Manifest parse(Path file, byte[] bytes) throws StateFileException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || !lines[0].startsWith(FIRST_WORD + " ")) {
      throw new StateFileException(file, 0, "not a shared-store manifest (no " + FIRST_WORD
          + " line)");
    }
    String version = lines[0].substring(FIRST_WORD.length() + 1);
    if (!version.equals(Integer.toString(FORMAT_VERSION))) {
      throw new StateFileException(file, FIRST_WORD.length() + 1, "manifest format version "
          + version + ", this build reads version " + FORMAT_VERSION + " only");
    }
    if (lines.length != 6 || !lines[5].isEmpty()) {
      throw new StateFileException(file, -1, "a manifest of " + (lines.length - 1)
          + " lines, expected 5 (cut short or changed by hand)");
    }
    int checked = text.length() - lines[4].length() - 1;
    String stored = value(file, lines[4], "crc32c");
    String actual = String.format("%08x", checksum(text.substring(0, checked)));
    if (!stored.equals(actual)) {
      throw new StateFileException(file, -1, "manifest checksum mismatch (stored " + stored
          + ", computed " + actual + ")");
    }
    String epoch = value(file, lines[1], "epoch");
    String snapshot = value(file, lines[2], "snapshot");
    String logs = value(file, lines[3], "logs");
    try {
      return new Manifest(epoch,
          snapshot.equals(NONE) ? Optional.empty() : Optional.of(snapshot),
          Arrays.asList(logs.split(" ", -1)));
    } catch (IllegalArgumentException e) {
      throw new StateFileException(file, -1, e.getMessage());
    }
  }

  private static String value(Path file, String line, String name) throws StateFileException {
    if (!line.startsWith(name + " ")) {
      throw new StateFileException(file, -1, "expected a line [" + name + " ...], found ["
          + line + "]");
    }
    return line.substring(name.length() + 1);
  }

  /**
   * Makes this the manifest of {@code dir}, atomically and durably.
   *
   * @param dir the data directory
   * @throws IOException if it cannot be written; the old manifest is then in place
   */
  public void write(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    Path temporary = Durable.temporaryFor(file);
    String body = FIRST_WORD + " " + FORMAT_VERSION + "\n"
        + "epoch " + epoch + "\n"
        + "snapshot " + snapshot.orElse(NONE) + "\n"
        + "logs " + String.join(" ", logs) + "\n";
    String text = body + "crc32c " + String.format("%08x", checksum(body)) + "\n";
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Durable.replace(temporary, file);
  }

  private static int checksum(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
