package io.sharedstore.store.wire;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.io.IOException;
import java.util.List;

/**
 * The Jackson module of the store's protocol, registered with Pekko's Jackson serializers in
 * {@code shared-store-pekko.conf} ({@code pekko.serialization.jackson.jackson-modules}): the
 * compact forms of {@link Batch}, {@link Replies} and {@link WatchEvents}, {@link Bytes} as a
 * CBOR byte string, and the polymorphic names of {@link Operation} (from {@link Opcode}) and
 * {@link Reply} ({@link #REPLY_NAMES}), never class names.
 */
public final class StoreWireModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  /** The type name of each reply in the generic form. */
  public static final List<NamedType> REPLY_NAMES =
      List.of(
          new NamedType(Reply.Written.class, "written"),
          new NamedType(Reply.Value.class, "value"),
          new NamedType(Reply.Exists.class, "exists"),
          new NamedType(Reply.Deleted.class, "deleted"),
          new NamedType(Reply.Counter.class, "counter"),
          new NamedType(Reply.BoundedCounter.class, "boundedCounter"),
          new NamedType(Reply.Applied.class, "applied"),
          new NamedType(Reply.Previous.class, "previous"),
          new NamedType(Reply.TtlLeft.class, "ttlLeft"),
          new NamedType(Reply.KeyPage.class, "keyPage"),
          new NamedType(Reply.Count.class, "count"),
          new NamedType(Reply.DeletedKeys.class, "deletedKeys"),
          new NamedType(Reply.Values.class, "values"),
          new NamedType(Reply.Stats.class, "stats"),
          new NamedType(Reply.Echoed.class, "echoed"),
          new NamedType(ManagerInfo.class, "info"));

  /** Operations carry their type name in {@code @op}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@op")
  private interface OperationTypes {}

  /** Replies carry their type name in {@code @reply}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@reply")
  private interface ReplyTypes {}

  /** Watch events carry their type name in {@code @event}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@event")
  private interface WatchEventTypes {}

  /** The module; Pekko creates it by name. */
  public StoreWireModule() {
    super("shared-store-wire");
    setMixInAnnotation(Operation.class, OperationTypes.class);
    setMixInAnnotation(Reply.class, ReplyTypes.class);
    for (Opcode opcode : Opcode.values()) {
      registerSubtypes(new NamedType(opcode.type(), opcode.typeName()));
    }
    registerSubtypes(REPLY_NAMES.toArray(new NamedType[0]));
    setMixInAnnotation(WatchEvent.class, WatchEventTypes.class);
    registerSubtypes(new NamedType(WatchEvent.KeyEvent.class, "key"),
        new NamedType(WatchEvent.Reset.class, "reset"));
    addSerializer(Batch.class, new BatchFormat.Writer());
    addDeserializer(Batch.class, new BatchFormat.Reader());
    addSerializer(Replies.class, new RepliesFormat.Writer());
    addDeserializer(Replies.class, new RepliesFormat.Reader());
    addSerializer(WatchEvents.class, new WatchEventsFormat.Writer());
    addDeserializer(WatchEvents.class, new WatchEventsFormat.Reader());
    addSerializer(Bytes.class, new BytesWriter());
    addDeserializer(Bytes.class, new BytesReader());
  }

  private static final class BytesWriter extends StdSerializer<Bytes> {
    BytesWriter() {
      super(Bytes.class);
    }

    @Override
    public void serialize(Bytes value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      byte[] bytes = value.unsafeArray();
      gen.writeBinary(bytes, 0, bytes.length);
    }
  }

  private static final class BytesReader extends StdDeserializer<Bytes> {
    BytesReader() {
      super(Bytes.class);
    }

    @Override
    public Bytes deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return Bytes.wrap(p.getBinaryValue());
    }
  }
}
