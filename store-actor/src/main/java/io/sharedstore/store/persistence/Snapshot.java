package io.sharedstore.store.persistence;

/**
 * The constants of the snapshot file format (all fixed-width integers big-endian, varints
 * unsigned LEB128, zigzag for signed values):
 *
 * <pre>
 * header   int magic "SSSN", int format version
 * body     epoch (varint length, UTF-8), revision (varint)
 *          items, each a tag byte and its fields:
 *            1 entry:             key (varint length, UTF-8), value (varint length, bytes)
 *            2 entry with TTL:    key, value, deadline (zigzag varint, epoch milliseconds)
 *            3 remembered result: varint length, then a {@link ChangeCodec} payload of one
 *                                 remembered change (revision 0)
 *          every entry comes before every remembered result
 * end      tag 0, entry count (varint), remembered count (varint),
 *          int CRC32C of every body byte (from the end of the header to the counts included)
 * </pre>
 *
 * Nothing follows the checksum.
 */
final class Snapshot {

  /** The first four bytes of every snapshot file: {@code "SSSN"}. */
  static final int MAGIC = 0x5353534E;

  /** The format version this code writes and reads. */
  static final int FORMAT_VERSION = 1;

  /** Bytes of the file header: magic and version. */
  static final int HEADER_BYTES = 8;

  static final int END = 0;
  static final int ENTRY = 1;
  static final int ENTRY_WITH_DEADLINE = 2;
  static final int REMEMBERED = 3;

  /** The longest string or value a snapshot holds (a key, an epoch, a value): 256 MiB. */
  static final int MAX_FIELD_BYTES = RecordLog.MAX_RECORD_BYTES;

  private Snapshot() {}
}
