package io.sharedstore.sharding;

import io.sharedstore.store.persistence.ChangeCodec;
import io.sharedstore.store.persistence.MalformedRecordException;
import io.sharedstore.store.protocol.Command;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of what goes between the store nodes for watches ({@link SlotNews} from the
 * slots, the {@link ChangeFeed} subscriptions), bound in store-cluster's {@code reference.conf}
 * (identifier {@value #IDENTIFIER}):
 *
 * <ul>
 *   <li>{@code C} ({@link SlotNews.Changed}): the slot (4 bytes), then the {@link ChangeCodec}
 *       payload of its changes (the log record format).
 *   <li>{@code T} ({@link SlotNews.Started}): slot (4 bytes), revision (8), fresh (1: 0 or 1).
 *   <li>{@code U} ({@link ChangeFeed.Subscribe}), {@code X} ({@link ChangeFeed.Unsubscribe}),
 *       {@code D} ({@link ChangeFeed.Subscribed}): the ref's serialization form (UTF-8).
 * </ul>
 *
 * <p>Public only because Pekko instantiates it by name: not API.
 */
public final class WatchFeedSerializer extends SerializerWithStringManifest {

  /** The serializer's identifier, unique in the actor system. */
  public static final int IDENTIFIER = 1_324_015;

  private static final String CHANGED = "C";
  private static final String STARTED = "T";
  private static final String SUBSCRIBE = "U";
  private static final String UNSUBSCRIBE = "X";
  private static final String SUBSCRIBED = "D";

  private final ActorRefResolver resolver;

  /**
   * The serializer, as Pekko makes it.
   *
   * @param system the actor system (resolves the refs)
   */
  public WatchFeedSerializer(ExtendedActorSystem system) {
    this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof SlotNews.Changed) {
      return CHANGED;
    }
    if (o instanceof SlotNews.Started) {
      return STARTED;
    }
    if (o instanceof ChangeFeed.Subscribe) {
      return SUBSCRIBE;
    }
    if (o instanceof ChangeFeed.Unsubscribe) {
      return UNSUBSCRIBE;
    }
    if (o instanceof ChangeFeed.Subscribed) {
      return SUBSCRIBED;
    }
    throw new IllegalArgumentException("not a watch feed message: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof SlotNews.Changed changed) {
      byte[] changes = ChangeCodec.encode(changed.changes());
      return ByteBuffer.allocate(4 + changes.length).putInt(changed.slot()).put(changes).array();
    }
    if (o instanceof SlotNews.Started started) {
      return ByteBuffer.allocate(13).putInt(started.slot()).putLong(started.revision())
          .put((byte) (started.fresh() ? 1 : 0)).array();
    }
    if (o instanceof ChangeFeed.Subscribe subscribe) {
      return ref(subscribe.watches());
    }
    if (o instanceof ChangeFeed.Unsubscribe unsubscribe) {
      return ref(unsubscribe.watches());
    }
    if (o instanceof ChangeFeed.Subscribed subscribed) {
      return ref(subscribed.feed());
    }
    throw new IllegalArgumentException("not a watch feed message: " + o.getClass());
  }

  private byte[] ref(ActorRef<?> ref) {
    return resolver.toSerializationFormat(ref).getBytes(StandardCharsets.UTF_8);
  }

  private <T> ActorRef<T> ref(byte[] bytes) {
    return resolver.resolveActorRef(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      switch (manifest) {
        case CHANGED:
          return new SlotNews.Changed(ByteBuffer.wrap(bytes).getInt(),
              ChangeCodec.decode(Arrays.copyOfRange(bytes, 4, bytes.length)));
        case STARTED: {
          if (bytes.length != 13 || bytes[12] > 1 || bytes[12] < 0) {
            throw new IllegalArgumentException("a start is 13 bytes ending in 0 or 1");
          }
          ByteBuffer in = ByteBuffer.wrap(bytes);
          return new SlotNews.Started(in.getInt(), in.getLong(), in.get() == 1);
        }
        case SUBSCRIBE:
          return new ChangeFeed.Subscribe(this.<Command>ref(bytes));
        case UNSUBSCRIBE:
          return new ChangeFeed.Unsubscribe(this.<Command>ref(bytes));
        case SUBSCRIBED:
          return new ChangeFeed.Subscribed(this.<ChangeFeed.Message>ref(bytes));
        default:
          throw new NotSerializableException("unknown manifest [" + manifest + "]");
      }
    } catch (MalformedRecordException | RuntimeException e) {
      NotSerializableException refused = new NotSerializableException(
          "a watch feed message [" + manifest + "] that cannot be read: " + e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }
}
