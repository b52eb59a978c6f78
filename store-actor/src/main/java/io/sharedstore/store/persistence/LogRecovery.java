package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reads a store's log back at start and hands each change list to the engine, in order. A record
 * cut short at the end of the last log (a crash in the middle of a write) is cut off the file
 * with a WARN; a bad record before the end, or a record cut short in a log that is not the last
 * (a later log was started only once this one was fsynced whole), refuses the start ({@link
 * CorruptLogException}) unless {@code repair} is set, which keeps every record before it and
 * WARNs what was dropped.
 */
public final class LogRecovery {

  private LogRecovery() {}

  /**
   * What a recovery read.
   *
   * @param records the whole records replayed
   * @param changes the changes in them
   * @param validLength the file's length after recovery, where the next record goes
   * @param cut whether a repair cut a bad record (and what followed it) off the file
   */
  public record Loaded(int records, long changes, long validLength, boolean cut) {}

  /**
   * Replays {@code file} (a missing file is an empty log) into {@code replay}, then leaves the
   * file ending at its last whole record.
   *
   * @param file the log
   * @param last whether it is the last log (the one a crash may have cut short)
   * @param repair whether a bad record before the end is cut off (with a WARN) instead of
   *     refusing the start
   * @param replay receives each record's changes, in order
   * @param log where the WARNs go
   * @return what was read
   * @throws CorruptLogException if a record before the end is bad (or holds changes that do not
   *     decode or replay) and {@code repair} is off
   * @throws LogFormatException if the file is not a log of a known format version
   * @throws IOException if the file cannot be read or truncated
   */
  public static Loaded recover(Path file, boolean last, boolean repair,
      Consumer<List<Change>> replay, Logger log) throws IOException {
    if (!Files.exists(file)) {
      return new Loaded(0, 0, 0, false);
    }
    Recovery recovery = RecordLogReader.readAll(file);
    long offset = RecordLog.HEADER_BYTES;
    int records = 0;
    long changes = 0;
    LogEnd end = recovery.end();
    for (byte[] payload : recovery.records()) {
      List<Change> decoded;
      try {
        decoded = ChangeCodec.decode(payload);
        replay.accept(decoded);
      } catch (MalformedRecordException | IllegalStateException e) {
        long bytesAfter = Files.size(file) - offset;
        end = new LogEnd.Corrupt(offset, bytesAfter, "its changes do not replay: " + e.getMessage());
        break;
      }
      records++;
      changes += decoded.size();
      offset += RecordLog.FRAME_BYTES + (long) payload.length;
    }
    if (end instanceof LogEnd.Truncated cut && !last) {
      end = new LogEnd.Corrupt(cut.offset(), cut.bytesDropped(), "a record cut short in a log"
          + " that is not the last one");
    }
    if (end instanceof LogEnd.Truncated cut) {
      truncate(file, cut.offset());
      log.warn("The log {} ended in a record cut short (a crash during a write): cut it at offset"
          + " {}, dropping {} bytes", file, cut.offset(), cut.bytesDropped());
    } else if (end instanceof LogEnd.Corrupt bad) {
      if (!repair) {
        throw new CorruptLogException(file, bad.offset(), bad.bytesAfter(), bad.reason());
      }
      truncate(file, bad.offset());
      log.warn("The log {} has a bad record at offset {} ({}): repaired by keeping the {} records"
          + " before it and dropping {} bytes", file, bad.offset(), bad.reason(), records,
          bad.bytesAfter());
    }
    return new Loaded(records, changes, end.validLength(), end instanceof LogEnd.Corrupt);
  }

  private static void truncate(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(true);
    }
  }
}
