package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The binary form of the changes one applied operation made: one log record per list the
 * engine's change listener gets. Decoding what {@link #encode} made gives equal changes, in the
 * same order.
 *
 * <p>Layout: a varint count, then per change a type byte, the key (varint length, UTF-8), the
 * revision (zigzag varint; after the first change, the difference from the previous one), then
 * by type: a written value (varint length, bytes) and for {@code 2} its deadline (zigzag varint,
 * epoch milliseconds); for a removal nothing more (the type says the cause); for a remembered
 * result the request id, the time (zigzag varint) and the reply (a reply type byte and its
 * fields). The type numbers below are part of the file format: never renumber them.
 */
public final class ChangeCodec {

  private static final int WRITTEN = 1;
  private static final int WRITTEN_WITH_DEADLINE = 2;
  private static final int REMOVED_DELETED = 3;
  private static final int REMOVED_EXPIRED = 4;
  private static final int REMOVED_SWEPT = 5;
  private static final int REMEMBERED = 6;

  private ChangeCodec() {}

  /**
   * The changes as one record's payload.
   *
   * @param changes what one operation changed, in order (at least one)
   * @return the payload
   * @throws IllegalArgumentException if {@code changes} is empty
   */
  public static byte[] encode(List<Change> changes) {
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a record holds at least one change");
    }
    RecordOutput out = new RecordOutput(estimate(changes));
    out.writeVarLong(changes.size());
    long previousRevision = 0;
    for (Change change : changes) {
      if (change instanceof Change.Written w) {
        out.writeByte(w.deadlineMillis().isPresent() ? WRITTEN_WITH_DEADLINE : WRITTEN);
        writeKeyAndRevision(out, w, previousRevision);
        out.writeBytes(w.value().unsafeArray());
        if (w.deadlineMillis().isPresent()) {
          out.writeSignedVarLong(w.deadlineMillis().getAsLong());
        }
      } else if (change instanceof Change.Removed r) {
        out.writeByte(removalType(r.cause()));
        writeKeyAndRevision(out, r, previousRevision);
      } else if (change instanceof Change.Remembered m) {
        out.writeByte(REMEMBERED);
        writeKeyAndRevision(out, m, previousRevision);
        out.writeString(m.requestId());
        out.writeSignedVarLong(m.atMillis());
        ReplyCodec.write(out, m.result());
      } else {
        throw new IllegalArgumentException("no encoding for " + change);
      }
      previousRevision = change.revision();
    }
    return out.toByteArray();
  }

  /**
   * The changes a payload made by {@link #encode} holds.
   *
   * @param payload one record's payload
   * @return the changes, in order (an unmodifiable list)
   * @throws MalformedRecordException if the payload is not such an encoding
   */
  public static List<Change> decode(byte[] payload) throws MalformedRecordException {
    RecordInput in = new RecordInput(payload);
    long count = in.readVarLong();
    if (count < 1 || count > payload.length) {
      throw new MalformedRecordException("a record of " + count + " changes in "
          + payload.length + " bytes");
    }
    List<Change> changes = new ArrayList<>((int) count);
    long revision = 0;
    for (long i = 0; i < count; i++) {
      int type = in.readByte();
      String key = in.readString();
      revision = i == 0 ? in.readSignedVarLong() : revision + in.readSignedVarLong();
      changes.add(readBody(in, type, key, revision));
    }
    if (!in.atEnd()) {
      throw new MalformedRecordException((payload.length - in.position())
          + " bytes after the last change");
    }
    return List.copyOf(changes);
  }

  private static Change readBody(RecordInput in, int type, String key, long revision)
      throws MalformedRecordException {
    switch (type) {
      case WRITTEN:
        return new Change.Written(key, revision, Bytes.wrap(in.readBytes()), OptionalLong.empty());
      case WRITTEN_WITH_DEADLINE:
        Bytes value = Bytes.wrap(in.readBytes());
        return new Change.Written(key, revision, value, OptionalLong.of(in.readSignedVarLong()));
      case REMOVED_DELETED:
        return new Change.Removed(key, revision, Change.Cause.DELETED);
      case REMOVED_EXPIRED:
        return new Change.Removed(key, revision, Change.Cause.EXPIRED);
      case REMOVED_SWEPT:
        return new Change.Removed(key, revision, Change.Cause.SWEPT);
      case REMEMBERED:
        String requestId = in.readString();
        long atMillis = in.readSignedVarLong();
        return new Change.Remembered(key, revision, requestId, ReplyCodec.read(in), atMillis);
      default:
        throw new MalformedRecordException("unknown change type " + type);
    }
  }

  private static void writeKeyAndRevision(RecordOutput out, Change change, long previous) {
    out.writeString(change.key());
    out.writeSignedVarLong(change.revision() - previous);
  }

  private static int removalType(Change.Cause cause) {
    switch (cause) {
      case DELETED:
        return REMOVED_DELETED;
      case EXPIRED:
        return REMOVED_EXPIRED;
      case SWEPT:
        return REMOVED_SWEPT;
      default:
        throw new IllegalArgumentException("no encoding for cause " + cause);
    }
  }

  private static int estimate(List<Change> changes) {
    int bytes = 8;
    for (Change change : changes) {
      bytes += 24 + change.key().length() * 3;
      if (change instanceof Change.Written w) {
        bytes += w.value().length();
      }
    }
    return bytes;
  }

  /** The replies a remembered result can hold. */
  private static final class ReplyCodec {
    private static final int WRITTEN = 1;
    private static final int VALUE = 2;
    private static final int EXISTS = 3;
    private static final int DELETED = 4;
    private static final int COUNTER = 5;
    private static final int BOUNDED_COUNTER = 6;
    private static final int APPLIED = 7;
    private static final int PREVIOUS = 8;
    private static final int TTL_LEFT = 9;
    private static final int KEY_PAGE = 10;
    private static final int COUNT = 11;
    private static final int DELETED_KEYS = 12;
    private static final int VALUES = 13;
    private static final int STATS = 14;

    static void write(RecordOutput out, Reply reply) {
      if (reply instanceof Reply.Written r) {
        out.writeByte(WRITTEN);
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.Value r) {
        out.writeByte(VALUE);
        writeOptionalBytes(out, r.bytes());
      } else if (reply instanceof Reply.Exists r) {
        out.writeByte(EXISTS);
        out.writeBoolean(r.exists());
      } else if (reply instanceof Reply.Deleted r) {
        out.writeByte(DELETED);
        out.writeBoolean(r.existed());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.Counter r) {
        out.writeByte(COUNTER);
        out.writeSignedVarLong(r.value());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.BoundedCounter r) {
        out.writeByte(BOUNDED_COUNTER);
        writeOptionalLong(out, r.value());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.Applied r) {
        out.writeByte(APPLIED);
        out.writeBoolean(r.applied());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.Previous r) {
        out.writeByte(PREVIOUS);
        writeOptionalBytes(out, r.value());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.TtlLeft r) {
        out.writeByte(TTL_LEFT);
        out.writeBoolean(r.exists());
        writeOptionalLong(out, r.remainingMillis());
      } else if (reply instanceof Reply.KeyPage r) {
        out.writeByte(KEY_PAGE);
        out.writeVarLong(r.keys().size());
        for (String key : r.keys()) {
          out.writeString(key);
        }
        out.writeString(r.cursor());
      } else if (reply instanceof Reply.Count r) {
        out.writeByte(COUNT);
        out.writeSignedVarLong(r.count());
      } else if (reply instanceof Reply.DeletedKeys r) {
        out.writeByte(DELETED_KEYS);
        out.writeSignedVarLong(r.count());
        out.writeSignedVarLong(r.revision());
      } else if (reply instanceof Reply.Values r) {
        out.writeByte(VALUES);
        out.writeVarLong(r.values().size());
        for (Map.Entry<String, Bytes> entry : r.values().entrySet()) {
          out.writeString(entry.getKey());
          out.writeBytes(entry.getValue().unsafeArray());
        }
      } else if (reply instanceof Reply.Stats r) {
        out.writeByte(STATS);
        out.writeSignedVarLong(r.storedEntries());
        out.writeSignedVarLong(r.entriesWithTtl());
        out.writeSignedVarLong(r.revision());
      } else {
        throw new IllegalArgumentException("no encoding for reply " + reply);
      }
    }

    static Reply read(RecordInput in) throws MalformedRecordException {
      int type = in.readByte();
      switch (type) {
        case WRITTEN:
          return new Reply.Written(in.readSignedVarLong());
        case VALUE:
          return new Reply.Value(readOptionalBytes(in));
        case EXISTS:
          return new Reply.Exists(in.readBoolean());
        case DELETED:
          boolean existed = in.readBoolean();
          return new Reply.Deleted(existed, in.readSignedVarLong());
        case COUNTER:
          long value = in.readSignedVarLong();
          return new Reply.Counter(value, in.readSignedVarLong());
        case BOUNDED_COUNTER:
          OptionalLong bounded = readOptionalLong(in);
          return new Reply.BoundedCounter(bounded, in.readSignedVarLong());
        case APPLIED:
          boolean applied = in.readBoolean();
          return new Reply.Applied(applied, in.readSignedVarLong());
        case PREVIOUS:
          Optional<Bytes> previous = readOptionalBytes(in);
          return new Reply.Previous(previous, in.readSignedVarLong());
        case TTL_LEFT:
          boolean exists = in.readBoolean();
          return new Reply.TtlLeft(exists, readOptionalLong(in));
        case KEY_PAGE:
          int keyCount = in.readLength();
          List<String> keys = new ArrayList<>(keyCount);
          for (int i = 0; i < keyCount; i++) {
            keys.add(in.readString());
          }
          return new Reply.KeyPage(keys, in.readString());
        case COUNT:
          return new Reply.Count(in.readSignedVarLong());
        case DELETED_KEYS:
          long count = in.readSignedVarLong();
          return new Reply.DeletedKeys(count, in.readSignedVarLong());
        case VALUES:
          int valueCount = in.readLength();
          Map<String, Bytes> values = new LinkedHashMap<>();
          for (int i = 0; i < valueCount; i++) {
            String key = in.readString();
            values.put(key, Bytes.wrap(in.readBytes()));
          }
          return new Reply.Values(values);
        case STATS:
          long stored = in.readSignedVarLong();
          long withTtl = in.readSignedVarLong();
          return new Reply.Stats(stored, withTtl, in.readSignedVarLong());
        default:
          throw new MalformedRecordException("unknown reply type " + type);
      }
    }

    private static void writeOptionalBytes(RecordOutput out, Optional<Bytes> bytes) {
      out.writeBoolean(bytes.isPresent());
      bytes.ifPresent(b -> out.writeBytes(b.unsafeArray()));
    }

    private static Optional<Bytes> readOptionalBytes(RecordInput in)
        throws MalformedRecordException {
      return in.readBoolean() ? Optional.of(Bytes.wrap(in.readBytes())) : Optional.empty();
    }

    private static void writeOptionalLong(RecordOutput out, OptionalLong value) {
      out.writeBoolean(value.isPresent());
      if (value.isPresent()) {
        out.writeSignedVarLong(value.getAsLong());
      }
    }

    private static OptionalLong readOptionalLong(RecordInput in) throws MalformedRecordException {
      return in.readBoolean() ? OptionalLong.of(in.readSignedVarLong()) : OptionalLong.empty();
    }
  }
}
