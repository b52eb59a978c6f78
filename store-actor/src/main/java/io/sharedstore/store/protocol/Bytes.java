package io.sharedstore.store.protocol;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes: a serialized value as the protocol carries it. Equal by content,
 * shown by its length and first bytes, so every message that holds a value compares and logs it
 * by value ({@code Bytes[3: 0a0b0c]}), never as {@code [B@1f2e3d}.
 *
 * <p>{@link #wrap} takes ownership of an array without copying it (the array must not be changed
 * afterwards): the client wraps the bytes it has just encoded and the wire reader the bytes it
 * has just read, so a value is never copied on its way through. {@link #copyOf} copies.
 */
public final class Bytes {

  private static final int SHOWN_BYTES = 16;
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The bytes of {@code array}, which this takes over: whoever passes it must not change it.
   *
   * @param array the bytes, not copied
   * @return the bytes as a value (one shared instance for an empty array)
   * @throws NullPointerException if {@code array} is null
   */
  public static Bytes wrap(byte[] array) {
    return array.length == 0 ? EMPTY : new Bytes(array);
  }

  /**
   * A copy of {@code array}.
   *
   * @param array the bytes to copy
   * @return a value holding a copy, independent of later changes to {@code array}
   * @throws NullPointerException if {@code array} is null
   */
  public static Bytes copyOf(byte[] array) {
    return wrap(array.clone());
  }

  /**
   * The wrapped bytes, or null for null (for fields a hostile peer may leave out, so that the
   * rules refuse them instead of deserialization failing).
   *
   * @param array the bytes, not copied, or null
   * @return as {@link #wrap}, or null if {@code array} is null
   */
  public static Bytes wrapNullable(byte[] array) {
    return array == null ? null : wrap(array);
  }

  /**
   * How many bytes.
   *
   * @return the length
   */
  public int length() {
    return bytes.length;
  }

  /**
   * A copy of the bytes.
   *
   * @return a new array the caller may change
   */
  public byte[] toArray() {
    return bytes.clone();
  }

  /**
   * The array itself, not a copy, for code that only reads it (the engine, the wire format, a
   * decoder): changing it would change this value, so never do.
   *
   * @return the array this value holds
   */
  public byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code Bytes[length: hex of the first 16 bytes...]}. */
  @Override
  public String toString() {
    int shown = Math.min(bytes.length, SHOWN_BYTES);
    return "Bytes[" + bytes.length + ": " + HexFormat.of().formatHex(bytes, 0, shown)
        + (shown < bytes.length ? "..." : "") + "]";
  }
}
