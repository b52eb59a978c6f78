package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.persistence.ChangeCodec;
import io.sharedstore.store.persistence.MalformedRecordException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of a journaled slot's events and snapshots, bound to them in store-cluster's
 * {@code reference.conf} (identifier {@value #IDENTIFIER}). Both reuse the single manager's log
 * record format ({@link ChangeCodec}), so a change is written the same way in a log file and in
 * the journal.
 *
 * <ul>
 *   <li>{@code E} (an event): the {@link ChangeCodec} payload of its changes; none (0 bytes) for
 *       the seal.
 *   <li>{@code S} (a snapshot): a format byte ({@code 1}), the revision (8 bytes), the number of
 *       entries and of remembered results (4 bytes each), then, if either is not zero, one {@link
 *       ChangeCodec} payload of the entries (as {@link Change.Written}s at revision 0) followed
 *       by the remembered results (as {@link Change.Remembered}s at revision 0).
 * </ul>
 *
 * <p>Public only because Pekko instantiates it by name: not API.
 */
public final class SlotSerializer extends SerializerWithStringManifest {

  /** The serializer's identifier, unique in the actor system. */
  public static final int IDENTIFIER = 1_324_013;

  private static final String EVENT = "E";
  private static final String SNAPSHOT = "S";
  private static final byte SNAPSHOT_FORMAT = 1;
  private static final int SNAPSHOT_HEADER = 1 + 8 + 4 + 4;

  /**
   * The serializer, as Pekko makes it.
   *
   * @param system the actor system (unused)
   */
  public SlotSerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof SlotEvent) {
      return EVENT;
    }
    if (o instanceof SlotSnapshot) {
      return SNAPSHOT;
    }
    throw new IllegalArgumentException("not a slot's event or snapshot: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof SlotEvent event) {
      return event.isSeal() ? new byte[0] : ChangeCodec.encode(event.changes());
    }
    if (o instanceof SlotSnapshot snapshot) {
      return snapshot(snapshot);
    }
    throw new IllegalArgumentException("not a slot's event or snapshot: " + o.getClass());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      switch (manifest) {
        case EVENT:
          return bytes.length == 0 ? SlotEvent.SEAL : new SlotEvent(ChangeCodec.decode(bytes));
        case SNAPSHOT:
          return snapshot(bytes);
        default:
          throw new NotSerializableException("unknown manifest [" + manifest + "]");
      }
    } catch (MalformedRecordException | IllegalArgumentException e) {
      NotSerializableException refused = new NotSerializableException(
          "a slot's " + (EVENT.equals(manifest) ? "event" : "snapshot") + " that cannot be read: "
              + e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }

  static byte[] snapshot(SlotSnapshot snapshot) {
    List<Change> contents = new ArrayList<>(snapshot.entries().size()
        + snapshot.remembered().size());
    contents.addAll(snapshot.entries());
    contents.addAll(snapshot.remembered());
    byte[] changes = contents.isEmpty() ? new byte[0] : ChangeCodec.encode(contents);
    return ByteBuffer.allocate(SNAPSHOT_HEADER + changes.length)
        .put(SNAPSHOT_FORMAT)
        .putLong(snapshot.revision())
        .putInt(snapshot.entries().size())
        .putInt(snapshot.remembered().size())
        .put(changes)
        .array();
  }

  static SlotSnapshot snapshot(byte[] bytes) throws MalformedRecordException {
    if (bytes.length < SNAPSHOT_HEADER || bytes[0] != SNAPSHOT_FORMAT) {
      throw new MalformedRecordException("not a format " + SNAPSHOT_FORMAT + " snapshot ("
          + bytes.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, SNAPSHOT_HEADER - 1);
    long revision = in.getLong();
    int entries = in.getInt();
    int remembered = in.getInt();
    List<Change> contents = bytes.length == SNAPSHOT_HEADER ? List.of()
        : ChangeCodec.decode(java.util.Arrays.copyOfRange(bytes, SNAPSHOT_HEADER, bytes.length));
    if (entries < 0 || remembered < 0 || contents.size() != (long) entries + remembered) {
      throw new MalformedRecordException("a snapshot of " + entries + " entries and " + remembered
          + " remembered results holds " + contents.size() + " changes");
    }
    List<Change.Written> written = new ArrayList<>(entries);
    List<Change.Remembered> results = new ArrayList<>(remembered);
    for (int i = 0; i < contents.size(); i++) {
      Change change = contents.get(i);
      if (i < entries && change instanceof Change.Written entry) {
        written.add(entry);
      } else if (i >= entries && change instanceof Change.Remembered result) {
        results.add(result);
      } else {
        throw new MalformedRecordException("a snapshot's change " + i + " is out of place: "
            + change.getClass().getSimpleName());
      }
    }
    return new SlotSnapshot(revision, written, results);
  }
}
