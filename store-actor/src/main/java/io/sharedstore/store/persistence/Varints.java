package io.sharedstore.store.persistence;

import java.io.IOException;

/**
 * The one copy of the varint primitives the log records ({@link RecordOutput}, {@link
 * RecordInput}) and the snapshot files ({@link SnapshotWriter}, {@link SnapshotReader}) share:
 * unsigned LEB128 (7 bits a byte, low first, the high bit set on every byte but the last, at most
 * {@value #MAX_BYTES} bytes) and zigzag for signed values (small magnitudes of either sign in few
 * bytes).
 */
final class Varints {

  /** The most bytes a varint of a long takes. */
  static final int MAX_BYTES = 10;

  /** Where a varint's bytes come from. */
  @FunctionalInterface
  interface ByteSource<E extends IOException> {
    /** The next byte, 0 to 255. */
    int next() throws E;
  }

  /** Builds the error for a varint longer than {@value #MAX_BYTES} bytes. */
  @FunctionalInterface
  interface TooLong<E extends IOException> {
    E error();
  }

  private Varints() {}

  /**
   * Writes {@code value}, read as unsigned, into {@code into} from {@code offset}; the caller
   * leaves {@value #MAX_BYTES} bytes of room.
   *
   * @return the offset after the varint
   */
  static int put(byte[] into, int offset, long value) {
    while ((value & ~0x7FL) != 0) {
      into[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    into[offset++] = (byte) value;
    return offset;
  }

  /** Reads a varint from {@code in}, failing with {@code tooLong}'s error past 10 bytes. */
  static <E extends IOException> long read(ByteSource<E> in, TooLong<E> tooLong) throws E {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.next();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw tooLong.error();
  }

  /** The zigzag form of a signed value, to write as an unsigned varint. */
  static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  /** The signed value of a zigzag form. */
  static long unzigzag(long raw) {
    return (raw >>> 1) ^ -(raw & 1);
  }
}
