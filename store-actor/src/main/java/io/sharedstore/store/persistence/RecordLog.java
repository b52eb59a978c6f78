package io.sharedstore.store.persistence;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The constants of the record log's file format: an 8-byte header (magic {@code "SSLG"}, int
 * format version), then records framed as {@code [int length][int CRC32C of payload][payload]}.
 */
public final class RecordLog {

  /** The first four bytes of every log file: {@code "SSLG"}. */
  public static final int MAGIC = 0x53534C47;

  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Bytes of the file header: magic and version. */
  public static final int HEADER_BYTES = 8;

  /** Bytes of a record's frame before its payload: length and checksum. */
  public static final int FRAME_BYTES = 8;

  /**
   * The largest payload a record may have (256 MiB); a length outside {@code 1..} this is
   * impossible and read as corruption.
   */
  public static final int MAX_RECORD_BYTES = 256 << 20;

  private RecordLog() {}

  /** The file header, ready to write. */
  static ByteBuffer header() {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.putInt(MAGIC).putInt(FORMAT_VERSION).flip();
    return header;
  }

  /** The CRC32C of {@code length} bytes of {@code payload} from {@code offset}. */
  static int checksum(byte[] payload, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(payload, offset, length);
    return (int) crc.getValue();
  }
}
