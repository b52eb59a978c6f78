package io.sharedstore.store.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A {@link LogChannel} over a {@link FileChannel} positioned at the file's end. */
final class FileLogChannel implements LogChannel {

  private final Path path;
  private final FileChannel channel;

  FileLogChannel(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    return channel.write(source);
  }

  @Override
  public void force() throws IOException {
    channel.force(false);
  }

  @Override
  public void truncate(long size) throws IOException {
    channel.truncate(size);
    channel.position(size);
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
