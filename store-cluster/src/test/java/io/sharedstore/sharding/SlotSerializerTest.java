package io.sharedstore.sharding;

import static io.sharedstore.sharding.SlotDriver.cbor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events and snapshots through the serializer reference.conf binds them to, and back. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotSerializerTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private Object roundTrip(Object message) throws NotSerializableException {
    Serialization serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(message);
    assertEquals(SlotSerializer.IDENTIFIER, serializer.identifier(), "bound in reference.conf");
    byte[] bytes = serializer.toBinary(message);
    Object back = serialization.deserialize(bytes, serializer.identifier(),
        Serializers.manifestFor(serializer, message)).get();
    assertEquals(message, back);
    testKit.serializationTestKit().verifySerialization(message, true);
    return back;
  }

  @Test
  void anEventOfEveryChangeKindComesBackEqual() throws Exception {
    roundTrip(new SlotEvent(List.of(
        new Change.Written("a", 1, cbor("x"), OptionalLong.empty()),
        new Change.Written("t", 2, cbor(7L), OptionalLong.of(1_800_000_000_000L)),
        new Change.Removed("a", 3, Change.Cause.DELETED),
        new Change.Removed("b", 4, Change.Cause.EXPIRED),
        new Change.Removed("c", 5, Change.Cause.SWEPT),
        new Change.Remembered("n", 5, "r1", new Reply.Counter(3, 5), 1_700_000_000_000L),
        new Change.Remembered("m", 5, "r2",
            new Reply.BoundedCounter(OptionalLong.empty(), 5), 1_700_000_000_001L))));
  }

  @Test
  void theSealIsNoBytesAndComesBackASeal() throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system());
    assertEquals(0, serialization.serialize(SlotEvent.SEAL).get().length);
    assertTrue(((SlotEvent) roundTrip(SlotEvent.SEAL)).isSeal());
  }

  @Test
  void aSnapshotWithTtlEntriesAndRememberedResultsRestoresTheEngine() throws Exception {
    StoreEngine engine = new StoreEngine(SlotContract.SETTINGS);
    long now = 1_700_000_000_000L;
    engine.apply(new Operation.Set("plain", cbor("p"), OptionalLong.empty()), now);
    engine.apply(new Operation.Set("ttl", cbor("t"), OptionalLong.of(60_000)), now);
    engine.apply(new Operation.Increment("n", 4, OptionalLong.of(5_000), Optional.of("r1")), now);
    engine.apply(new Operation.Delete("plain"), now);
    SlotSnapshot snapshot = SlotSnapshot.of(engine, now);
    assertEquals(2, snapshot.entries().size());
    assertEquals(1, snapshot.remembered().size());

    SlotSnapshot back = (SlotSnapshot) roundTrip(snapshot);
    StoreEngine restored = back.restore(SlotContract.SETTINGS);
    assertEquals(engine.revision(), restored.revision());
    assertEquals(state(engine, now), state(restored, now));
    assertEquals(new Reply.Counter(4, 3), restored.apply(
        new Operation.Increment("n", 4, OptionalLong.empty(), Optional.of("r1")), now).reply(),
        "the retry memory came back");
    assertEquals(new Reply.TtlLeft(true, OptionalLong.of(60_000)),
        restored.apply(new Operation.GetTtl("ttl"), now).reply());
  }

  @Test
  void anEmptySnapshotComesBack() throws Exception {
    roundTrip(SlotSnapshot.of(new StoreEngine(SlotContract.SETTINGS), 0));
    roundTrip(new SlotSnapshot(42, List.of(), List.of()));
  }

  @Test
  void whatItCannotReadIsRefused() {
    SlotSerializer serializer = new SlotSerializer(null);
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "S"));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {9}, "E"));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "X"));
    byte[] event = serializer.toBinary(new SlotEvent(
        List.of(new Change.Removed("a", 1, Change.Cause.DELETED))));
    assertArrayEquals(event, serializer.toBinary(fromBinary(serializer, event)));
  }

  private static Object fromBinary(SlotSerializer serializer, byte[] event) {
    try {
      return serializer.fromBinary(event, "E");
    } catch (NotSerializableException e) {
      throw new AssertionError(e);
    }
  }

  /** Every entry and remembered result, as strings. */
  private static List<String> state(StoreEngine engine, long now) {
    List<String> state = new ArrayList<>();
    engine.forEachEntry((key, value, deadline) -> state.add(key + "=" + value + " " + deadline));
    engine.forEachRemembered(now, (key, id, result, at) ->
        state.add(key + "/" + id + "=" + result + " at " + at));
    return state;
  }
}
