package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Messages that carry values compare them by content and show them readably. */
class BytesTest {

  @Test
  void recordsHoldingValuesAreEqualByContent() {
    assertEquals(new Operation.Set("k", Bytes.wrap(new byte[] {1, 2}), OptionalLong.empty()),
        new Operation.Set("k", Bytes.wrap(new byte[] {1, 2}), OptionalLong.empty()));
    assertNotEquals(new Operation.Set("k", Bytes.wrap(new byte[] {1, 2}), OptionalLong.empty()),
        new Operation.Set("k", Bytes.wrap(new byte[] {1, 3}), OptionalLong.empty()));
    assertEquals(new Reply.Value(Optional.of(Bytes.wrap(new byte[] {9}))),
        new Reply.Value(Optional.of(Bytes.copyOf(new byte[] {9}))));
    assertEquals(new Reply.Values(Map.of("a", Bytes.wrap(new byte[] {4}))),
        new Reply.Values(Map.of("a", Bytes.wrap(new byte[] {4}))));
    assertEquals(
        new Operation.CompareAndSet("k", Optional.of(Bytes.wrap(new byte[] {1})),
            Bytes.wrap(new byte[] {2}), OptionalLong.of(5)).hashCode(),
        new Operation.CompareAndSet("k", Optional.of(Bytes.wrap(new byte[] {1})),
            Bytes.wrap(new byte[] {2}), OptionalLong.of(5)).hashCode());
  }

  @Test
  void valuesShowTheirLengthAndFirstBytesNeverAnArrayIdentity() {
    String shown =
        new Operation.SetAll(Map.of("a", Bytes.wrap(new byte[] {0x0a, 0x0b})), OptionalLong.empty())
            .toString();
    assertTrue(shown.contains("Bytes[2: 0a0b]"), shown);
    assertFalse(shown.contains("[B@"), shown);
    String long32 = Bytes.wrap(new byte[32]).toString();
    assertEquals("Bytes[32: " + "00".repeat(16) + "...]", long32);
  }

  @Test
  void copyOfIsIndependentOfItsArray() {
    byte[] array = {1, 2, 3};
    Bytes copy = Bytes.copyOf(array);
    array[0] = 9;
    assertEquals(1, copy.unsafeArray()[0]);
    byte[] out = copy.toArray();
    out[1] = 9;
    assertEquals(2, copy.unsafeArray()[1]);
  }
}
