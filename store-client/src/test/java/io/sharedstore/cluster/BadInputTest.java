package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input gets a clear, typed error at the caller and changes nothing on the manager. Argument
 * errors throw at the call; value errors fail the returned stage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

  private static final int MAX_VALUE_SIZE = 1024 * 1024;

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(2, manager.address());
  private final StoreClient store = cluster.store();
  private long entriesBefore;

  @BeforeEach
  void countEntries() {
    entriesBefore = manager.storedEntries();
  }

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  private void assertManagerUnchanged() {
    assertEquals(entriesBefore, manager.storedEntries(), "the manager's data changed");
  }

  private static void assertMessageNames(Throwable error, String argument) {
    assertTrue(error.getMessage().contains(argument),
        "message [" + error.getMessage() + "] should name [" + argument + "]");
  }

  @Test
  void aNullKeyThrowsNullPointerExceptionForEveryOperation() {
    List<Executable> calls = List.of(
        () -> store.set(null, "v"),
        () -> store.get(null, String.class),
        () -> store.get(null),
        () -> store.has(null),
        () -> store.delete(null));
    for (Executable call : calls) {
      assertMessageNames(assertThrows(NullPointerException.class, call), "key");
    }
    assertManagerUnchanged();
  }

  @Test
  void anEmptyKeyThrowsIllegalArgumentException() {
    assertMessageNames(assertThrows(IllegalArgumentException.class, () -> store.set("", "v")), "key");
    assertMessageNames(assertThrows(IllegalArgumentException.class, () -> store.has("")), "key");
    assertManagerUnchanged();
  }

  @Test
  void aKeyOf1024Utf8BytesIsAcceptedAnd1025Refused() {
    String ascii1024 = "k".repeat(1024);
    String twoByte1024 = "é".repeat(512);
    String threeByte1026 = "€".repeat(342);
    await(store.set(ascii1024, "v"));
    await(store.set(twoByte1024, "v"));
    assertTrue(await(store.has(ascii1024)));
    long stored = manager.storedEntries();

    for (String tooLong : List.of("k".repeat(1025), "é".repeat(512) + "k", threeByte1026)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> store.set(tooLong, "v"));
      assertMessageNames(e, "max-key-length");
      assertThrows(IllegalArgumentException.class, () -> store.get(tooLong, String.class));
      assertThrows(IllegalArgumentException.class, () -> store.delete(tooLong));
    }
    assertEquals(stored, manager.storedEntries());
  }

  @Test
  void aNullValueThrowsAndPointsToDelete() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> store.set("k", null));
    assertMessageNames(e, "value");
    assertMessageNames(e, "delete");
    assertManagerUnchanged();
  }

  @Test
  void aZeroOrNegativeTtlThrowsWhenTheOptionsAreBuilt() {
    assertMessageNames(
        assertThrows(IllegalArgumentException.class, () -> SetOptions.ttl(Duration.ZERO)), "ttl");
    assertThrows(IllegalArgumentException.class, () -> SetOptions.ttl(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> SetOptions.ttlMillis(0));
    assertThrows(IllegalArgumentException.class, () -> SetOptions.ttlMillis(-1));
    assertThrows(NullPointerException.class, () -> SetOptions.ttl(null));
  }

  @Test
  void aBadTimeoutThrows() {
    assertMessageNames(
        assertThrows(IllegalArgumentException.class, () -> store.get("k", String.class, Duration.ZERO)),
        "timeout");
    assertThrows(IllegalArgumentException.class, () -> store.has("k", Duration.ofMillis(-1)));
    for (Duration tooShort : List.of(Duration.ofNanos(1), Duration.ofNanos(999_999))) {
      assertMessageNames(
          assertThrows(IllegalArgumentException.class, () -> store.has("k", tooShort)),
          "at least 1 ms");
      assertThrows(IllegalArgumentException.class, () -> store.set("k", 1, tooShort));
      assertThrows(
          IllegalArgumentException.class,
          () -> StoreRequest.size(cluster.system().ignoreRef()).withTimeout(tooShort));
    }
    assertThrows(IllegalArgumentException.class, () -> cluster.awaitReachable(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> store.delete("k", null));
    assertThrows(NullPointerException.class, () -> store.set("k", "v", (SetOptions) null));
  }

  @Test
  void aValueJacksonCannotSerializeFailsTheStageWithJacksonsCause() {
    StoreSerializationException e = failure(store.set("k", new Object()), StoreSerializationException.class);
    assertInstanceOf(JacksonException.class, e.getCause());
    assertEquals("set", e.operation());
    assertEquals("k", e.key());
    assertManagerUnchanged();
  }

  @Test
  void aValueNestedTooDeeplyFailsTheStage() {
    List<Object> deep = new ArrayList<>();
    List<Object> current = deep;
    for (int i = 0; i < 5_000; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    failure(store.set("deep", deep), StoreSerializationException.class);
    assertManagerUnchanged();
  }

  @Test
  void readingAValueAsTheWrongTypeFailsAtOnce() {
    await(store.set("text", "abc"));
    StoreSerializationException e =
        failure(store.get("text", Integer.class), StoreSerializationException.class);
    assertEquals("get", e.operation());
    assertMessageNames(e, "text");
  }

  @Test
  void aValueOfExactlyMaxValueSizeCrossesBothWaysAndOneByteMoreIsRefused() {
    byte[] largest = valueSerializingTo(MAX_VALUE_SIZE);
    await(store.set("largest", largest));
    assertArrayEquals(largest, await(store.get("largest", byte[].class)).orElseThrow());
    long stored = manager.storedEntries();

    byte[] tooLarge = valueSerializingTo(MAX_VALUE_SIZE + 1);
    ValueTooLargeException e = failure(store.set("too-large", tooLarge), ValueTooLargeException.class);
    assertEquals(MAX_VALUE_SIZE + 1, e.size());
    assertEquals(MAX_VALUE_SIZE, e.limit());
    assertEquals(stored, manager.storedEntries());
    assertFalse(await(store.has("too-large")));
  }

  /** A byte array whose CBOR form (header + bytes) is exactly {@code size} bytes. */
  private static byte[] valueSerializingTo(int size) {
    int header = ValueCodec.get().encode("set", "k", new byte[size]).length - size;
    byte[] value = new byte[size - header];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    assertEquals(size, ValueCodec.get().encode("set", "k", value).length);
    return value;
  }

  private static <E extends Throwable> E failure(CompletionStage<?> stage, Class<E> type) {
    return assertThrows(type, () -> await(stage));
  }

  @Test
  void aStoredValueIsUntouchedByARefusedWrite() {
    await(store.set("kept", "original"));
    failure(store.set("kept", new Object()), StoreSerializationException.class);
    assertEquals(Optional.of("original"), await(store.get("kept", String.class)));
  }
}
