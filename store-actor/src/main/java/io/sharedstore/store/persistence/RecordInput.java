package io.sharedstore.store.persistence;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Reads what {@link RecordOutput} wrote, refusing anything malformed with a typed error. */
final class RecordInput {

  private final byte[] bytes;
  private int position;

  RecordInput(byte[] bytes) {
    this.bytes = bytes;
  }

  boolean atEnd() {
    return position == bytes.length;
  }

  int position() {
    return position;
  }

  int readByte() throws MalformedRecordException {
    if (position >= bytes.length) {
      throw new MalformedRecordException("the record ends early, at byte " + position);
    }
    return bytes[position++] & 0xFF;
  }

  boolean readBoolean() throws MalformedRecordException {
    int b = readByte();
    if (b > 1) {
      throw new MalformedRecordException("a boolean of " + b + " at byte " + (position - 1));
    }
    return b == 1;
  }

  long readVarLong() throws MalformedRecordException {
    return Varints.read(this::readByte,
        () -> new MalformedRecordException("a varint longer than 10 bytes at byte " + position));
  }

  long readSignedVarLong() throws MalformedRecordException {
    return Varints.unzigzag(readVarLong());
  }

  int readLength() throws MalformedRecordException {
    int at = position;
    long length = readVarLong();
    if (length < 0 || length > bytes.length - position) {
      throw new MalformedRecordException("a length of " + length + " at byte " + at
          + " runs past the record's end");
    }
    return (int) length;
  }

  byte[] readBytes() throws MalformedRecordException {
    int length = readLength();
    byte[] data = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return data;
  }

  String readString() throws MalformedRecordException {
    int at = position;
    int length = readLength();
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, position, length))
          .toString();
      position += length;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedRecordException("a string that is not UTF-8 at byte " + at);
    }
  }
}
