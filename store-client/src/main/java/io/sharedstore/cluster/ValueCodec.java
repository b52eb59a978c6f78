package io.sharedstore.cluster;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import io.sharedstore.store.internal.ValueFormat;
import java.io.IOException;

/**
 * Turns application values into the bytes the store keeps, and back, in the store's {@link
 * ValueFormat} (Jackson CBOR with the modules a Jackson user expects: records and constructor
 * parameters, {@code Optional}, {@code java.time}). Thread-safe. {@link StoreClient} and {@link
 * StoreRequest} use it for every value; an application needs it only to read bytes it got
 * another way (e.g. from {@link ClusterClient#remoteStoreRef()}). Its Jackson mapper is never
 * handed out, so nobody can reconfigure the format under the store's other users.
 */
public final class ValueCodec {

  private static final ValueCodec INSTANCE = new ValueCodec();

  private ValueCodec() {}

  /**
   * The codec every client uses.
   *
   * @return the one shared, thread-safe instance
   */
  public static ValueCodec get() {
    return INSTANCE;
  }

  /**
   * Serializes a value as the store keeps it.
   *
   * @param value the value; {@code null} is written as CBOR null
   * @return the value's CBOR bytes
   * @throws StoreSerializationException if Jackson cannot serialize it
   */
  public byte[] encode(Object value) {
    return encode("encode", "", value);
  }

  /**
   * Reads stored bytes as {@code type}.
   *
   * @param <T> the type to read
   * @param bytes the bytes as the store keeps them
   * @param type the class to read them as ({@code Object.class}: as Jackson reads them untyped)
   * @return the value read
   * @throws StoreSerializationException if they cannot be read as {@code type}
   */
  public <T> T decode(byte[] bytes, Class<T> type) {
    return decode("decode", "", bytes, type);
  }

  /**
   * Reads stored bytes as a generic type such as {@code new TypeReference<List<Foo>>() {}}.
   *
   * @param <T> the type to read
   * @param bytes the bytes as the store keeps them
   * @param type the generic type to read them as
   * @return the value read
   * @throws StoreSerializationException if they cannot be read as {@code type}
   */
  public <T> T decode(byte[] bytes, TypeReference<T> type) {
    return decode("decode", "", bytes, type);
  }

  /**
   * Serializes a value for {@code key}; errors name the operation and the key.
   *
   * @param operation the operation the value is for, e.g. {@code "set"}, as the error names it
   * @param key the key the value is for, as the error names it
   * @param value the value; {@code null} is written as CBOR null
   * @return the value's CBOR bytes
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

  /**
   * Reads a stored value as {@code type}; errors name the operation and the key.
   *
   * @param <T> the type to read
   * @param operation the operation that read the value, e.g. {@code "get"}, as the error names it
   * @param key the key the value was stored under, as the error names it
   * @param bytes the bytes as the store keeps them
   * @param type the class to read them as
   * @return the value read
   * @throws StoreSerializationException if it cannot be read as {@code type}
   */
  public <T> T decode(String operation, String key, byte[] bytes, Class<T> type) {
    return decode(operation, key, bytes, ValueFormat.type(type));
  }

  /**
   * Reads a stored value as a generic type such as {@code List<Foo>}; errors name the operation
   * and the key.
   *
   * @param <T> the type to read
   * @param operation the operation that read the value, e.g. {@code "get"}, as the error names it
   * @param key the key the value was stored under, as the error names it
   * @param bytes the bytes as the store keeps them
   * @param type the generic type to read them as
   * @return the value read
   * @throws StoreSerializationException if it cannot be read as {@code type}
   */
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
