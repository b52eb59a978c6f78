package io.sharedstore.cluster;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.sharedstore.store.internal.ValueFormat;
import java.io.IOException;

/**
 * Turns application values into the bytes the store keeps, and back, in the store's {@link
 * ValueFormat} (Jackson CBOR with the modules a Jackson user expects: records and constructor
 * parameters, {@code Optional}, {@code java.time}). Thread-safe. Actor code that talks to the store with {@code context.ask}
 * uses it to build {@code Operation.Set} and read {@code Reply.Value}.
 */
public final class ValueCodec {

  private static final ValueCodec INSTANCE = new ValueCodec();

  private ValueCodec() {}

  /** The codec every client uses. */
  public static ValueCodec get() {
    return INSTANCE;
  }

  /**
   * Serializes a value for {@code key}.
   *
   * @throws StoreSerializationException if Jackson cannot serialize it
   */
  public byte[] encode(String operation, String key, Object value) {
    try {
      return ValueFormat.writer().writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new StoreSerializationException(
          operation,
          key,
          "cannot serialize a value of " + value.getClass().getName() + ": " + e.getOriginalMessage(),
          e);
    }
  }

  /** Reads a stored value as {@code type}. */
  public <T> T decode(String operation, String key, byte[] bytes, Class<T> type) {
    return decode(operation, key, bytes, ValueFormat.type(type));
  }

  /** Reads a stored value as a generic type such as {@code List<Foo>}. */
  public <T> T decode(String operation, String key, byte[] bytes, TypeReference<T> type) {
    return decode(operation, key, bytes, ValueFormat.type(type));
  }

  private <T> T decode(String operation, String key, byte[] bytes, JavaType type) {
    try {
      return ValueFormat.reader().forType(type).readValue(bytes);
    } catch (IOException e) {
      String problem =
          e instanceof JacksonException je ? je.getOriginalMessage() : String.valueOf(e);
      throw new StoreSerializationException(
          operation, key, "the stored value cannot be read as " + type + ": " + problem, e);
    }
  }
}
