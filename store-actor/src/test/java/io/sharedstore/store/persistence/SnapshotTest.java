package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot written from an engine built by operations loads into a fresh engine with the same
 * entries, deadlines, retry memory and revision; a snapshot cut at any offset, with any bit
 * flipped, or of another format version is refused naming the file and the offset.
 */
class SnapshotTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 3, 4, 64, 1 << 20, Duration.ofSeconds(60), 100);
  private static final long T0 = 1_700_000_000_000L;
  private static final String EPOCH = "epoch-7f3a";

  @TempDir Path dir;

  /** Sets with and without TTL, increments with ids, an expire, a persist, deletes, expiry. */
  private static StoreEngine engineWithEverything() {
    StoreEngine engine = new StoreEngine(SETTINGS);
    long now = T0;
    for (int i = 0; i < 40; i++) {
      OptionalLong ttl = i % 3 == 0 ? OptionalLong.of(10_000 + i) : OptionalLong.empty();
      engine.apply(new Operation.Set("key" + i, cbor(i % 20), ttl), now++);
    }
    for (int i = 0; i < 10; i++) {
      engine.apply(new Operation.Increment("counter" + (i % 4), 1 + i, OptionalLong.of(50_000),
          Optional.of("req" + i)), now++);
      engine.apply(new Operation.IncrementBounded("bounded", 1, 5, OptionalLong.empty(),
          Optional.of("b" + i)), now++);
    }
    engine.apply(new Operation.Delete("key5"), now++);
    engine.apply(new Operation.Expire("key7", 1), now++); // past its deadline, not yet freed
    engine.apply(new Operation.Persist("key9"), now++);
    engine.apply(new Operation.Set("ünïcødé-ключ", Bytes.wrap(new byte[] {0x61, 0x78}),
        OptionalLong.empty()), now++);
    engine.apply(new Operation.Set("empty", Bytes.wrap(new byte[0]), OptionalLong.empty()), now);
    return engine;
  }

  private static long now() {
    return T0 + 1_000;
  }

  @Test
  void aSnapshotLoadsIntoAFreshEngineWithTheSameState() throws IOException {
    StoreEngine source = engineWithEverything();
    Path file = dir.resolve("snapshot-1.snap");
    long bytes = SnapshotWriter.write(file, EPOCH, source, now());
    assertEquals(Files.size(file), bytes);
    assertFalse(Files.exists(Durable.temporaryFor(file)), "no temporary file is left");

    StoreEngine loaded = new StoreEngine(SETTINGS);
    SnapshotReader.Loaded info = SnapshotReader.load(file, loaded);

    assertEquals(EPOCH, info.epoch());
    assertEquals(source.revision(), info.revision());
    assertEquals(source.storedEntries(), info.entries());
    assertEquals(memory(source, now()).size(), info.remembered());
    assertTrue(info.remembered() >= 20, "the retry memory is in the snapshot");
    assertSameState(source, loaded);

    // The loaded engine goes on as the source does: retries answer the first result, the next
    // change takes the same revision, the expired entry goes the same way.
    List<Operation<? extends Reply>> next = List.of(
        new Operation.Increment("counter1", 1, OptionalLong.empty(), Optional.of("req1")),
        new Operation.IncrementBounded("bounded", 1, 5, OptionalLong.empty(), Optional.of("b3")),
        new Operation.Get("key7"),
        new Operation.Set("after", cbor(1), OptionalLong.empty()));
    for (Operation<? extends Reply> operation : next) {
      assertEquals(source.apply(operation, now()).changes(), loaded.apply(operation, now()).changes(),
          "after the load: " + operation);
    }
    assertSameState(source, loaded);
  }

  @Test
  void anEmptyEngineAndALargeOneRoundTrip() throws IOException {
    StoreEngine empty = new StoreEngine(SETTINGS);
    Path emptyFile = dir.resolve("empty.snap");
    SnapshotWriter.write(emptyFile, EPOCH, empty, T0);
    StoreEngine emptyLoaded = new StoreEngine(SETTINGS);
    assertEquals(new SnapshotReader.Loaded(EPOCH, 0, 0, 0),
        SnapshotReader.load(emptyFile, emptyLoaded));
    assertSameState(empty, emptyLoaded);

    // Values larger than the writer's and reader's buffers, and many entries across them.
    Random random = new Random(20261201);
    StoreEngine large = new StoreEngine(SETTINGS);
    for (int i = 0; i < 5_000; i++) {
      byte[] value = new byte[i % 1_000 == 0 ? 700_000 : random.nextInt(200)];
      random.nextBytes(value);
      large.apply(new Operation.Set("k" + i, Bytes.wrap(value),
          i % 2 == 0 ? OptionalLong.of(1_000 + i) : OptionalLong.empty()), T0);
    }
    Path largeFile = dir.resolve("large.snap");
    SnapshotWriter.write(largeFile, EPOCH, large, T0);
    StoreEngine largeLoaded = new StoreEngine(SETTINGS);
    SnapshotReader.load(largeFile, largeLoaded);
    assertSameState(large, largeLoaded);
  }

  @Test
  void aSnapshotCutAtAnyOffsetIsRefusedWithTheFileAndOffset() throws IOException {
    Path file = dir.resolve("snapshot-1.snap");
    SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    byte[] whole = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.snap");
    for (int length = 0; length < whole.length; length++) {
      Files.write(cut, Arrays.copyOf(whole, length));
      StateFileException refused = assertThrows(StateFileException.class,
          () -> SnapshotReader.load(cut, new StoreEngine(SETTINGS)), "cut at " + length);
      assertEquals(cut, refused.file(), "cut at " + length);
      assertTrue(refused.getMessage().startsWith(cut.toString()), refused.getMessage());
      assertTrue(refused.offset().isPresent(), "cut at " + length + ": " + refused.getMessage());
      assertTrue(refused.offset().getAsLong() <= length,
          "cut at " + length + ": the offset is inside the file: " + refused.getMessage());
      assertTrue(refused.getMessage().contains("cut short"),
          "cut at " + length + ": " + refused.getMessage());
    }
  }

  @Test
  void aFlippedBitAnywhereIsRefusedWithTheFileAndOffset() throws IOException {
    Path file = dir.resolve("snapshot-1.snap");
    SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    byte[] whole = Files.readAllBytes(file);
    Path bad = dir.resolve("bad.snap");
    Random random = new Random(7);
    int checksumRefusals = 0;
    for (int at = 0; at < whole.length; at++) {
      byte[] flipped = whole.clone();
      flipped[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(bad, flipped);
      int offset = at;
      StateFileException refused = assertThrows(StateFileException.class,
          () -> SnapshotReader.load(bad, new StoreEngine(SETTINGS)), "flip at " + offset);
      assertEquals(bad, refused.file());
      assertTrue(refused.offset().isPresent(), "flip at " + at + ": " + refused.getMessage());
      assertTrue(refused.offset().getAsLong() < whole.length, refused.getMessage());
      checksumRefusals += refused.getMessage().contains("checksum mismatch") ? 1 : 0;
    }
    assertTrue(checksumRefusals > whole.length / 4,
        "most flips in values are caught by the checksum: " + checksumRefusals);
  }

  @Test
  void aValueByteFlippedIsCaughtByTheChecksumAtTheEndMarker() throws IOException {
    StoreEngine engine = new StoreEngine(SETTINGS);
    byte[] value = new byte[64];
    Arrays.fill(value, (byte) 0x55);
    engine.apply(new Operation.Set("only", Bytes.wrap(value), OptionalLong.empty()), T0);
    Path file = dir.resolve("one.snap");
    SnapshotWriter.write(file, EPOCH, engine, T0);
    byte[] bytes = Files.readAllBytes(file);
    int inValue = indexOf(bytes, value) + 10;
    bytes[inValue] ^= 0x01;
    Files.write(file, bytes);
    StateFileException refused = assertThrows(StateFileException.class,
        () -> SnapshotReader.load(file, new StoreEngine(SETTINGS)));
    // the end marker follows the value: tag 0 and two one-byte counts, then the checksum
    assertEquals(OptionalLong.of(bytes.length - 4 - 3), refused.offset(), refused.getMessage());
    assertTrue(refused.getMessage().contains("checksum mismatch"), refused.getMessage());
  }

  @Test
  void anUnknownVersionOrAnotherFileIsRefusedByName() throws IOException {
    Path file = dir.resolve("snapshot-9.snap");
    SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    byte[] bytes = Files.readAllBytes(file);
    bytes[7] = 2;
    Files.write(file, bytes);
    StateFileException version = assertThrows(StateFileException.class,
        () -> SnapshotReader.load(file, new StoreEngine(SETTINGS)));
    assertTrue(version.getMessage().contains(file.toString())
        && version.getMessage().contains("snapshot format version 2")
        && version.getMessage().contains("version 1 only"), version.getMessage());

    Path log = dir.resolve("log-0.log");
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(log))) {
      writer.append(new byte[] {1, 2, 3});
      writer.force();
    }
    StateFileException notSnapshot = assertThrows(StateFileException.class,
        () -> SnapshotReader.load(log, new StoreEngine(SETTINGS)));
    assertTrue(notSnapshot.getMessage().contains("not a shared-store snapshot"),
        notSnapshot.getMessage());
  }

  @Test
  void bytesAfterTheEndMarkerAreRefused() throws IOException {
    Path file = dir.resolve("snapshot-1.snap");
    long size = SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    StateFileException refused = assertThrows(StateFileException.class,
        () -> SnapshotReader.load(file, new StoreEngine(SETTINGS)));
    assertEquals(OptionalLong.of(size), refused.offset(), refused.getMessage());
    assertTrue(refused.getMessage().contains("1 bytes after the end marker"), refused.getMessage());
  }

  @Test
  void aSnapshotLoadsOnlyIntoAFreshEngine() throws IOException {
    Path file = dir.resolve("snapshot-1.snap");
    SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    StoreEngine used = new StoreEngine(SETTINGS);
    used.apply(new Operation.Set("x", cbor(1), OptionalLong.empty()), T0);
    assertThrows(IllegalArgumentException.class, () -> SnapshotReader.load(file, used));
  }

  @Test
  void aSnapshotNotFinishedLeavesTheTargetAsItWas() throws IOException {
    Path file = dir.resolve("snapshot-1.snap");
    SnapshotWriter.write(file, EPOCH, engineWithEverything(), now());
    byte[] before = Files.readAllBytes(file);
    try (SnapshotWriter writer = SnapshotWriter.open(file, "other", 3)) {
      writer.entry("a", cbor(1), OptionalLong.empty());
      writer.remembered("a", "r", new Reply.Counter(1, 1), T0);
      assertThrows(IllegalStateException.class,
          () -> writer.entry("b", cbor(1), OptionalLong.empty()),
          "entries come before the remembered results");
    }
    assertArrayEquals(before, Files.readAllBytes(file));
    assertFalse(Files.exists(Durable.temporaryFor(file)));
  }

  private static void assertSameState(StoreEngine expected, StoreEngine actual) {
    assertEquals(expected.revision(), actual.revision(), "revision");
    assertEquals(entries(expected), entries(actual), "entries");
    assertEquals(expected.storedEntries(), actual.storedEntries(), "stored entries");
    assertEquals(expected.estimatedBytes(), actual.estimatedBytes(), "estimated bytes");
    assertEquals(memory(expected, now()), memory(actual, now()), "retry memory");
  }

  /** A small CBOR unsigned integer (0..23), a value an increment reads. */
  private static Bytes cbor(int n) {
    return Bytes.wrap(new byte[] {(byte) n});
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static List<String> entries(StoreEngine engine) {
    List<String> entries = new ArrayList<>();
    engine.forEachEntry((key, value, deadline) -> entries.add(key + "="
        + HexFormat.of().formatHex(value.unsafeArray()) + "@"
        + (deadline.isPresent() ? Long.toString(deadline.getAsLong()) : "never")));
    return entries;
  }

  private static List<String> memory(StoreEngine engine, long now) {
    List<String> memory = new ArrayList<>();
    engine.forEachRemembered(now, (key, requestId, result, atMillis) ->
        memory.add(key + "/" + requestId + "=" + result + "@" + atMillis));
    return memory;
  }
}
