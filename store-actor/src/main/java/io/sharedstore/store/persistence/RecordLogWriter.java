package io.sharedstore.store.persistence;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends framed records to a log: {@link #append} buffers a record in memory, {@link #flush}
 * writes what is buffered to the OS in one go, {@link #force} also fsyncs it. Offsets are file
 * offsets, so the caller can tell how far the log is written ({@link #writtenLength}) and durable
 * ({@link #durableLength}).
 *
 * <p>The writer appends at the end of its channel: open it on a new file, or on one that
 * {@link RecordLogReader} has recovered and the caller has truncated to its last whole record.
 * Once a write or fsync has failed, the file's end is unknown: every later call fails with the
 * first error, until the caller {@link #restartAt cuts the file back} to a length it knows to be
 * whole and writes again. Not thread-safe: one thread drives it.
 */
public final class RecordLogWriter implements Closeable {

  private static final int INITIAL_BUFFER = 64 << 10;
  private static final int SHRINK_ABOVE = 4 << 20;

  private final LogChannel channel;
  private ByteBuffer pending = ByteBuffer.allocate(INITIAL_BUFFER);
  private long writtenLength;
  private long durableLength;
  private IOException failure;

  private RecordLogWriter(LogChannel channel, long length) {
    this.channel = channel;
    this.writtenLength = length;
    this.durableLength = length;
  }

  /**
   * A writer appending to {@code channel}; on an empty channel it first buffers the header.
   *
   * @param channel the file to append to
   * @return the writer
   * @throws IOException if the channel's size cannot be read
   */
  public static RecordLogWriter open(LogChannel channel) throws IOException {
    long size = channel.size();
    RecordLogWriter writer = new RecordLogWriter(channel, size);
    if (size == 0) {
      writer.pending.put(RecordLog.header());
    }
    return writer;
  }

  /**
   * Buffers one record holding {@code payload} (not yet written: see {@link #flush}).
   *
   * @param payload the record's bytes, 1 to {@link RecordLog#MAX_RECORD_BYTES} of them; copied
   * @return the file offset where the record ends, the log's length once it is written
   * @throws IllegalArgumentException if the payload is empty or too large
   * @throws IOException if an earlier write or fsync failed
   */
  public long append(byte[] payload) throws IOException {
    if (payload.length == 0 || payload.length > RecordLog.MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "a record holds 1 to " + RecordLog.MAX_RECORD_BYTES + " bytes, not " + payload.length);
    }
    failIfFailed();
    reserve(RecordLog.FRAME_BYTES + payload.length);
    pending.putInt(payload.length);
    pending.putInt(RecordLog.checksum(payload, 0, payload.length));
    pending.put(payload);
    return writtenLength + pending.position();
  }

  /**
   * Writes every buffered record to the OS (one write call unless the OS takes less).
   *
   * @throws IOException if the write failed (the writer is then failed)
   */
  public void flush() throws IOException {
    failIfFailed();
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    try {
      while (pending.hasRemaining()) {
        writtenLength += channel.write(pending);
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (pending.capacity() > SHRINK_ABOVE) {
      pending = ByteBuffer.allocate(INITIAL_BUFFER);
    } else {
      pending.clear();
    }
  }

  /**
   * Writes every buffered record and fsyncs the file.
   *
   * @throws IOException if the write or the fsync failed (the writer is then failed)
   */
  public void force() throws IOException {
    flush();
    if (durableLength == writtenLength) {
      return;
    }
    try {
      channel.force();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    durableLength = writtenLength;
  }

  /**
   * After a failure: cuts the file to {@code length} (an offset where a record ended, which the
   * caller knows reached the OS whole), drops what is buffered and clears the failure, so the
   * caller can append again the records it kept after that offset.
   *
   * @param length the length to keep, at most {@link #writtenLength}
   * @throws IOException if the file cannot be cut (the writer stays failed)
   */
  public void restartAt(long length) throws IOException {
    if (length < 0 || length > writtenLength) {
      throw new IllegalArgumentException("cannot restart the log " + channel.path() + " at "
          + length + ": " + writtenLength + " bytes were written");
    }
    channel.truncate(length);
    writtenLength = length;
    durableLength = Math.min(durableLength, length);
    pending = ByteBuffer.allocate(INITIAL_BUFFER);
    if (length == 0) {
      pending.put(RecordLog.header());
    }
    failure = null;
  }

  /**
   * The file's length counting every record written to the OS.
   *
   * @return the length in bytes
   */
  public long writtenLength() {
    return writtenLength;
  }

  /**
   * The file's length counting every record fsynced.
   *
   * @return the length in bytes
   */
  public long durableLength() {
    return durableLength;
  }

  /**
   * Bytes appended but not yet written to the OS.
   *
   * @return the count
   */
  public int pendingBytes() {
    return pending.position();
  }

  /**
   * Closes the channel without writing what is buffered (call {@link #force} first to keep it).
   *
   * @throws IOException if closing failed
   */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void failIfFailed() throws IOException {
    if (failure != null) {
      throw new IOException(
          "the log " + channel.path() + " failed earlier: " + failure.getMessage(), failure);
    }
  }

  private void reserve(int bytes) {
    if (pending.remaining() >= bytes) {
      return;
    }
    long needed = (long) pending.position() + bytes;
    int capacity = pending.capacity();
    while (capacity < needed) {
      capacity = (int) Math.min(Integer.MAX_VALUE - 8, capacity * 2L);
    }
    ByteBuffer larger = ByteBuffer.allocate(capacity);
    pending.flip();
    larger.put(pending);
    pending = larger;
  }
}
