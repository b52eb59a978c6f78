package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Equality of stored values as JSON trees, as CompareAndSet and DeleteIfEquals use it. */
class ValueTreesTest {

  private static byte[] cbor(Object value) {
    try {
      return io.sharedstore.store.internal.ValueFormat.writer().writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }


  private static boolean equal(Object a, Object b) throws IOException {
    boolean forward = ValueTrees.equal(cbor(a), cbor(b));
    boolean backward = ValueTrees.equal(cbor(b), cbor(a));
    assertTrue(forward == backward, "symmetric: " + a + " vs " + b);
    return forward;
  }

  @Test
  void objectKeyOrderDoesNotMatter() throws IOException {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", 2);
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", 2);
    ba.put("a", 1);
    assertFalse(Arrays.equals(cbor(ab), cbor(ba)), "the bytes differ");
    assertTrue(equal(ab, ba));
    assertTrue(equal(Map.of("outer", ab), Map.of("outer", ba)));
  }

  @Test
  void numbersAreEqualByValueWhateverTheirJavaType() throws IOException {
    List<Object> ones =
        List.of(1, 1L, (short) 1, (byte) 1, 1.0, 1.0f, BigInteger.ONE, new BigDecimal("1.00"));
    for (Object a : ones) {
      for (Object b : ones) {
        assertTrue(equal(a, b), a + " (" + a.getClass().getSimpleName() + ") vs " + b + " ("
            + b.getClass().getSimpleName() + ")");
      }
    }
    assertTrue(equal(1.5, 1.5f));
    assertTrue(equal(Long.MAX_VALUE, BigInteger.valueOf(Long.MAX_VALUE)));
    assertTrue(equal(List.of(1, 2.0), List.of(1.0, 2L)));
    assertTrue(equal(Map.of("n", 0), Map.of("n", -0.0)));
  }

  @Test
  void differentValuesAreNotEqual() throws IOException {
    assertFalse(equal("1", 1), "a string is not a number");
    assertFalse(equal(1, 2));
    assertFalse(equal(1, 1.0000001));
    assertFalse(equal(Long.MAX_VALUE, Long.MAX_VALUE - 1));
    assertFalse(equal(List.of(1, 2), List.of(2, 1)), "array order matters");
    assertFalse(equal(List.of(1), 1));
    assertFalse(equal(Map.of("a", 1), Map.of("a", 1, "b", 2)));
    assertFalse(equal(Map.of("a", 1), Map.of("A", 1)));
    assertFalse(equal(true, 1));
    assertFalse(equal("", List.of()));
    assertFalse(equal(Map.of(), List.of()));
  }

  @Test
  void nanAndInfinityCompareWithoutThrowing() throws IOException {
    assertFalse(equal(1.0, Double.NaN));
    assertFalse(equal(1.0, Double.POSITIVE_INFINITY));
    assertFalse(equal(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertFalse(equal(Map.of("x", 1), Map.of("x", Double.NaN)));
  }

  @Test
  void anUnreadableExpectedValueIsAnIoExceptionAnUnreadableStoredOneIsUnequal() throws IOException {
    byte[] garbage = {(byte) 0xff};
    assertThrows(IOException.class, () -> ValueTrees.equal(cbor(1), garbage));
    assertFalse(ValueTrees.equal(garbage, cbor(1)), "an unreadable stored value equals nothing");
    assertTrue(ValueTrees.equal(garbage, garbage.clone()), "identical bytes need no parsing");
  }
}
