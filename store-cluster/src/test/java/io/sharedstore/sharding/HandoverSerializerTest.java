package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handover's messages through their serializer and back; a large state in frame chunks. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoverSerializerTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private static Bytes value(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parkParkedAndDropComeBackEqual() {
    TestProbe<SlotHandover.Message> from = testKit.createTestProbe();
    SlotSnapshot chunk = new SlotSnapshot(42, List.of(
        new Change.Written("a", 0, value("\"x\""), OptionalLong.empty()),
        new Change.Written("t", 0, value("7"), OptionalLong.of(1_800_000_000_000L))),
        List.of(new Change.Remembered("n", 0, "r1", new Reply.Counter(3, 5), 1_700_000_000_000L)));
    for (Object message : List.of(new SlotHandover.Park(7, 0, 3, chunk, from.getRef()),
        new SlotHandover.Parked(7, 2, "pekko://shared-store@127.0.0.1:2551"),
        new SlotHandover.Drop(7))) {
      var serializer = org.apache.pekko.serialization.SerializationExtension.get(testKit.system())
          .findSerializerFor(message);
      assertEquals(HandoverSerializer.IDENTIFIER, serializer.identifier(), "bound: " + message);
      testKit.serializationTestKit().verifySerialization(message, true);
    }
  }

  @Test
  void aStateLargerThanAFrameGoesInChunksThatHoldEveryEntryOnce() {
    List<Change.Written> entries = new ArrayList<>();
    String big = "\"" + "v".repeat(10_000) + "\"";
    for (int i = 0; i < 300; i++) {
      entries.add(new Change.Written("k" + i, 0, value(big), OptionalLong.empty()));
    }
    SlotSnapshot state = new SlotSnapshot(9, entries,
        List.of(new Change.Remembered("n", 0, "r", new Reply.Counter(1, 2), 1L)));
    List<SlotSnapshot> chunks = SlotHandover.chunks(state);
    TestProbe<SlotHandover.Message> from = testKit.createTestProbe();
    assertEquals(6, chunks.size(), "3 MB of entries in chunks of 512 KiB");
    List<Change.Written> back = new ArrayList<>();
    for (SlotSnapshot chunk : chunks) {
      assertEquals(9, chunk.revision());
      back.addAll(chunk.entries());
      testKit.serializationTestKit().verifySerialization(
          new SlotHandover.Park(1, 0, chunks.size(), chunk, from.getRef()), true);
    }
    assertEquals(entries, back);
    assertEquals(state.remembered(), chunks.get(0).remembered());
    assertEquals(List.of(), chunks.get(1).remembered());
  }
}
