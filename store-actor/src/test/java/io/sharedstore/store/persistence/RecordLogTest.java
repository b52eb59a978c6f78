package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {

  private static final long SEED = 0x5EEDL;

  @TempDir Path dir;

  /** A log written by the writer, with the file offset where each record ends. */
  private record Written(Path file, List<byte[]> records, List<Long> ends) {}

  private Written writeLog(String name, Random random, int count, int maxSize) throws IOException {
    Path file = dir.resolve(name);
    List<byte[]> records = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(file))) {
      for (int i = 0; i < count; i++) {
        byte[] payload = new byte[1 + random.nextInt(maxSize)];
        random.nextBytes(payload);
        records.add(payload);
        ends.add(writer.append(payload));
        if (random.nextInt(4) == 0) {
          writer.flush();
        }
      }
      writer.force();
      assertEquals(Files.size(file), writer.durableLength());
      assertEquals(ends.get(ends.size() - 1), writer.writtenLength());
    }
    return new Written(file, records, ends);
  }

  private static void assertRecords(List<byte[]> expected, List<byte[]> actual, String context) {
    assertEquals(expected.size(), actual.size(), context + ": record count");
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), context + ": record " + i);
    }
  }

  private Path copyPrefix(Path file, long length, String name) throws IOException {
    byte[] all = Files.readAllBytes(file);
    Path copy = dir.resolve(name);
    Files.write(copy, Arrays.copyOf(all, (int) length));
    return copy;
  }

  @Test
  void recordsComeBackInOrderAndTheEndIsClean() throws IOException {
    Written log = writeLog("clean.log", new Random(SEED), 200, 500);
    Recovery recovery = RecordLogReader.readAll(log.file());
    assertRecords(log.records(), recovery.records(), "seed " + SEED);
    assertEquals(new LogEnd.Clean(Files.size(log.file())), recovery.end());
  }

  @Test
  void theFileStartsWithMagicAndVersion() throws IOException {
    Path file = dir.resolve("header.log");
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(file))) {
      writer.append(new byte[] {42});
      writer.force();
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(RecordLog.HEADER_BYTES + RecordLog.FRAME_BYTES + 1, bytes.capacity());
    assertEquals("SSLG", new String(Arrays.copyOf(bytes.array(), 4), "US-ASCII"));
    assertEquals(RecordLog.FORMAT_VERSION, bytes.getInt(4));
    assertEquals(1, bytes.getInt(8));
    assertEquals(RecordLog.checksum(new byte[] {42}, 0, 1), bytes.getInt(12));
  }

  @Test
  void reopeningAppendsAfterTheExistingRecordsWithoutASecondHeader() throws IOException {
    Written log = writeLog("reopen.log", new Random(SEED), 10, 50);
    byte[] more = {1, 2, 3};
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(log.file()))) {
      writer.append(more);
      writer.force();
    }
    List<byte[]> expected = new ArrayList<>(log.records());
    expected.add(more);
    Recovery recovery = RecordLogReader.readAll(log.file());
    assertRecords(expected, recovery.records(), "seed " + SEED);
    assertInstanceOf(LogEnd.Clean.class, recovery.end());
  }

  @Test
  void aLogCutAtRandomOffsetsGivesBackExactlyTheRecordsBeforeTheCut() throws IOException {
    Random random = new Random(SEED);
    Written log = writeLog("full.log", random, 60, 300);
    long size = Files.size(log.file());
    for (int i = 0; i < 100; i++) {
      long cut = random.nextInt((int) size);
      String context = "seed " + SEED + ", cut " + i + " at " + cut + " of " + size;
      Path file = copyPrefix(log.file(), cut, "cut-" + i + ".log");

      int whole = 0;
      long boundary = RecordLog.HEADER_BYTES;
      while (whole < log.ends().size() && log.ends().get(whole) <= cut) {
        boundary = log.ends().get(whole);
        whole++;
      }
      Recovery recovery = RecordLogReader.readAll(file);
      assertRecords(log.records().subList(0, whole), recovery.records(), context);
      LogEnd expected;
      if (cut == 0) {
        expected = new LogEnd.Clean(0);
      } else if (cut < RecordLog.HEADER_BYTES) {
        expected = new LogEnd.Truncated(0, cut);
      } else if (cut == boundary) {
        expected = new LogEnd.Clean(cut);
      } else {
        expected = new LogEnd.Truncated(boundary, cut - boundary);
      }
      assertEquals(expected, recovery.end(), context);

      // the caller's repair: truncate to the last whole record, then append again
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(recovery.end().validLength());
      }
      byte[] next = {7, 7, 7};
      try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(file))) {
        writer.append(next);
        writer.force();
      }
      List<byte[]> after = new ArrayList<>(log.records().subList(0, whole));
      after.add(next);
      Recovery again = RecordLogReader.readAll(file);
      assertRecords(after, again.records(), context + ", after repair");
      assertEquals(new LogEnd.Clean(Files.size(file)), again.end(), context + ", after repair");
    }
  }

  @Test
  void aFlippedByteInTheMiddleIsCorruptionAtThatRecord() throws IOException {
    Random random = new Random(SEED);
    Written log = writeLog("flip.log", random, 80, 200);
    byte[] original = Files.readAllBytes(log.file());
    for (int i = 0; i < 50; i++) {
      int record = 10 + random.nextInt(60);
      long start = log.ends().get(record - 1);
      long end = log.ends().get(record);
      // a byte of the checksum or the payload
      int at = (int) (start + 4 + random.nextInt((int) (end - start - 4)));
      byte[] damaged = original.clone();
      damaged[at] ^= (byte) (1 + random.nextInt(255));
      String context = "seed " + SEED + ", flip " + i + " at byte " + at + " of record " + record;
      Path file = dir.resolve("flip-" + i + ".log");
      Files.write(file, damaged);

      Recovery recovery = RecordLogReader.readAll(file);
      assertRecords(log.records().subList(0, record), recovery.records(), context);
      LogEnd.Corrupt corrupt = assertInstanceOf(LogEnd.Corrupt.class, recovery.end(), context);
      assertEquals(start, corrupt.offset(), context);
      assertEquals(original.length - start, corrupt.bytesAfter(), context);
      assertTrue(corrupt.reason().contains("checksum"), context + ": " + corrupt.reason());
    }
  }

  @Test
  void aDamagedLengthInTheMiddleIsCorruptionAtThatRecord() throws IOException {
    Random random = new Random(SEED);
    Written log = writeLog("length.log", random, 80, 200);
    byte[] original = Files.readAllBytes(log.file());
    for (int i = 0; i < 30; i++) {
      int record = 5 + random.nextInt(30);
      long start = log.ends().get(record - 1);
      byte[] damaged = original.clone();
      // the low byte of the length (still inside the file) or the high byte (impossible length)
      boolean low = i % 2 == 0;
      int at = (int) start + (low ? 3 : 0);
      damaged[at] ^= (byte) (low ? 1 + random.nextInt(255) : 0x80);
      String context = "seed " + SEED + ", damage " + i + " at byte " + at;
      Path file = dir.resolve("length-" + i + ".log");
      Files.write(file, damaged);

      Recovery recovery = RecordLogReader.readAll(file);
      assertRecords(log.records().subList(0, record), recovery.records(), context);
      LogEnd.Corrupt corrupt = assertInstanceOf(LogEnd.Corrupt.class, recovery.end(), context);
      assertEquals(start, corrupt.offset(), context);
    }
  }

  @Test
  void aTailOfZerosIsACutRecordNotCorruption() throws IOException {
    Written log = writeLog("zeros.log", new Random(SEED), 20, 100);
    long size = Files.size(log.file());
    Files.write(log.file(), new byte[4096], StandardOpenOption.APPEND);
    Recovery recovery = RecordLogReader.readAll(log.file());
    assertRecords(log.records(), recovery.records(), "seed " + SEED);
    assertEquals(new LogEnd.Truncated(size, 4096), recovery.end());
  }

  @Test
  void zerosFollowedByDataAreCorruption() throws IOException {
    Written log = writeLog("zeros-data.log", new Random(SEED), 20, 100);
    long size = Files.size(log.file());
    byte[] tail = new byte[100];
    tail[99] = 1;
    Files.write(log.file(), tail, StandardOpenOption.APPEND);
    LogEnd end = RecordLogReader.readAll(log.file()).end();
    LogEnd.Corrupt corrupt = assertInstanceOf(LogEnd.Corrupt.class, end);
    assertEquals(size, corrupt.offset());
  }

  @Test
  void anUnknownFormatVersionIsRefusedByName() throws IOException {
    Path file = dir.resolve("future.log");
    Files.write(file, ByteBuffer.allocate(8).putInt(RecordLog.MAGIC).putInt(2).array());
    LogFormatException e =
        assertThrows(LogFormatException.class, () -> RecordLogReader.readAll(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void aFileWithoutTheMagicIsRefused() throws IOException {
    Path file = dir.resolve("other.log");
    Files.write(file, "not a log at all".getBytes("US-ASCII"));
    LogFormatException e =
        assertThrows(LogFormatException.class, () -> RecordLogReader.readAll(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    Path shortFile = dir.resolve("short.log");
    Files.write(shortFile, new byte[] {'S', 'X'});
    assertThrows(LogFormatException.class, () -> RecordLogReader.readAll(shortFile));
  }

  @Test
  void anEmptyFileIsCleanAndAHeaderCutShortIsTruncated() throws IOException {
    Path empty = dir.resolve("empty.log");
    Files.write(empty, new byte[0]);
    assertEquals(new Recovery(List.of(), new LogEnd.Clean(0)).end(),
        RecordLogReader.readAll(empty).end());
    Path partial = dir.resolve("partial.log");
    Files.write(partial, Arrays.copyOf(RecordLog.header().array(), 5));
    assertEquals(new LogEnd.Truncated(0, 5), RecordLogReader.readAll(partial).end());
  }

  @Test
  void anEmptyOrOversizedRecordIsRefused() throws IOException {
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(dir.resolve("r.log")))) {
      assertThrows(IllegalArgumentException.class, () -> writer.append(new byte[0]));
    }
  }

  /** A channel whose writes or fsyncs fail on demand: the seam a fault test uses. */
  private static final class FailingChannel extends ForwardingChannel {
    boolean failWrites;
    boolean failForce;

    FailingChannel(LogChannel file) {
      super(file);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (failWrites) {
        throw new IOException("No space left on device");
      }
      return super.write(source);
    }

    @Override
    public void force() throws IOException {
      if (failForce) {
        throw new IOException("Input/output error");
      }
      super.force();
    }
  }

  @Test
  void afterAFailedWriteEveryCallFailsNamingTheFile() throws IOException {
    Path file = dir.resolve("full-disk.log");
    FailingChannel channel = new FailingChannel(LogChannel.open(file));
    try (RecordLogWriter writer = RecordLogWriter.open(channel)) {
      writer.append(new byte[] {1});
      writer.force();
      long durable = writer.durableLength();
      writer.append(new byte[] {2});
      channel.failWrites = true;
      IOException first = assertThrows(IOException.class, writer::flush);
      assertEquals("No space left on device", first.getMessage());
      channel.failWrites = false;
      IOException later = assertThrows(IOException.class, () -> writer.append(new byte[] {3}));
      assertTrue(later.getMessage().contains(file.toString()), later.getMessage());
      assertTrue(later.getMessage().contains("No space left on device"), later.getMessage());
      assertThrows(IOException.class, writer::force);
      assertEquals(durable, writer.durableLength());
    }
    assertEquals(1, RecordLogReader.readAll(file).records().size());
  }

  @Test
  void aFailedFsyncLeavesTheDurableLengthBehind() throws IOException {
    Path file = dir.resolve("io-error.log");
    FailingChannel channel = new FailingChannel(LogChannel.open(file));
    try (RecordLogWriter writer = RecordLogWriter.open(channel)) {
      writer.append(new byte[] {1});
      writer.force();
      long durable = writer.durableLength();
      long end = writer.append(new byte[] {2, 2});
      channel.failForce = true;
      assertThrows(IOException.class, writer::force);
      assertEquals(end, writer.writtenLength());
      assertEquals(durable, writer.durableLength());
      assertThrows(IOException.class, writer::flush);
    }
  }
}
