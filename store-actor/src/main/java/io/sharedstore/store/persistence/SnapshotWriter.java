package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Writes a snapshot file (format: {@link Snapshot}) item by item through a fixed buffer, never
 * holding a copy of the state: {@link #write} streams a whole engine; a host that snapshots in
 * steps calls {@link #entry} and {@link #remembered} itself, then {@link #finish} (or {@link
 * #complete} on its thread and {@link #commit}, the fsync and the rename, on another).
 *
 * <p>The bytes go to a temporary file beside the target (through a {@link LogChannel}: the seam
 * a test fails); {@link #commit} fsyncs it, renames it over the target and fsyncs the directory,
 * so the target is always either absent, its old content, or a whole snapshot. {@link #close}
 * without {@link #commit} deletes the temporary file. Not thread-safe: one thread at a time (a
 * hand-over to another thread must be a happens-before, as an executor's is).
 */
public final class SnapshotWriter implements Closeable {

  private static final int BUFFER_BYTES = 256 << 10;

  private final Path target;
  private final Path temporary;
  private final LogChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  private int bodyStart;
  private long entries;
  private long remembered;
  private long written;
  private boolean completed;
  private boolean finished;
  private boolean closed;

  private SnapshotWriter(Path target, String epoch, long revision, ChannelOpener files)
      throws IOException {
    this.target = target;
    this.temporary = Durable.temporaryFor(target);
    Files.deleteIfExists(temporary);
    this.channel = files.open(temporary);
    buffer.putInt(Snapshot.MAGIC).putInt(Snapshot.FORMAT_VERSION);
    bodyStart = buffer.position();
    writeString(epoch);
    writeVarLong(revision);
  }

  /**
   * Starts a snapshot of the state at {@code revision} of the store of {@code epoch}.
   *
   * @param target the snapshot file (replaced by {@link #finish})
   * @param epoch the store's epoch
   * @param revision the revision of the state written
   * @return the writer; add the entries, then the remembered results, then {@link #finish}
   * @throws IOException if the temporary file cannot be created
   * @throws IllegalArgumentException if {@code revision} is negative
   */
  public static SnapshotWriter open(Path target, String epoch, long revision) throws IOException {
    return open(target, epoch, revision, LogChannel::open);
  }

  /**
   * As {@link #open(Path, String, long)}, opening the temporary file with {@code files}.
   *
   * @param target the snapshot file (replaced by {@link #commit})
   * @param epoch the store's epoch
   * @param revision the revision of the state written
   * @param files opens the temporary file (after deleting any left there)
   * @return the writer
   * @throws IOException if the temporary file cannot be created
   * @throws IllegalArgumentException if {@code revision} is negative
   */
  public static SnapshotWriter open(Path target, String epoch, long revision, ChannelOpener files)
      throws IOException {
    if (revision < 0) {
      throw new IllegalArgumentException("a negative revision " + revision);
    }
    return new SnapshotWriter(target, epoch, revision, files);
  }

  /**
   * Writes {@code engine}'s whole state at {@code nowMillis} to {@code target}: every entry
   * ({@link StoreEngine#forEachEntry}), the retry memory ({@link StoreEngine#forEachRemembered})
   * and the revision, streamed from the engine's own structures.
   *
   * @param target the snapshot file
   * @param epoch the store's epoch
   * @param engine the engine, not changed meanwhile
   * @param nowMillis now, in epoch milliseconds (remembered results past their window are left
   *     out)
   * @return the snapshot's size in bytes
   * @throws IOException if the file cannot be written; the target is then unchanged
   */
  public static long write(Path target, String epoch, StoreEngine engine, long nowMillis)
      throws IOException {
    try (SnapshotWriter writer = open(target, epoch, engine.revision())) {
      try {
        engine.forEachEntry((key, value, deadline) -> {
          try {
            writer.entry(key, value, deadline);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        engine.forEachRemembered(nowMillis, (key, requestId, result, atMillis) -> {
          try {
            writer.remembered(key, requestId, result, atMillis);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return writer.finish();
    }
  }

  /**
   * Adds one entry.
   *
   * @param key the key
   * @param value its value
   * @param deadlineMillis when it expires, in epoch milliseconds; empty for never
   * @throws IOException if the file cannot be written
   * @throws IllegalStateException after a remembered result, or once finished
   */
  public void entry(String key, Bytes value, OptionalLong deadlineMillis) throws IOException {
    checkOpen();
    if (remembered > 0) {
      throw new IllegalStateException("entry " + key + " after the remembered results");
    }
    writeByte(deadlineMillis.isPresent() ? Snapshot.ENTRY_WITH_DEADLINE : Snapshot.ENTRY);
    writeString(key);
    writeBytes(value.unsafeArray());
    if (deadlineMillis.isPresent()) {
      writeSignedVarLong(deadlineMillis.getAsLong());
    }
    entries++;
  }

  /**
   * Adds one result of the increment retry memory, after every entry, oldest first.
   *
   * @param key the key
   * @param requestId the request id
   * @param result the reply a retry gets
   * @param atMillis when it was remembered, in epoch milliseconds
   * @throws IOException if the file cannot be written
   * @throws IllegalStateException once finished
   */
  public void remembered(String key, String requestId, Reply result, long atMillis)
      throws IOException {
    checkOpen();
    writeByte(Snapshot.REMEMBERED);
    writeBytes(ChangeCodec.encode(
        List.of(new Change.Remembered(key, 0, requestId, result, atMillis))));
    remembered++;
  }

  /**
   * Writes the end marker and checksum, fsyncs the file and puts it in place of the target:
   * {@link #complete} then {@link #commit}.
   *
   * @return the snapshot's size in bytes
   * @throws IOException if the file cannot be written, fsynced or renamed; the target is then
   *     unchanged
   */
  public long finish() throws IOException {
    complete();
    return commit();
  }

  /**
   * Writes the end marker and checksum to the OS: the temporary file is whole, not yet durable.
   *
   * @return the snapshot's size in bytes
   * @throws IOException if the file cannot be written
   * @throws IllegalStateException if completed, finished or closed already
   */
  public long complete() throws IOException {
    checkOpen();
    writeByte(Snapshot.END);
    writeVarLong(entries);
    writeVarLong(remembered);
    reserve(4);
    crcPending();
    buffer.putInt((int) crc.getValue());
    bodyStart = buffer.position(); // the checksum is not part of the body
    drain();
    completed = true;
    return written;
  }

  /**
   * After {@link #complete}: fsyncs the temporary file, closes it and renames it over the
   * target, then fsyncs the directory.
   *
   * @return the snapshot's size in bytes
   * @throws IOException if the fsync or the rename failed; the target is then unchanged
   * @throws IllegalStateException if not completed, or finished or closed already
   */
  public long commit() throws IOException {
    if (!completed || finished || closed) {
      throw new IllegalStateException("snapshot " + target + " is not completed, or is"
          + " finished or closed");
    }
    channel.force();
    channel.close();
    Durable.replace(temporary, target);
    finished = true;
    return written;
  }

  /**
   * Bytes of the snapshot so far (written and buffered).
   *
   * @return the count
   */
  public long size() {
    return written + buffer.position();
  }

  /**
   * The file it replaces.
   *
   * @return the target
   */
  public Path target() {
    return target;
  }

  /**
   * Entries added so far.
   *
   * @return how many
   */
  public long entries() {
    return entries;
  }

  /**
   * Remembered results added so far.
   *
   * @return how many
   */
  public long rememberedResults() {
    return remembered;
  }

  /** Closes the file; without {@link #finish}, deletes it and leaves the target as it was. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private void checkOpen() {
    if (completed || finished || closed) {
      throw new IllegalStateException("snapshot " + target + " is finished or closed");
    }
  }

  private void writeByte(int b) throws IOException {
    reserve(1);
    buffer.put((byte) b);
  }

  private void writeVarLong(long value) throws IOException {
    reserve(Varints.MAX_BYTES);
    buffer.position(Varints.put(buffer.array(), buffer.position(), value));
  }

  private void writeSignedVarLong(long value) throws IOException {
    writeVarLong(Varints.zigzag(value));
  }

  private void writeString(String s) throws IOException {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void writeBytes(byte[] data) throws IOException {
    writeVarLong(data.length);
    int offset = 0;
    while (offset < data.length) {
      reserve(1);
      int n = Math.min(buffer.remaining(), data.length - offset);
      buffer.put(data, offset, n);
      offset += n;
    }
  }

  /** Makes room for {@code bytes} (at most the buffer's size) by writing the buffer out. */
  private void reserve(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      drain();
    }
  }

  /** Adds the buffered body bytes not yet counted to the checksum. */
  private void crcPending() {
    crc.update(buffer.array(), bodyStart, buffer.position() - bodyStart);
    bodyStart = buffer.position();
  }

  private void drain() throws IOException {
    crcPending();
    buffer.flip();
    while (buffer.hasRemaining()) {
      written += channel.write(buffer);
    }
    buffer.clear();
    bodyStart = 0;
  }
}
