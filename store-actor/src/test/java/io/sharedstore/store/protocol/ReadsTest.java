package io.sharedstore.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which operations only read, and which keys a read observes. */
class ReadsTest {

  private static final Bytes V = Bytes.wrap(new byte[] {1});

  @Test
  void readsOfNamedKeysObserveThoseKeys() {
    assertEquals(List.of("a"), Reads.keysRead(new Operation.Get("a")));
    assertEquals(List.of("a"), Reads.keysRead(new Operation.Has("a")));
    assertEquals(List.of("a"), Reads.keysRead(new Operation.GetTtl("a")));
    assertEquals(List.of("a", "b"), Reads.keysRead(new Operation.GetAll(List.of("a", "b"))));
  }

  @Test
  void readsOfTheWholeStoreObserveAllOfIt() {
    assertEquals(List.of(), Reads.keysRead(new Operation.Scan("*", "", 10)));
    assertEquals(List.of(), Reads.keysRead(new Operation.Size()));
    assertEquals(List.of(), Reads.keysRead(new Operation.GetStats()));
    assertEquals(List.of(), Reads.keysRead(new Operation.Echo()), "answered in line, as size");
    assertTrue(Reads.isRead(null));
  }

  @Test
  void everyOperationThatMayChangeSomethingIsNoRead() {
    List<Operation<?>> writes = List.of(
        new Operation.Set("a", V, OptionalLong.empty()),
        new Operation.Delete("a"),
        new Operation.Increment("a", 1, OptionalLong.empty(), Optional.empty()),
        new Operation.SetIfAbsent("a", V, OptionalLong.empty()),
        new Operation.GetAndDelete("a"),
        new Operation.Expire("a", 1000),
        new Operation.Persist("a"),
        new Operation.DeleteAll("*"));
    for (Operation<?> write : writes) {
      assertFalse(Reads.isRead(write), write.toString());
      assertNull(Reads.keysRead(write), write.toString());
    }
  }
}
