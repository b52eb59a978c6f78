package io.sharedstore.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sharedstore.store.StoreActor.Batch;
import io.sharedstore.store.StoreActor.Command;
import io.sharedstore.store.StoreActor.Delete;
import io.sharedstore.store.StoreActor.Get;
import io.sharedstore.store.StoreActor.Has;
import io.sharedstore.store.StoreActor.Increment;
import io.sharedstore.store.StoreActor.Request;
import io.sharedstore.store.StoreActor.Set;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The wire form of a {@link Batch}, still written by Jackson CBOR: {@code [replyTo, [op, id,
 * fields..., op, id, fields..., ...]]}, one flat array of requests. The hot requests (get, set,
 * has, delete, increment, each without a replyTo of its own, as a client's connection sends them)
 * are written as an opcode and their fields, with no type names, no field names and no Optional
 * wrappers; values stay a CBOR byte string, read back as the same bytes. Every other request, or
 * one with a replyTo or a null field, is written as opcode {@code 0} and the generic polymorphic
 * form of {@link Command}, so every command still round-trips exactly.
 */
final class BatchFormat {

  private static final int GENERIC = 0;
  private static final int GET = 1;
  private static final int SET = 2;
  private static final int HAS = 3;
  private static final int DELETE = 4;
  private static final int INCREMENT = 5;

  private BatchFormat() {}

  /** Writes a {@link Batch} in the compact form. */
  static final class Writer extends StdSerializer<Batch> implements ContextualSerializer {

    /**
     * How a {@link Command} is written with its type name, looked up once per mapper: looking it
     * up per request resolves every subtype again (tens of microseconds each).
     */
    private final TypeSerializer commandTypes;

    Writer() {
      this(null);
    }

    private Writer(TypeSerializer commandTypes) {
      super(Batch.class);
      this.commandTypes = commandTypes;
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      return commandTypes != null ? this : new Writer(typesOf(Command.class, provider));
    }

    @Override
    public void serialize(Batch batch, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      writeElements(batch, gen, provider);
      gen.writeEndArray();
    }

    /**
     * As a polymorphic {@link Command} (a batch is one): {@code [name, [replyTo, [...]]]}; the
     * type serializer writes the name and the value's own array start and end.
     */
    @Override
    public void serializeWithType(
        Batch batch, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      WritableTypeId typeId =
          typeSer.writeTypePrefix(gen, typeSer.typeId(batch, JsonToken.START_ARRAY));
      writeElements(batch, gen, provider);
      typeSer.writeTypeSuffix(gen, typeId);
    }

    private void writeElements(Batch batch, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      provider.defaultSerializeValue(batch.replyTo(), gen);
      if (batch.requests() == null) {
        gen.writeNull();
      } else {
        gen.writeStartArray();
        for (Request request : batch.requests()) {
          writeRequest(request, gen, provider);
        }
        gen.writeEndArray();
      }
    }

    private void writeRequest(Request request, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (request == null) {
        gen.writeNull();
        return;
      }
      Command command = request.command();
      if (command instanceof Get get && get.replyTo() == null && get.key() != null) {
        start(GET, request, gen);
        gen.writeString(get.key());
      } else if (command instanceof Set set && set.replyTo() == null && set.key() != null
          && set.value() != null) {
        start(SET, request, gen);
        gen.writeString(set.key());
        gen.writeBinary(set.value());
        writeOptional(set.ttlMillis(), gen);
      } else if (command instanceof Has has && has.replyTo() == null && has.key() != null) {
        start(HAS, request, gen);
        gen.writeString(has.key());
      } else if (command instanceof Delete delete && delete.replyTo() == null
          && delete.key() != null) {
        start(DELETE, request, gen);
        gen.writeString(delete.key());
      } else if (command instanceof Increment increment && increment.replyTo() == null
          && increment.key() != null && increment.ttlMillis() != null
          && increment.requestId() != null) {
        start(INCREMENT, request, gen);
        gen.writeString(increment.key());
        gen.writeNumber(increment.delta());
        writeOptional(increment.ttlMillis(), gen);
        if (increment.requestId().isPresent()) {
          gen.writeString(increment.requestId().get());
        } else {
          gen.writeNull();
        }
      } else {
        start(GENERIC, request, gen);
        if (command == null) {
          gen.writeNull();
        } else {
          writePolymorphic(command,
              commandTypes != null ? commandTypes : typesOf(Command.class, provider), gen, provider);
        }
      }
    }

    private static void start(int op, Request request, JsonGenerator gen) throws IOException {
      gen.writeNumber(op);
      gen.writeNumber(request.id());
    }

    private static void writeOptional(OptionalLong value, JsonGenerator gen) throws IOException {
      if (value.isPresent()) {
        gen.writeNumber(value.getAsLong());
      } else {
        gen.writeNull();
      }
    }
  }

  /** Reads a {@link Batch} written by {@link Writer}. */
  static final class Reader extends StdDeserializer<Batch> implements ContextualDeserializer {

    /** Readers of a polymorphic {@link Command} and of the reply address, found once per mapper. */
    private final JsonDeserializer<Object> commands;
    private final JsonDeserializer<Object> actorRefs;

    Reader() {
      this(null, null);
    }

    private Reader(JsonDeserializer<Object> commands, JsonDeserializer<Object> actorRefs) {
      super(Batch.class);
      this.commands = commands;
      this.actorRefs = actorRefs;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      return commands != null
          ? this
          : new Reader(rootReader(Command.class, ctxt), rootReader(ActorRef.class, ctxt));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Batch deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      expect(p.currentToken(), JsonToken.START_ARRAY, p, ctxt);
      p.nextToken();
      ActorRef<StoreActor.Replies> replyTo =
          p.currentToken() == JsonToken.VALUE_NULL ? null : (ActorRef<StoreActor.Replies>) read(
              actorRefs, ActorRef.class, p, ctxt);
      List<Request> requests = null;
      if (p.nextToken() != JsonToken.VALUE_NULL) {
        expect(p.currentToken(), JsonToken.START_ARRAY, p, ctxt);
        requests = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          requests.add(readRequest(p, ctxt));
        }
      }
      expect(p.nextToken(), JsonToken.END_ARRAY, p, ctxt);
      return new Batch(requests, replyTo);
    }

    private Request readRequest(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      int op = p.getIntValue();
      long id = nextLong(p);
      Command command =
          switch (op) {
            case GET -> new Get(nextString(p), null);
            case SET -> new Set(nextString(p), nextBinary(p), nextOptionalLong(p), null);
            case HAS -> new Has(nextString(p), null);
            case DELETE -> new Delete(nextString(p), null);
            case INCREMENT ->
                new Increment(
                    nextString(p), nextLong(p), nextOptionalLong(p), nextOptionalString(p), null);
            case GENERIC ->
                p.nextToken() == JsonToken.VALUE_NULL
                    ? null
                    : (Command) read(commands, Command.class, p, ctxt);
            default -> throw ctxt.weirdNumberException(op, Batch.class, "unknown request opcode");
          };
      return new Request(id, command);
    }
  }

  /** Writes a value with its type name, as a field declared as the types' base would be. */
  static void writePolymorphic(
      Object value, TypeSerializer types, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    provider.findValueSerializer(value.getClass()).serializeWithType(value, gen, provider, types);
  }

  /** How values declared as {@code base} are written with their type names. */
  static TypeSerializer typesOf(Class<?> base, SerializerProvider provider)
      throws JsonMappingException {
    return provider.findTypeSerializer(provider.constructType(base));
  }

  /** The reader of a value declared as {@code type}, with its type name if it has one. */
  static JsonDeserializer<Object> rootReader(Class<?> type, DeserializationContext ctxt)
      throws JsonMappingException {
    return ctxt.findRootValueDeserializer(ctxt.constructType(type));
  }

  /** Reads a {@code type} with {@code reader}, or looks the reader up if there is none yet. */
  static Object read(
      JsonDeserializer<Object> reader, Class<?> type, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    return reader != null ? reader.deserialize(p, ctxt) : ctxt.readValue(p, type);
  }

  static void expect(JsonToken actual, JsonToken expected, JsonParser p, DeserializationContext ctxt)
      throws IOException {
    if (actual != expected) {
      ctxt.reportInputMismatch(
          (Class<?>) null, "expected %s in the compact form of a batch or replies, found %s",
          expected, actual);
    }
  }

  static long nextLong(JsonParser p) throws IOException {
    p.nextToken();
    return p.getLongValue();
  }

  static String nextString(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
  }

  static byte[] nextBinary(JsonParser p) throws IOException {
    p.nextToken();
    return p.getBinaryValue();
  }

  static OptionalLong nextOptionalLong(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL
        ? OptionalLong.empty()
        : OptionalLong.of(p.getLongValue());
  }

  static Optional<String> nextOptionalString(JsonParser p) throws IOException {
    return p.nextToken() == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(p.getText());
  }
}
