package io.sharedstore.store.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedstore.store.internal.ValueFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Equality of two stored values as JSON trees: object key order does not matter and numbers are
 * equal by numeric value ({@code 1 == 1L == 1.0}), so a value compares equal however the writer's
 * types encoded it.
 */
final class ValueTrees {

  private static final Comparator<JsonNode> SCALARS =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          if (!finite(a) || !finite(b)) {
            // NaN and infinities have no decimal value: equal only to the same non-finite value.
            return !finite(a) && !finite(b) && Double.compare(a.doubleValue(), b.doubleValue()) == 0
                ? 0
                : 1;
          }
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private ValueTrees() {}

  private static boolean finite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  /**
   * True if both serialized values are the same tree. A stored value ({@code a}) need not be
   * readable (Set keeps opaque bytes): unreadable, it equals only the same bytes.
   *
   * @throws IOException if {@code b}, the value the caller expects, is not a readable value
   */
  static boolean equal(byte[] a, byte[] b) throws IOException {
    if (Arrays.equals(a, b)) {
      return true;
    }
    JsonNode right = ValueFormat.reader().readTree(b);
    JsonNode left;
    try {
      left = ValueFormat.reader().readTree(a);
    } catch (IOException e) {
      return false;
    }
    return left.equals(SCALARS, right);
  }
}
