package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Batch;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;

/**
 * The binary form of a {@link RoutedBatch} (identifier {@value #IDENTIFIER}, manifest {@code
 * R}): the router's node (a length, 4 bytes, and its UTF-8), the batch's serializer id (4
 * bytes) and manifest (a length and its UTF-8), then the batch as that serializer writes it
 * (the store's compact form), so a forwarded sub-batch costs its {@code via} more than a batch.
 *
 * <p>Public only because Pekko instantiates it by name: not API.
 */
public final class RoutedBatchSerializer extends SerializerWithStringManifest {

  /** The serializer's identifier, unique in the actor system. */
  public static final int IDENTIFIER = 1_324_016;

  private static final String ROUTED = "R";

  private final ExtendedActorSystem system;
  /** Looked up at first use: the extension is not ready while Pekko makes its serializers. */
  private volatile Serialization serialization;

  /**
   * The serializer, as Pekko makes it.
   *
   * @param system the actor system (serializes the batch)
   */
  public RoutedBatchSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  private Serialization serialization() {
    Serialization now = serialization;
    if (now == null) {
      now = SerializationExtension.get(system);
      serialization = now;
    }
    return now;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof RoutedBatch) {
      return ROUTED;
    }
    throw new IllegalArgumentException("not a routed batch: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof RoutedBatch routed)) {
      throw new IllegalArgumentException("not a routed batch: " + o.getClass());
    }
    Serializer serializer = serialization().findSerializerFor(routed.batch());
    byte[] via = routed.via().getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        Serializers.manifestFor(serializer, routed.batch()).getBytes(StandardCharsets.UTF_8);
    byte[] batch = serializer.toBinary(routed.batch());
    return ByteBuffer.allocate(12 + via.length + manifest.length + batch.length)
        .putInt(via.length).put(via)
        .putInt(serializer.identifier())
        .putInt(manifest.length).put(manifest)
        .put(batch).array();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!ROUTED.equals(manifest)) {
      throw new NotSerializableException("unknown manifest [" + manifest + "]");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      String via = text(in);
      int serializerId = in.getInt();
      String batchManifest = text(in);
      byte[] batch = new byte[in.remaining()];
      in.get(batch);
      Object decoded = serialization().deserialize(batch, serializerId, batchManifest).get();
      return new RoutedBatch((Batch) decoded, via);
    } catch (RuntimeException e) {
      NotSerializableException refused = new NotSerializableException(
          "a routed batch that cannot be read: " + e);
      refused.initCause(e);
      throw refused;
    }
  }

  private static String text(ByteBuffer in) {
    byte[] text = new byte[in.getInt()];
    in.get(text);
    return new String(text, StandardCharsets.UTF_8);
  }
}
