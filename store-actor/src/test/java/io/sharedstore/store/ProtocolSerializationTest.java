package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every protocol message survives the serializer it is bound to (Jackson CBOR). */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolSerializationTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private void verify(Object message) {
    testKit.serializationTestKit().verifySerialization(message, true);
  }

  @Test
  void commands() {
    ActorRef<StatusReply<Done>> done = testKit.<StatusReply<Done>>createTestProbe().getRef();
    verify(new StoreActor.Set("k", new byte[] {1, 2, 3}, OptionalLong.empty(), done));
    verify(new StoreActor.Set("k", new byte[] {1, 2, 3}, OptionalLong.of(5000), done));
    verify(new StoreActor.Get("k", testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef()));
    verify(new StoreActor.Has("k", testKit.<StatusReply<StoreActor.Exists>>createTestProbe().getRef()));
    verify(new StoreActor.Delete("k", testKit.<StatusReply<StoreActor.Deleted>>createTestProbe().getRef()));
    verify(new StoreActor.GetStats(testKit.<StoreActor.Stats>createTestProbe().getRef()));
  }

  @Test
  void replies() {
    verify(new StoreActor.Value(Optional.of(new byte[] {(byte) 0xff, 0, 7})));
    verify(new StoreActor.Value(Optional.empty()));
    verify(new StoreActor.Exists(true));
    verify(new StoreActor.Deleted(false));
    verify(new StoreActor.Stats(10, 3));
    verify(StatusReply.success(new StoreActor.Exists(true)));
  }

  @Test
  void raceFreeCommandsWithoutBytes() {
    var counter = testKit.<StatusReply<StoreActor.Counter>>createTestProbe().getRef();
    var bounded = testKit.<StatusReply<StoreActor.BoundedCounter>>createTestProbe().getRef();
    var applied = testKit.<StatusReply<StoreActor.Applied>>createTestProbe().getRef();
    var value = testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef();
    var count = testKit.<StatusReply<StoreActor.Count>>createTestProbe().getRef();
    verify(new StoreActor.Increment("c", -3, OptionalLong.empty(), Optional.empty(), counter));
    verify(new StoreActor.Increment("c", Long.MAX_VALUE, OptionalLong.of(1000), Optional.of("r1"),
        counter));
    verify(new StoreActor.IncrementBounded("c", 1, 10, OptionalLong.empty(), Optional.empty(),
        bounded));
    verify(new StoreActor.IncrementBounded("c", 1, Long.MIN_VALUE, OptionalLong.of(5),
        Optional.of("r2"), bounded));
    verify(new StoreActor.GetAndDelete("k", value));
    verify(new StoreActor.Expire("k", 1500, applied));
    verify(new StoreActor.Persist("k", applied));
    verify(new StoreActor.GetTtl("k", testKit.<StatusReply<StoreActor.TtlLeft>>createTestProbe()
        .getRef()));
    verify(new StoreActor.Scan("user:*", "", 100, testKit.<StatusReply<StoreActor.KeyPage>>
        createTestProbe().getRef()));
    verify(new StoreActor.Scan("a\\*b?", "user:42", 1, testKit.<StatusReply<StoreActor.KeyPage>>
        createTestProbe().getRef()));
    verify(new StoreActor.Size(count));
    verify(new StoreActor.DeleteAll("session:*", count));
    verify(new StoreActor.GetAll(List.of("a", "b"), testKit.<StatusReply<StoreActor.Values>>
        createTestProbe().getRef()));
    verify(new StoreActor.GetAll(List.of(), testKit.<StatusReply<StoreActor.Values>>
        createTestProbe().getRef()));
  }

  /**
   * Records holding {@code byte[]} compare arrays by reference, so these are checked without
   * equality and compared field by field.
   */
  @Test
  void raceFreeCommandsWithBytes() {
    var applied = testKit.<StatusReply<StoreActor.Applied>>createTestProbe().getRef();
    var value = testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef();
    var done = testKit.<StatusReply<Done>>createTestProbe().getRef();
    byte[] bytes = {(byte) 0xff, 0, 7};
    byte[] other = {1, 2};

    var setIfAbsent = new StoreActor.SetIfAbsent("k", bytes, OptionalLong.of(10), applied);
    var s = roundTrip(setIfAbsent);
    assertEquals(List.of(setIfAbsent.key(), setIfAbsent.ttlMillis(), setIfAbsent.replyTo()),
        List.of(s.key(), s.ttlMillis(), s.replyTo()));
    assertArrayEquals(bytes, s.value());

    for (Optional<byte[]> expected : List.of(Optional.<byte[]>empty(), Optional.of(other))) {
      for (OptionalLong ttl : List.of(OptionalLong.empty(), OptionalLong.of(99))) {
        var cas = new StoreActor.CompareAndSet("k", expected, bytes, ttl, applied);
        var c = roundTrip(cas);
        assertEquals(List.of(cas.key(), cas.ttlMillis(), cas.replyTo()),
            List.of(c.key(), c.ttlMillis(), c.replyTo()));
        assertArrayEquals(bytes, c.value());
        assertEquals(expected.isPresent(), c.expected().isPresent(), "empty stays empty");
        expected.ifPresent(e -> assertArrayEquals(e, c.expected().get()));
      }
    }

    var deleteIfEquals = new StoreActor.DeleteIfEquals("k", bytes, applied);
    var d = roundTrip(deleteIfEquals);
    assertEquals(List.of("k", applied), List.of(d.key(), d.replyTo()));
    assertArrayEquals(bytes, d.expected());

    var getAndSet = new StoreActor.GetAndSet("k", bytes, OptionalLong.empty(), value);
    var g = roundTrip(getAndSet);
    assertEquals(List.of("k", OptionalLong.empty(), value),
        List.of(g.key(), g.ttlMillis(), g.replyTo()));
    assertArrayEquals(bytes, g.value());

    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("z", bytes);
    entries.put("a", other);
    entries.put("empty", new byte[0]);
    var setAll = new StoreActor.SetAll(entries, OptionalLong.of(1000), done);
    var all = roundTrip(setAll);
    assertEquals(List.of(OptionalLong.of(1000), done), List.of(all.ttlMillis(), all.replyTo()));
    assertSameEntries(entries, all.entries());
  }

  @Test
  void raceFreeReplies() {
    verify(new StoreActor.Counter(Long.MIN_VALUE));
    verify(new StoreActor.BoundedCounter(OptionalLong.of(3)));
    verify(new StoreActor.BoundedCounter(OptionalLong.empty()));
    verify(new StoreActor.Applied(true));
    verify(new StoreActor.TtlLeft(false, OptionalLong.empty()));
    verify(new StoreActor.TtlLeft(true, OptionalLong.empty()));
    verify(new StoreActor.TtlLeft(true, OptionalLong.of(1234)));
    verify(new StoreActor.KeyPage(List.of("a", "b"), "b"));
    verify(new StoreActor.KeyPage(List.of(), ""));
    verify(new StoreActor.Count(0));
    verify(new StoreActor.Count(Long.MAX_VALUE));
    verify(StatusReply.success(new StoreActor.Counter(5)));
    verify(StatusReply.success(new StoreActor.BoundedCounter(OptionalLong.empty())));
    verify(StatusReply.error(Refusal.TYPE.describe("increment of key [k] refused: not an integer")));

    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put("b", new byte[] {(byte) 0xff, 0, 7});
    values.put("a", new byte[0]);
    assertSameEntries(values, roundTrip(new StoreActor.Values(values)).values());
    assertEquals(Map.of(), roundTrip(new StoreActor.Values(Map.of())).values());
  }

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T message) {
    return (T) testKit.serializationTestKit().verifySerialization(message, false);
  }

  private static void assertSameEntries(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "keys");
    expected.forEach((key, bytes) -> assertArrayEquals(bytes, actual.get(key), key));
    assertTrue(actual.values().stream().allMatch(v -> v != null));
  }

  @Test
  void aKeyWithUnicodeAndControlCharactersSurvives() {
    verify(new StoreActor.Get("ключ\u0000\t😀", testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef()));
  }
}
