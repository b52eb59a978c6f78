package io.sharedstore.store.wire;

import static io.sharedstore.store.wire.WireFields.expect;
import static io.sharedstore.store.wire.WireFields.nextBinary;
import static io.sharedstore.store.wire.WireFields.nextBoolean;
import static io.sharedstore.store.wire.WireFields.nextLong;
import static io.sharedstore.store.wire.WireFields.nextString;
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
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Reply.Applied;
import io.sharedstore.store.protocol.Reply.Counter;
import io.sharedstore.store.protocol.Reply.Deleted;
import io.sharedstore.store.protocol.Reply.Exists;
import io.sharedstore.store.protocol.Reply.Value;
import io.sharedstore.store.protocol.Reply.Written;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of {@link Replies}, still written by Jackson CBOR: one flat array {@code [op, id,
 * fields..., op, id, fields..., ...]}. The answers of the hot requests (written, value, exists,
 * deleted, counter, applied) and refusals are an opcode and their fields, with no type names and
 * no Optional wrappers; a value is the stored bytes as a CBOR byte string, written as they are.
 * Any other answer is opcode {@code 0} with the generic polymorphic form of {@link Reply} (or
 * null) and the error text (or null), so every outcome still round-trips exactly. An owner hint
 * (a store cluster's) follows the outcomes as {@code 9, slot, node}; without one the form is
 * unchanged.
 */
final class RepliesFormat {

  private static final int GENERIC = 0;
  private static final int WRITTEN = 1;
  private static final int VALUE = 2;
  private static final int NO_VALUE = 3;
  private static final int EXISTS = 4;
  private static final int DELETED = 5;
  private static final int COUNTER = 6;
  private static final int APPLIED = 7;
  private static final int ERROR = 8;
  /** Not an outcome: the owner hint, {@code [9, slot, node]}, last; absent without a hint. */
  private static final int OWNER = 9;

  private RepliesFormat() {}

  /** Writes {@link Replies} in the compact form. */
  static final class Writer extends StdSerializer<Replies> implements ContextualSerializer {

    /** How a {@link Reply} is written with its type name, looked up once per mapper. */
    private final TypeSerializer replyTypes;

    Writer() {
      this(null);
    }

    private Writer(TypeSerializer replyTypes) {
      super(Replies.class);
      this.replyTypes = replyTypes;
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
        throws JsonMappingException {
      return replyTypes != null ? this : new Writer(typesOf(Reply.class, provider));
    }

    @Override
    public void serialize(Replies replies, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      for (Outcome outcome : replies.outcomes()) {
        writeOutcome(outcome, gen, provider);
      }
      if (replies.owner().isPresent()) {
        gen.writeNumber(OWNER);
        gen.writeNumber(replies.owner().get().slot());
        gen.writeString(replies.owner().get().node());
      }
      gen.writeEndArray();
    }

    private void writeOutcome(Outcome outcome, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      Optional<Reply> reply = outcome.reply();
      Optional<String> error = outcome.error();
      if (reply == null || error == null) {
        throw new IllegalArgumentException("an outcome needs reply and error, each maybe empty");
      }
      if (reply.isEmpty() && error.isPresent()) {
        start(ERROR, outcome, gen);
        gen.writeString(error.get());
        return;
      }
      Reply answer = reply.orElse(null);
      if (error.isEmpty() && answer != null) {
        if (answer instanceof Written written) {
          start(WRITTEN, outcome, gen);
          gen.writeNumber(written.revision());
          return;
        }
        if (answer instanceof Value value) {
          if (value.bytes().isPresent()) {
            start(VALUE, outcome, gen);
            byte[] bytes = value.bytes().get().unsafeArray();
            gen.writeBinary(bytes, 0, bytes.length);
          } else {
            start(NO_VALUE, outcome, gen);
          }
          return;
        }
        if (answer instanceof Exists exists) {
          start(EXISTS, outcome, gen);
          gen.writeBoolean(exists.exists());
          return;
        }
        if (answer instanceof Deleted deleted) {
          start(DELETED, outcome, gen);
          gen.writeBoolean(deleted.existed());
          gen.writeNumber(deleted.revision());
          return;
        }
        if (answer instanceof Counter counter) {
          start(COUNTER, outcome, gen);
          gen.writeNumber(counter.value());
          gen.writeNumber(counter.revision());
          return;
        }
        if (answer instanceof Applied applied) {
          start(APPLIED, outcome, gen);
          gen.writeBoolean(applied.applied());
          gen.writeNumber(applied.revision());
          return;
        }
      }
      start(GENERIC, outcome, gen);
      if (answer == null) {
        gen.writeNull();
      } else {
        writePolymorphic(answer,
            replyTypes != null ? replyTypes : typesOf(Reply.class, provider), gen, provider);
      }
      if (error.isPresent()) {
        gen.writeString(error.get());
      } else {
        gen.writeNull();
      }
    }

    private static void start(int op, Outcome outcome, JsonGenerator gen) throws IOException {
      gen.writeNumber(op);
      gen.writeNumber(outcome.id());
    }
  }

  /** Reads {@link Replies} written by {@link Writer}. */
  static final class Reader extends StdDeserializer<Replies> implements ContextualDeserializer {

    /** The reader of a polymorphic {@link Reply}, found once per mapper. */
    private final JsonDeserializer<Object> replies;

    Reader() {
      this(null);
    }

    private Reader(JsonDeserializer<Object> replies) {
      super(Replies.class);
      this.replies = replies;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      return replies != null ? this : new Reader(rootReader(Reply.class, ctxt));
    }

    @Override
    public Replies deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      expect(p.currentToken(), JsonToken.START_ARRAY, p, ctxt);
      List<Outcome> outcomes = new ArrayList<>();
      Optional<Replies.Owner> owner = Optional.empty();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        int op = p.getIntValue();
        if (op == OWNER) {
          int slot = (int) nextLong(p);
          owner = Optional.of(new Replies.Owner(slot, nextString(p)));
          continue;
        }
        long id = nextLong(p);
        outcomes.add(
            switch (op) {
              case WRITTEN -> success(id, new Written(nextLong(p)));
              case VALUE -> success(id, new Value(Optional.of(Bytes.wrap(nextBinary(p)))));
              case NO_VALUE -> success(id, new Value(Optional.empty()));
              case EXISTS -> success(id, new Exists(nextBoolean(p)));
              case DELETED -> success(id, new Deleted(nextBoolean(p), nextLong(p)));
              case COUNTER -> success(id, new Counter(nextLong(p), nextLong(p)));
              case APPLIED -> success(id, new Applied(nextBoolean(p), nextLong(p)));
              case ERROR -> new Outcome(id, Optional.empty(), Optional.of(nextString(p)));
              case GENERIC -> {
                Reply reply =
                    p.nextToken() == JsonToken.VALUE_NULL
                        ? null
                        : (Reply) read(replies, Reply.class, p, ctxt);
                yield new Outcome(id, Optional.ofNullable(reply), Optional.ofNullable(nextString(p)));
              }
              default -> throw ctxt.weirdNumberException(op, Replies.class, "unknown reply opcode");
            });
      }
      return new Replies(outcomes, owner);
    }

    private static Outcome success(long id, Reply reply) {
      return Outcome.success(id, reply);
    }
  }
}
