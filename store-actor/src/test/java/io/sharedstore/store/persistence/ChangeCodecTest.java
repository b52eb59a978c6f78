package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeCodecTest {

  private static final long SEED = 0xC0DECL;
  private static final long NOW = 1_764_000_000_000L;

  @TempDir Path dir;

  private static Bytes bytes(int... values) {
    byte[] array = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      array[i] = (byte) values[i];
    }
    return Bytes.wrap(array);
  }

  private static List<Reply> everyReply() {
    Map<String, Bytes> values = new LinkedHashMap<>();
    values.put("b", bytes(1));
    values.put("a", bytes());
    values.put("ключ", bytes(255, 0, 128));
    return List.of(
        new Reply.Written(7),
        new Reply.Value(Optional.of(bytes(1, 2))),
        new Reply.Value(Optional.empty()),
        new Reply.Exists(true),
        new Reply.Exists(false),
        new Reply.Deleted(true, 9),
        new Reply.Deleted(false, 0),
        new Reply.Counter(-5, 10),
        new Reply.Counter(Long.MIN_VALUE, Long.MAX_VALUE),
        new Reply.BoundedCounter(OptionalLong.of(3), 11),
        new Reply.BoundedCounter(OptionalLong.empty(), 11),
        new Reply.Applied(true, 12),
        new Reply.Applied(false, 12),
        new Reply.Previous(Optional.of(bytes(9)), 13),
        new Reply.Previous(Optional.empty(), 13),
        new Reply.TtlLeft(true, OptionalLong.of(1500)),
        new Reply.TtlLeft(false, OptionalLong.empty()),
        new Reply.KeyPage(List.of("k1", "k2", "😀"), "cursor"),
        new Reply.KeyPage(List.of(), ""),
        new Reply.Count(42),
        new Reply.DeletedKeys(3, 14),
        new Reply.Values(values),
        new Reply.Values(Map.of()),
        new Reply.Stats(100, 20, 15));
  }

  private static void assertRoundTrip(List<Change> changes, String context)
      throws MalformedRecordException {
    assertEquals(changes, ChangeCodec.decode(ChangeCodec.encode(changes)), context);
  }

  @Test
  void everyKindOfChangeRoundTrips() throws MalformedRecordException {
    List<Change> changes = new ArrayList<>();
    changes.add(new Change.Written("plain", 1, bytes(1, 2, 3), OptionalLong.empty()));
    changes.add(new Change.Written("ttl", 2, bytes(), OptionalLong.of(NOW + 60_000)));
    changes.add(new Change.Written("unicode ключ 😀", 3, bytes(0), OptionalLong.of(0)));
    for (Change.Cause cause : Change.Cause.values()) {
      changes.add(new Change.Removed("gone-" + cause, 4 + cause.ordinal(), cause));
    }
    long revision = 10;
    for (Reply reply : everyReply()) {
      changes.add(new Change.Remembered("counter", revision, "request-" + revision, reply, NOW));
      assertRoundTrip(
          List.of(new Change.Remembered("k", revision, "id", reply, NOW)), reply.toString());
      revision++;
    }
    assertRoundTrip(changes, "every kind in one record");
    for (Change change : changes) {
      assertRoundTrip(List.of(change), change.toString());
    }
  }

  @Test
  void extremeRevisionsAndDeadlinesRoundTrip() throws MalformedRecordException {
    assertRoundTrip(
        List.of(
            new Change.Written("a", Long.MAX_VALUE, bytes(1), OptionalLong.of(Long.MAX_VALUE)),
            new Change.Removed("b", 0, Change.Cause.SWEPT),
            new Change.Written("c", Long.MIN_VALUE, bytes(2), OptionalLong.of(Long.MIN_VALUE)),
            new Change.Remembered("d", -1, "", new Reply.Written(-1), Long.MIN_VALUE)),
        "extremes");
  }

  @Test
  void randomListsRoundTrip() throws MalformedRecordException {
    Random random = new Random(SEED);
    List<Reply> replies = everyReply();
    long revision = random.nextInt(1000);
    for (int i = 0; i < 1000; i++) {
      List<Change> changes = randomChanges(random, replies, revision);
      revision = changes.get(changes.size() - 1).revision();
      assertRoundTrip(changes, "seed " + SEED + ", list " + i);
    }
  }

  @Test
  void recordsThroughTheLogDecodeToTheSameChanges() throws IOException {
    Random random = new Random(SEED);
    List<Reply> replies = everyReply();
    Path file = dir.resolve("changes.log");
    List<List<Change>> written = new ArrayList<>();
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(file))) {
      long revision = 0;
      for (int i = 0; i < 300; i++) {
        List<Change> changes = randomChanges(random, replies, revision);
        revision = changes.get(changes.size() - 1).revision();
        written.add(changes);
        writer.append(ChangeCodec.encode(changes));
      }
      writer.force();
    }
    List<List<Change>> read = new ArrayList<>();
    for (byte[] record : RecordLogReader.readAll(file).records()) {
      read.add(ChangeCodec.decode(record));
    }
    assertEquals(written, read, "seed " + SEED);
  }

  @Test
  void aCutOrExtendedPayloadIsRefused() {
    List<Change> changes =
        List.of(
            new Change.Written("key", 5, bytes(1, 2, 3), OptionalLong.of(NOW)),
            new Change.Remembered("key", 5, "id", new Reply.Counter(3, 5), NOW));
    byte[] payload = ChangeCodec.encode(changes);
    for (int length = 0; length < payload.length; length++) {
      byte[] cut = Arrays.copyOf(payload, length);
      assertThrows(MalformedRecordException.class, () -> ChangeCodec.decode(cut), "cut at " + length);
    }
    byte[] longer = Arrays.copyOf(payload, payload.length + 1);
    assertThrows(MalformedRecordException.class, () -> ChangeCodec.decode(longer));
    byte[] unknownType = payload.clone();
    unknownType[1] = 99;
    assertThrows(MalformedRecordException.class, () -> ChangeCodec.decode(unknownType));
  }

  @Test
  void anEmptyListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ChangeCodec.encode(List.of()));
  }

  @Test
  void aSmallWriteTakesFewBytesBeyondItsKeyAndValue() {
    byte[] payload =
        ChangeCodec.encode(
            List.of(
                new Change.Written(
                    "user:1234", 1_000_000, Bytes.wrap(new byte[100]),
                    OptionalLong.of(NOW))));
    // count 1, type 1, key length 1 + 9, revision 3, value length 1 + 100, deadline 6
    assertEquals(1 + 1 + 10 + 3 + 101 + 6, payload.length);
  }

  private static List<Change> randomChanges(Random random, List<Reply> replies, long revision) {
    int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 50 : 3);
    List<Change> changes = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      String key = "key-" + random.nextInt(100) + (random.nextBoolean() ? "é" : "");
      switch (random.nextInt(3)) {
        case 0:
          byte[] value = new byte[random.nextInt(200)];
          random.nextBytes(value);
          revision++;
          OptionalLong deadline =
              random.nextBoolean()
                  ? OptionalLong.of(NOW + random.nextInt(1_000_000))
                  : OptionalLong.empty();
          changes.add(new Change.Written(key, revision, Bytes.wrap(value), deadline));
          break;
        case 1:
          revision++;
          Change.Cause cause = Change.Cause.values()[random.nextInt(3)];
          changes.add(new Change.Removed(key, revision, cause));
          break;
        default:
          Reply reply = replies.get(random.nextInt(replies.size()));
          changes.add(
              new Change.Remembered(key, revision, "r" + random.nextLong(), reply,
                  NOW + random.nextInt(1000)));
          break;
      }
    }
    return changes;
  }
}
