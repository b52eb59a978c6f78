package io.sharedstore.store.wire;

import static io.sharedstore.store.wire.WireFields.expect;
import static io.sharedstore.store.wire.WireFields.nextLong;
import static io.sharedstore.store.wire.WireFields.read;
import static io.sharedstore.store.wire.WireFields.rootReader;
import static io.sharedstore.store.wire.WireFields.typesOf;
import static io.sharedstore.store.wire.WireFields.writePolymorphic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The wire form of a {@link Batch}, still written by Jackson CBOR: {@code [replyTo, [op, id,
 * fields..., op, id, fields..., ...]]}, one flat array of requests. The hot operations (those
 * with a compact form in {@link Opcode}) are written as their code and fields, with no type
 * names, no field names and no Optional wrappers; values stay a CBOR byte string, read back as
 * the same bytes. Every other operation, or one with a null field, is written as code {@link
 * Opcode#GENERIC} and the polymorphic form of {@link Operation}, so every operation round-trips.
 */
final class BatchFormat {

  private BatchFormat() {}

  /** Writes a {@link Batch} in the compact form. */
  static final class Writer extends StdSerializer<Batch> implements ContextualSerializer {

    /** How an {@link Operation} is written with its type name, looked up once per mapper. */
    private final TypeSerializer operationTypes;

    Writer() {
      this(null);
    }

    private Writer(TypeSerializer operationTypes) {
      super(Batch.class);
      this.operationTypes = operationTypes;
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      return operationTypes != null ? this : new Writer(typesOf(Operation.class, provider));
    }

    @Override
    public void serialize(Batch batch, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
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
      gen.writeEndArray();
    }

    private void writeRequest(Request request, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (request == null) {
        gen.writeNull();
        return;
      }
      Operation<?> operation = request.operation();
      if (operation != null) {
        Opcode opcode = Opcode.of(operation);
        if (opcode.hasCompactForm(operation)) {
          gen.writeNumber(opcode.code());
          gen.writeNumber(request.id());
          opcode.write(operation, gen);
          return;
        }
      }
      gen.writeNumber(Opcode.GENERIC);
      gen.writeNumber(request.id());
      if (operation == null) {
        gen.writeNull();
      } else {
        writePolymorphic(operation,
            operationTypes != null ? operationTypes : typesOf(Operation.class, provider), gen,
            provider);
      }
    }
  }

  /** Reads a {@link Batch} written by {@link Writer}. */
  static final class Reader extends StdDeserializer<Batch> implements ContextualDeserializer {

    /** Readers of a polymorphic {@link Operation} and of the reply address, found once. */
    private final JsonDeserializer<Object> operations;
    private final JsonDeserializer<Object> actorRefs;

    Reader() {
      this(null, null);
    }

    private Reader(JsonDeserializer<Object> operations, JsonDeserializer<Object> actorRefs) {
      super(Batch.class);
      this.operations = operations;
      this.actorRefs = actorRefs;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      return operations != null
          ? this
          : new Reader(rootReader(Operation.class, ctxt), rootReader(ActorRef.class, ctxt));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Batch deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      expect(p.currentToken(), JsonToken.START_ARRAY, p, ctxt);
      p.nextToken();
      ActorRef<Replies> replyTo =
          p.currentToken() == JsonToken.VALUE_NULL
              ? null
              : (ActorRef<Replies>) read(actorRefs, ActorRef.class, p, ctxt);
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

    private Request readRequest(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      int code = p.getIntValue();
      long id = nextLong(p);
      if (code == Opcode.GENERIC) {
        Operation<?> operation =
            p.nextToken() == JsonToken.VALUE_NULL
                ? null
                : (Operation<?>) read(operations, Operation.class, p, ctxt);
        return new Request(id, operation);
      }
      Opcode opcode = Opcode.byCode(code);
      if (opcode == null) {
        throw ctxt.weirdNumberException(code, Batch.class, "unknown request opcode");
      }
      return new Request(id, opcode.read(p));
    }
  }
}
