package io.sharedstore.sharding;

import io.sharedstore.store.persistence.MalformedRecordException;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of the messages between the store nodes' {@link SlotHandover}s, bound to them
 * in store-cluster's {@code reference.conf} (identifier {@value #IDENTIFIER}):
 *
 * <ul>
 *   <li>{@code P} ({@link SlotHandover.Park}): slot, part, parts (4 bytes each), the sender's
 *       ref (a length and its UTF-8 serialization form), then the chunk as a {@link
 *       SlotSerializer} snapshot.
 *   <li>{@code A} ({@link SlotHandover.Parked}): slot, part (4 bytes each), the node's address
 *       (UTF-8).
 *   <li>{@code D} ({@link SlotHandover.Drop}): the slot (4 bytes).
 * </ul>
 *
 * <p>Public only because Pekko instantiates it by name: not API.
 */
public final class HandoverSerializer extends SerializerWithStringManifest {

  /** The serializer's identifier, unique in the actor system. */
  public static final int IDENTIFIER = 1_324_014;

  private static final String PARK = "P";
  private static final String PARKED = "A";
  private static final String DROP = "D";

  private final ActorRefResolver resolver;

  /**
   * The serializer, as Pekko makes it.
   *
   * @param system the actor system (resolves the refs)
   */
  public HandoverSerializer(ExtendedActorSystem system) {
    this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof SlotHandover.Park) {
      return PARK;
    }
    if (o instanceof SlotHandover.Parked) {
      return PARKED;
    }
    if (o instanceof SlotHandover.Drop) {
      return DROP;
    }
    throw new IllegalArgumentException("not a handover message: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof SlotHandover.Park park) {
      byte[] from = resolver.toSerializationFormat(park.from()).getBytes(StandardCharsets.UTF_8);
      byte[] chunk = SlotSerializer.snapshot(park.chunk());
      return ByteBuffer.allocate(16 + from.length + chunk.length)
          .putInt(park.slot()).putInt(park.part()).putInt(park.parts())
          .putInt(from.length).put(from).put(chunk).array();
    }
    if (o instanceof SlotHandover.Parked parked) {
      byte[] node = parked.node().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(8 + node.length)
          .putInt(parked.slot()).putInt(parked.part()).put(node).array();
    }
    if (o instanceof SlotHandover.Drop drop) {
      return ByteBuffer.allocate(4).putInt(drop.slot()).array();
    }
    throw new IllegalArgumentException("not a handover message: " + o.getClass());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      switch (manifest) {
        case PARK: {
          int slot = in.getInt();
          int part = in.getInt();
          int parts = in.getInt();
          byte[] from = new byte[in.getInt()];
          in.get(from);
          byte[] chunk = new byte[in.remaining()];
          in.get(chunk);
          ActorRef<SlotHandover.Message> sender =
              resolver.resolveActorRef(new String(from, StandardCharsets.UTF_8));
          return new SlotHandover.Park(slot, part, parts, SlotSerializer.snapshot(chunk), sender);
        }
        case PARKED: {
          int slot = in.getInt();
          int part = in.getInt();
          byte[] node = new byte[in.remaining()];
          in.get(node);
          return new SlotHandover.Parked(slot, part, new String(node, StandardCharsets.UTF_8));
        }
        case DROP:
          return new SlotHandover.Drop(in.getInt());
        default:
          throw new NotSerializableException("unknown manifest [" + manifest + "]");
      }
    } catch (MalformedRecordException | RuntimeException e) {
      NotSerializableException refused = new NotSerializableException(
          "a handover message [" + manifest + "] that cannot be read: " + e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }
}
