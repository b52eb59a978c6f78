package io.sharedstore.store.persistence;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a log written by {@link RecordLogWriter} back, record by record, and says what follows
 * the last whole record ({@link LogEnd}): nothing, a record cut short, or a bad record. It never
 * changes the file: truncating it is the caller's decision.
 *
 * <p>A record whose frame or payload runs past the end of the file, or a tail of zeros, is read
 * as cut short. A record with an impossible length (0, negative, above {@link
 * RecordLog#MAX_RECORD_BYTES}) or a checksum that does not match is read as corrupt, wherever it
 * is. (A damaged length that happens to point past the end of the file cannot be told from a cut
 * record.)
 */
public final class RecordLogReader {

  private static final int READ_BUFFER = 256 << 10;

  private RecordLogReader() {}

  /**
   * Reads every whole record of {@code file} into memory.
   *
   * @param file the log
   * @return the records and what follows them
   * @throws LogFormatException if the file is not a log of a known format version
   * @throws IOException if the file cannot be read
   */
  public static Recovery readAll(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    LogEnd end = read(file, records::add);
    return new Recovery(records, end);
  }

  /**
   * Hands every whole record of {@code file}, in order, to {@code sink}, without holding them.
   *
   * @param file the log
   * @param sink receives each record's payload (an array of its own)
   * @return what follows the last whole record
   * @throws LogFormatException if the file is not a log of a known format version
   * @throws IOException if the file cannot be read
   */
  public static LogEnd read(Path file, Consumer<byte[]> sink) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), READ_BUFFER);
      return new Scan(file, size, in).run(sink);
    }
  }

  /** One pass over one file. */
  private static final class Scan {
    private final Path file;
    private final long size;
    private final InputStream in;
    private final byte[] frame = new byte[RecordLog.FRAME_BYTES];

    Scan(Path file, long size, InputStream in) {
      this.file = file;
      this.size = size;
      this.in = in;
    }

    LogEnd run(Consumer<byte[]> sink) throws IOException {
      byte[] header = new byte[RecordLog.HEADER_BYTES];
      int got = readUpTo(header, RecordLog.HEADER_BYTES);
      if (got == 0) {
        return new LogEnd.Clean(0);
      }
      checkHeader(header, got);
      if (got < RecordLog.HEADER_BYTES) {
        return new LogEnd.Truncated(0, got);
      }
      long offset = RecordLog.HEADER_BYTES;
      while (true) {
        got = readUpTo(frame, RecordLog.FRAME_BYTES);
        if (got == 0) {
          return new LogEnd.Clean(offset);
        }
        if (got < RecordLog.FRAME_BYTES) {
          return new LogEnd.Truncated(offset, got);
        }
        ByteBuffer fields = ByteBuffer.wrap(frame);
        int length = fields.getInt();
        int checksum = fields.getInt();
        if (length <= 0 || length > RecordLog.MAX_RECORD_BYTES) {
          if (length == 0 && checksum == 0 && restIsZeros()) {
            return new LogEnd.Truncated(offset, size - offset);
          }
          return new LogEnd.Corrupt(offset, size - offset, "impossible record length " + length);
        }
        if (length > size - offset - RecordLog.FRAME_BYTES) {
          return new LogEnd.Truncated(offset, size - offset);
        }
        byte[] payload = new byte[length];
        got = readUpTo(payload, length);
        if (got < length) {
          // the file shrank while being read
          return new LogEnd.Truncated(offset, RecordLog.FRAME_BYTES + (long) got);
        }
        int actual = RecordLog.checksum(payload, 0, length);
        if (actual != checksum) {
          return new LogEnd.Corrupt(
              offset,
              size - offset,
              String.format(
                  "checksum mismatch (stored %08x, computed %08x) in a record of %d bytes",
                  checksum, actual, length));
        }
        sink.accept(payload);
        offset += RecordLog.FRAME_BYTES + (long) length;
      }
    }

    private void checkHeader(byte[] header, int got) throws LogFormatException {
      byte[] expected = RecordLog.header().array();
      int magicBytes = Math.min(got, 4);
      for (int i = 0; i < magicBytes; i++) {
        if (header[i] != expected[i]) {
          throw new LogFormatException(file, "not a shared-store log (no SSLG header)");
        }
      }
      if (got == RecordLog.HEADER_BYTES) {
        int version = ByteBuffer.wrap(header).getInt(4);
        if (version != RecordLog.FORMAT_VERSION) {
          throw new LogFormatException(
              file,
              "log format version "
                  + version
                  + ", this build reads version "
                  + RecordLog.FORMAT_VERSION
                  + " only");
        }
      }
    }

    private boolean restIsZeros() throws IOException {
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) > 0) {
        for (int i = 0; i < n; i++) {
          if (chunk[i] != 0) {
            return false;
          }
        }
      }
      return true;
    }

    private int readUpTo(byte[] into, int wanted) throws IOException {
      int total = 0;
      while (total < wanted) {
        int n = in.read(into, total, wanted - total);
        if (n < 0) {
          break;
        }
        total += n;
      }
      return total;
    }
  }
}
