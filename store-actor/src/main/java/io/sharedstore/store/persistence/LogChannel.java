package io.sharedstore.store.persistence;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a {@link RecordLogWriter} puts its bytes: the seam between the log and the disk, so that
 * a test can put a channel that fails its writes or fsyncs in place of the file.
 */
public interface LogChannel extends Closeable {

  /**
   * Writes some of the remaining bytes of {@code source} at the end of the file, advancing its
   * position by the bytes written.
   *
   * @param source the bytes to write
   * @return how many bytes were written
   * @throws IOException if the write failed
   */
  int write(ByteBuffer source) throws IOException;

  /**
   * Makes every byte written so far durable (fsync).
   *
   * @throws IOException if the fsync failed
   */
  void force() throws IOException;

  /**
   * Cuts the file to {@code size} bytes and appends after them from now on (a log that failed
   * a write is cut back to what is known to be whole before it is written again).
   *
   * @param size the length to keep
   * @throws IOException if the file cannot be cut (the default: this channel cannot)
   */
  default void truncate(long size) throws IOException {
    throw new IOException("the log " + path() + " cannot be cut to " + size + " bytes");
  }

  /**
   * The file's current size.
   *
   * @return the size in bytes
   * @throws IOException if it cannot be read
   */
  long size() throws IOException;

  /**
   * The file's name, for error messages.
   *
   * @return the path of the file
   */
  Path path();

  /**
   * A channel appending to the file at {@code path}, created if missing. Bytes are written at
   * the file's end.
   *
   * @param path the file
   * @return the channel
   * @throws IOException if the file cannot be opened
   */
  static LogChannel open(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.position(channel.size());
    return new FileLogChannel(path, channel);
  }
}
