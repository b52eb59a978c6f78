package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A test's {@link LogChannel} over a real file: forwards every call, so a fault-injecting or
 * counting channel overrides only the calls it changes.
 */
public class ForwardingChannel implements LogChannel {

  private final LogChannel file;

  /**
   * A channel forwarding to {@code file}.
   *
   * @param file the real channel
   */
  public ForwardingChannel(LogChannel file) {
    this.file = file;
  }

  /**
   * A channel forwarding to the file at {@code path}, opened for appending.
   *
   * @param path the file
   * @throws IOException if it cannot be opened
   */
  public ForwardingChannel(Path path) throws IOException {
    this(LogChannel.open(path));
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    return file.write(source);
  }

  @Override
  public void force() throws IOException {
    file.force();
  }

  @Override
  public void truncate(long size) throws IOException {
    file.truncate(size);
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public Path path() {
    return file.path();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
