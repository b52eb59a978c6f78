package io.sharedstore.store.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/** The field readers and writers the compact forms of batches and replies share. */
final class WireFields {

  private WireFields() {}

  /** Writes a value with its type name, as a field declared as the types' base would be. */
  static void writePolymorphic(
      Object value, TypeSerializer types, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    provider.findValueSerializer(value.getClass()).serializeWithType(value, gen, provider, types);
  }

  /** How values declared as {@code base} are written with their type names. */
  static TypeSerializer typesOf(Class<?> base, SerializerProvider provider)
      throws JsonMappingException {
    return provider.findTypeSerializer(provider.constructType(base));
  }

  /** The reader of a value declared as {@code type}, with its type name if it has one. */
  static JsonDeserializer<Object> rootReader(Class<?> type, DeserializationContext ctxt)
      throws JsonMappingException {
    return ctxt.findRootValueDeserializer(ctxt.constructType(type));
  }

  /** Reads a {@code type} with {@code reader}, or looks the reader up if there is none yet. */
  static Object read(
      JsonDeserializer<Object> reader, Class<?> type, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    return reader != null ? reader.deserialize(p, ctxt) : ctxt.readValue(p, type);
  }

  static void expect(JsonToken actual, JsonToken expected, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    if (actual != expected) {
      ctxt.reportInputMismatch(
          (Class<?>) null, "expected %s in the compact form of a batch or replies, found %s",
          expected, actual);
    }
  }

  static long nextLong(JsonParser p) throws IOException {
    p.nextToken();
    return p.getLongValue();
  }

  static String nextString(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
  }

  static byte[] nextBinary(JsonParser p) throws IOException {
    p.nextToken();
    return p.getBinaryValue();
  }

  static OptionalLong nextOptionalLong(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL
        ? OptionalLong.empty()
        : OptionalLong.of(p.getLongValue());
  }

  static Optional<String> nextOptionalString(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(p.getText());
  }

  static void writeOptional(OptionalLong value, JsonGenerator gen) throws IOException {
    if (value.isPresent()) {
      gen.writeNumber(value.getAsLong());
    } else {
      gen.writeNull();
    }
  }

  static boolean nextBoolean(JsonParser p) throws IOException {
    p.nextToken();
    return p.getBooleanValue();
  }
}
