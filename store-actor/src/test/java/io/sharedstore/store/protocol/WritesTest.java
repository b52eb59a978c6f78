package io.sharedstore.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which keys an operation may change: the counterpart of {@link ReadsTest}. */
class WritesTest {

  private static final Bytes V = Bytes.wrap(new byte[] {1});

  @Test
  void everyWriteOfOneKeyTouchesThatKey() {
    List<Operation<?>> writes = List.of(
        new Operation.Set("a", V, OptionalLong.empty()),
        new Operation.Delete("a"),
        new Operation.Increment("a", 1, OptionalLong.empty(), Optional.empty()),
        new Operation.IncrementBounded("a", 1, 10, OptionalLong.empty(), Optional.empty()),
        new Operation.SetIfAbsent("a", V, OptionalLong.empty()),
        new Operation.CompareAndSet("a", Optional.empty(), V, OptionalLong.empty()),
        new Operation.DeleteIfEquals("a", V),
        new Operation.GetAndDelete("a"),
        new Operation.GetAndSet("a", V, OptionalLong.empty()),
        new Operation.Expire("a", 1000),
        new Operation.Persist("a"));
    for (Operation<?> write : writes) {
      Writes.Touched touched = Writes.touched(write);
      assertEquals(List.of("a"), touched.keys(), write.toString());
      assertEquals(Optional.empty(), touched.glob(), write.toString());
      assertFalse(Reads.isRead(write), write.toString());
    }
  }

  @Test
  void setAllTouchesEachKeyAndDeleteAllItsGlob() {
    Map<String, Bytes> entries = new LinkedHashMap<>();
    entries.put("a", V);
    entries.put("b", V);
    assertEquals(List.of("a", "b"),
        Writes.touched(new Operation.SetAll(entries, OptionalLong.empty())).keys());
    Writes.Touched all = Writes.touched(new Operation.DeleteAll("cfg:*"));
    assertEquals(List.of(), all.keys());
    assertEquals(Optional.of("cfg:*"), all.glob());
  }

  @Test
  void readsTouchNothing() {
    List<Operation<?>> reads = List.of(
        new Operation.Get("a"), new Operation.Has("a"), new Operation.GetTtl("a"),
        new Operation.GetAll(List.of("a")), new Operation.Scan("*", "", 10),
        new Operation.Size(), new Operation.GetStats(), new Operation.Echo());
    for (Operation<?> read : reads) {
      assertTrue(Writes.touched(read).isNothing(), read.toString());
      assertTrue(Reads.isRead(read), read.toString());
    }
    assertTrue(Writes.touched(null).isNothing());
  }
}
