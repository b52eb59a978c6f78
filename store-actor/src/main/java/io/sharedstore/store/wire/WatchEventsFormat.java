package io.sharedstore.store.wire;

import static io.sharedstore.store.wire.WireFields.expect;
import static io.sharedstore.store.wire.WireFields.nextBinary;
import static io.sharedstore.store.wire.WireFields.nextLong;
import static io.sharedstore.store.wire.WireFields.nextOptionalLong;
import static io.sharedstore.store.wire.WireFields.nextOptionalString;
import static io.sharedstore.store.wire.WireFields.nextString;
import static io.sharedstore.store.wire.WireFields.writeOptional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvent.KeyEvent;
import io.sharedstore.store.protocol.WatchEvent.Kind;
import io.sharedstore.store.protocol.WatchEvent.Reset;
import io.sharedstore.store.protocol.WatchEvent.ResetReason;
import io.sharedstore.store.protocol.WatchEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The wire form of {@link WatchEvents}, still written by Jackson CBOR: one flat array {@code
 * [watchId, through, sequence, refusal, op, fields..., op, fields..., ...]}, with no type or field names
 * (the store sends one per watcher per change list). A write is {@code CHANGED key revision
 * bytes deadline} (the value a CBOR byte string, the deadline a number or null); a delete or an
 * expiry is its op, the key and the revision; a reset is its op, the revision and the reason's
 * name. A key event of another shape (never sent by the store) is {@code GENERIC kind key
 * revision bytes-or-null deadline-or-null}, so every message round-trips exactly.
 */
final class WatchEventsFormat {

  private static final int GENERIC = 0;
  private static final int CHANGED = 1;
  private static final int DELETED = 2;
  private static final int EXPIRED = 3;
  private static final int RESET = 4;

  private WatchEventsFormat() {}

  /** Writes {@link WatchEvents} in the compact form. */
  static final class Writer extends StdSerializer<WatchEvents> {

    Writer() {
      super(WatchEvents.class);
    }

    @Override
    public void serialize(WatchEvents message, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartArray();
      gen.writeString(message.watchId());
      gen.writeNumber(message.through());
      gen.writeNumber(message.sequence());
      if (message.refusal() != null && message.refusal().isPresent()) {
        gen.writeString(message.refusal().get());
      } else {
        gen.writeNull();
      }
      for (WatchEvent event : message.events()) {
        if (event instanceof KeyEvent key) {
          write(key, gen);
        } else {
          Reset reset = (Reset) event;
          gen.writeNumber(RESET);
          gen.writeNumber(reset.revision());
          gen.writeString(reset.reason().name());
        }
      }
      gen.writeEndArray();
    }

    private static void write(KeyEvent event, JsonGenerator gen) throws IOException {
      boolean bare = event.value().isEmpty() && event.deadlineMillis().isEmpty();
      if (event.kind() == Kind.CHANGED && event.value().isPresent()) {
        gen.writeNumber(CHANGED);
        writeKey(event, gen);
        binary(event.value().get(), gen);
        writeOptional(event.deadlineMillis(), gen);
      } else if (event.kind() != Kind.CHANGED && bare) {
        gen.writeNumber(event.kind() == Kind.DELETED ? DELETED : EXPIRED);
        writeKey(event, gen);
      } else {
        gen.writeNumber(GENERIC);
        gen.writeString(event.kind().name());
        writeKey(event, gen);
        if (event.value().isPresent()) {
          binary(event.value().get(), gen);
        } else {
          gen.writeNull();
        }
        writeOptional(event.deadlineMillis(), gen);
      }
    }

    private static void writeKey(KeyEvent event, JsonGenerator gen) throws IOException {
      gen.writeString(event.key());
      gen.writeNumber(event.revision());
    }

    private static void binary(Bytes value, JsonGenerator gen) throws IOException {
      byte[] bytes = value.unsafeArray();
      gen.writeBinary(bytes, 0, bytes.length);
    }
  }

  /** Reads {@link WatchEvents} written by {@link Writer}. */
  static final class Reader extends StdDeserializer<WatchEvents> {

    Reader() {
      super(WatchEvents.class);
    }

    @Override
    public WatchEvents deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      expect(p.currentToken(), JsonToken.START_ARRAY, p, ctxt);
      String watchId = nextString(p);
      long through = nextLong(p);
      long sequence = nextLong(p);
      Optional<String> refusal = nextOptionalString(p);
      List<WatchEvent> events = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        int op = p.getIntValue();
        events.add(
            switch (op) {
              case CHANGED -> new KeyEvent(Kind.CHANGED, nextString(p), nextLong(p),
                  Optional.of(Bytes.wrap(nextBinary(p))), nextOptionalLong(p));
              case DELETED -> bare(Kind.DELETED, p);
              case EXPIRED -> bare(Kind.EXPIRED, p);
              case RESET -> new Reset(nextLong(p), ResetReason.valueOf(nextString(p)));
              case GENERIC -> new KeyEvent(Kind.valueOf(nextString(p)), nextString(p),
                  nextLong(p), optionalBinary(p), nextOptionalLong(p));
              default -> throw ctxt.weirdNumberException(
                  op, WatchEvents.class, "unknown watch event opcode");
            });
      }
      return new WatchEvents(watchId, events, through, refusal, sequence);
    }

    private static KeyEvent bare(Kind kind, JsonParser p) throws IOException {
      return new KeyEvent(kind, nextString(p), nextLong(p), Optional.empty(),
          OptionalLong.empty());
    }

    private static Optional<Bytes> optionalBinary(JsonParser p) throws IOException {
      return p.nextToken() == JsonToken.VALUE_NULL
          ? Optional.empty()
          : Optional.of(Bytes.wrap(p.getBinaryValue()));
    }
  }
}
