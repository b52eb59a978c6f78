package io.sharedstore.store.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sharedstore.store.internal.ValueFormat;
import java.io.IOException;
import java.util.OptionalLong;

/** Stored values as counters: a counter is a value whose tree is an integer in the long range. */
final class Counters {

  private Counters() {}

  /** The counter a stored value holds, or empty if it is not an integer that fits a long. */
  static OptionalLong read(byte[] value) {
    try {
      JsonNode node = ValueFormat.reader().readTree(value);
      if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
        return OptionalLong.of(node.longValue());
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The stored form of a counter. */
  static byte[] write(long counter) {
    try {
      return ValueFormat.writer().writeValueAsBytes(counter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a long is always serializable", e);
    }
  }
}
