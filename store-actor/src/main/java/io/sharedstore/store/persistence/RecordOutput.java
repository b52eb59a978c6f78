package io.sharedstore.store.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte array with the primitive writes of {@link ChangeCodec}. */
final class RecordOutput {

  private byte[] bytes;
  private int length;

  RecordOutput(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  void writeByte(int b) {
    reserve(1);
    bytes[length++] = (byte) b;
  }

  void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  /** An unsigned LEB128 varint of a value read as unsigned. */
  void writeVarLong(long value) {
    reserve(Varints.MAX_BYTES);
    length = Varints.put(bytes, length, value);
  }

  /** A zigzag varint: small magnitudes, either sign, in few bytes. */
  void writeSignedVarLong(long value) {
    writeVarLong(Varints.zigzag(value));
  }

  void writeBytes(byte[] data) {
    writeVarLong(data.length);
    reserve(data.length);
    System.arraycopy(data, 0, bytes, length, data.length);
    length += data.length;
  }

  void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void reserve(int more) {
    if (bytes.length - length < more) {
      long needed = (long) length + more;
      long capacity = Math.max(needed, bytes.length * 2L);
      bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, capacity));
    }
  }
}
