package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The file that names a data directory's current state: the snapshot to load (none before the
 * first one) and the log to replay after it, and the store's epoch. {@link #write} replaces it
 * atomically (write a temporary file, fsync it, rename it over, fsync the directory), so a
 * crash leaves the old manifest or the new one.
 *
 * <p>Format: UTF-8 text, one {@code name value} line each, in this order:
 *
 * <pre>
 * shared-store-manifest 1
 * epoch 6f1c...
 * snapshot snapshot-120.snap     (or "snapshot -" for none)
 * log log-120.log
 * crc32c 1a2b3c4d                (of every byte before this line)
 * </pre>
 *
 * @param epoch the store's epoch (one line, not blank)
 * @param snapshot the current snapshot's file name in the directory, if any
 * @param log the current log's file name in the directory
 */
public record Manifest(String epoch, Optional<String> snapshot, String log) {

  /** The manifest's file name in its directory. */
  public static final String FILE_NAME = "MANIFEST";

  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String FIRST_WORD = "shared-store-manifest";
  private static final String NONE = "-";
  private static final int MAX_BYTES = 64 << 10;

  /**
   * A manifest; checks its fields.
   *
   * @param epoch the store's epoch
   * @param snapshot the current snapshot's file name, if any
   * @param log the current log's file name
   * @throws IllegalArgumentException if the epoch is blank or has a line break, or a file name
   *     is empty, {@code -}, or not a plain name (a separator, a space or a line break)
   */
  public Manifest {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(log, "log");
    if (epoch.isBlank() || epoch.contains("\n") || epoch.contains("\r")) {
      throw new IllegalArgumentException("an epoch must be one non-blank line: [" + epoch + "]");
    }
    snapshot.ifPresent(Manifest::checkName);
    checkName(log);
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
    String log = value(file, lines[3], "log");
    try {
      return new Manifest(epoch,
          snapshot.equals(NONE) ? Optional.empty() : Optional.of(snapshot), log);
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
        + "log " + log + "\n";
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
