package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Loads a snapshot file written by {@link SnapshotWriter} into a fresh engine, streaming it
 * through a fixed buffer: the entries ({@link StoreEngine#restoreEntry}), then the retry memory
 * (replayed as {@link Change.Remembered}s at revision 0), then, once the end marker's counts and
 * checksum match, the revision ({@link StoreEngine#restoreRevision}). The log after the snapshot
 * is the caller's to replay.
 *
 * <p>A file cut short, corrupt (checksum mismatch, impossible length or tag, a key twice,
 * counts that do not match, bytes after the end) or of an unknown format version is refused with
 * a {@link StateFileException} naming the file and the offset. The engine is then partly loaded
 * and must be discarded.
 */
public final class SnapshotReader {

  private static final int BUFFER_BYTES = 256 << 10;

  private SnapshotReader() {}

  /**
   * What a loaded snapshot held.
   *
   * @param epoch the epoch of the store that wrote it
   * @param revision the revision of its state (now the engine's)
   * @param entries the entries loaded
   * @param remembered the remembered results loaded
   */
  public record Loaded(String epoch, long revision, long entries, long remembered) {}

  /**
   * Loads {@code file} into {@code fresh}.
   *
   * @param file the snapshot
   * @param fresh an engine with no entries and revision 0, with the settings of the store that
   *     wrote the snapshot
   * @return the epoch, revision and counts the snapshot held
   * @throws StateFileException if the file is cut short, corrupt or of an unknown version
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if {@code fresh} is not fresh
   */
  public static Loaded load(Path file, StoreEngine fresh) throws IOException {
    if (fresh.revision() != 0 || fresh.storedEntries() != 0) {
      throw new IllegalArgumentException("a snapshot loads into a fresh engine, not one at revision "
          + fresh.revision() + " with " + fresh.storedEntries() + " entries");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Scan(file, channel).run(fresh);
    }
  }

  /** One pass over one file. */
  private static final class Scan {
    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** The file offset of the buffer's first byte. */
    private long bufferOffset;
    /** The buffer position from which consumed bytes are not yet in the checksum, or -1. */
    private int crcFrom = -1;
    /** Where the item being read starts, and what it is, for the message if the file ends. */
    private long itemOffset;
    private String item = "the header";

    Scan(Path file, FileChannel channel) throws IOException {
      this.file = file;
      this.channel = channel;
      this.size = channel.size();
      buffer.limit(0);
    }

    Loaded run(StoreEngine engine) throws IOException {
      readHeader();
      crcFrom = buffer.position();
      begin("the epoch");
      String epoch = readString();
      begin("the revision");
      long revision = readVarLong();
      long entries = 0;
      long remembered = 0;
      while (true) {
        begin("an item");
        int tag = readByte();
        if (tag == Snapshot.END) {
          item = "the end marker";
          break;
        }
        if (tag == Snapshot.ENTRY || tag == Snapshot.ENTRY_WITH_DEADLINE) {
          item = "an entry";
          if (remembered > 0) {
            throw corrupt(itemOffset, "an entry after the remembered results");
          }
          String key = readString();
          byte[] value = readBytes();
          OptionalLong deadline = tag == Snapshot.ENTRY_WITH_DEADLINE
              ? OptionalLong.of(readSignedVarLong()) : OptionalLong.empty();
          try {
            engine.restoreEntry(key, Bytes.wrap(value), deadline);
          } catch (IllegalStateException e) {
            throw corrupt(itemOffset, "the entry of key " + key + " appears twice");
          }
          entries++;
        } else if (tag == Snapshot.REMEMBERED) {
          item = "a remembered result";
          restoreRemembered(engine, readBytes());
          remembered++;
        } else {
          throw corrupt(itemOffset, "unknown item tag " + tag);
        }
      }
      long endOffset = itemOffset;
      long countedEntries = readVarLong();
      long countedRemembered = readVarLong();
      crcPending();
      crcFrom = -1;
      byte[] stored = readFully(4);
      int expected = ByteBuffer.wrap(stored).getInt();
      int actual = (int) crc.getValue();
      if (expected != actual) {
        throw corrupt(endOffset, String.format("checksum mismatch (stored %08x, computed %08x) "
            + "over bytes %d to %d", expected, actual, Snapshot.HEADER_BYTES, position() - 4));
      }
      if (countedEntries != entries || countedRemembered != remembered) {
        throw corrupt(endOffset, "the end marker counts " + countedEntries + " entries and "
            + countedRemembered + " remembered results, the file holds " + entries + " and "
            + remembered);
      }
      if (position() != size) {
        throw corrupt(position(), (size - position()) + " bytes after the end marker");
      }
      try {
        engine.restoreRevision(revision);
      } catch (IllegalStateException e) {
        throw corrupt(Snapshot.HEADER_BYTES, "revision " + revision + " is below its "
            + entries + " entries");
      }
      return new Loaded(epoch, revision, entries, remembered);
    }

    private void readHeader() throws IOException {
      begin("the header");
      byte[] header = readFully(Snapshot.HEADER_BYTES);
      ByteBuffer fields = ByteBuffer.wrap(header);
      if (fields.getInt() != Snapshot.MAGIC) {
        throw new StateFileException(file, 0, "not a shared-store snapshot (no SSSN header)");
      }
      int version = fields.getInt();
      if (version != Snapshot.FORMAT_VERSION) {
        throw new StateFileException(file, 4, "snapshot format version " + version
            + ", this build reads version " + Snapshot.FORMAT_VERSION + " only");
      }
    }

    private void restoreRemembered(StoreEngine engine, byte[] payload) throws IOException {
      List<Change> changes;
      try {
        changes = ChangeCodec.decode(payload);
      } catch (MalformedRecordException e) {
        throw corrupt(itemOffset, "a remembered result that does not decode: " + e.getMessage());
      }
      if (changes.size() != 1 || !(changes.get(0) instanceof Change.Remembered r)
          || r.revision() != 0) {
        throw corrupt(itemOffset, "a remembered result that holds " + changes);
      }
      engine.replay(r);
    }

    private void begin(String what) {
      itemOffset = position();
      item = what;
    }

    private long position() {
      return bufferOffset + buffer.position();
    }

    private StateFileException corrupt(long offset, String problem) {
      return new StateFileException(file, offset, "corrupt snapshot: " + problem);
    }

    private StateFileException cut() {
      return new StateFileException(file, itemOffset, "the snapshot is cut short: it ends at "
          + "byte " + size + ", inside " + item + " that starts at this offset");
    }

    /** Refills the buffer; false at the end of the file. */
    private boolean fill() throws IOException {
      crcPending();
      bufferOffset += buffer.position();
      buffer.clear();
      int n = 0;
      while (n == 0) {
        n = channel.read(buffer);
      }
      buffer.flip();
      if (crcFrom >= 0) {
        crcFrom = 0;
      }
      return n > 0;
    }

    private void crcPending() {
      if (crcFrom >= 0) {
        crc.update(buffer.array(), crcFrom, buffer.position() - crcFrom);
        crcFrom = buffer.position();
      }
    }

    private int readByte() throws IOException {
      if (!buffer.hasRemaining() && !fill()) {
        throw cut();
      }
      return buffer.get() & 0xFF;
    }

    private long readVarLong() throws IOException {
      long at = position();
      return Varints.read(this::readByte, () -> corrupt(at, "a varint longer than 10 bytes"));
    }

    private long readSignedVarLong() throws IOException {
      return Varints.unzigzag(readVarLong());
    }

    private int readLength() throws IOException {
      long at = position();
      long length = readVarLong();
      if (length < 0 || length > Snapshot.MAX_FIELD_BYTES) {
        throw corrupt(at, "impossible length " + length);
      }
      if (length > size - position()) {
        throw cut();
      }
      return (int) length;
    }

    private byte[] readBytes() throws IOException {
      return readFully(readLength());
    }

    private String readString() throws IOException {
      long at = position();
      byte[] bytes = readBytes();
      try {
        CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw corrupt(at, "a string that is not UTF-8");
      }
    }

    private byte[] readFully(int length) throws IOException {
      byte[] data = new byte[length];
      int offset = 0;
      while (offset < length) {
        if (!buffer.hasRemaining() && !fill()) {
          throw cut();
        }
        int n = Math.min(buffer.remaining(), length - offset);
        buffer.get(data, offset, n);
        offset += n;
      }
      return data;
    }
  }
}
