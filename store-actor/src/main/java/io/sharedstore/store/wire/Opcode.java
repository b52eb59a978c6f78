package io.sharedstore.store.wire;

import static io.sharedstore.store.wire.WireFields.nextBinary;
import static io.sharedstore.store.wire.WireFields.nextLong;
import static io.sharedstore.store.wire.WireFields.nextOptionalLong;
import static io.sharedstore.store.wire.WireFields.nextOptionalString;
import static io.sharedstore.store.wire.WireFields.nextString;
import static io.sharedstore.store.wire.WireFields.writeOptional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationVisitor;
import java.io.IOException;

/**
 * The wire table of the operations: one constant per {@link Operation} type, with its code in
 * the compact form of a batch, its type name in the generic (polymorphic) form, and, for the hot
 * operations, the writer and reader of its fields. An operation without a compact form, or one
 * with a null field (only a misbehaving peer sends one), travels in the generic form under code
 * {@link #GENERIC}. {@link #of} is a visitor: a new operation does not compile without its entry.
 */
public enum Opcode {
  GET(1, Operation.Get.class, "get") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      return ((Operation.Get) operation).key() != null;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) throws IOException {
      gen.writeString(((Operation.Get) operation).key());
    }

    @Override
    Operation<?> read(JsonParser p) throws IOException {
      return new Operation.Get(nextString(p));
    }
  },
  SET(2, Operation.Set.class, "set") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      Operation.Set set = (Operation.Set) operation;
      return set.key() != null && set.value() != null && set.ttlMillis() != null;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) throws IOException {
      Operation.Set set = (Operation.Set) operation;
      gen.writeString(set.key());
      byte[] value = set.value().unsafeArray();
      gen.writeBinary(value, 0, value.length);
      writeOptional(set.ttlMillis(), gen);
    }

    @Override
    Operation<?> read(JsonParser p) throws IOException {
      return new Operation.Set(nextString(p), Bytes.wrap(nextBinary(p)), nextOptionalLong(p));
    }
  },
  HAS(3, Operation.Has.class, "has") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      return ((Operation.Has) operation).key() != null;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) throws IOException {
      gen.writeString(((Operation.Has) operation).key());
    }

    @Override
    Operation<?> read(JsonParser p) throws IOException {
      return new Operation.Has(nextString(p));
    }
  },
  DELETE(4, Operation.Delete.class, "delete") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      return ((Operation.Delete) operation).key() != null;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) throws IOException {
      gen.writeString(((Operation.Delete) operation).key());
    }

    @Override
    Operation<?> read(JsonParser p) throws IOException {
      return new Operation.Delete(nextString(p));
    }
  },
  INCREMENT(5, Operation.Increment.class, "increment") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      Operation.Increment increment = (Operation.Increment) operation;
      return increment.key() != null && increment.ttlMillis() != null
          && increment.requestId() != null;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) throws IOException {
      Operation.Increment increment = (Operation.Increment) operation;
      gen.writeString(increment.key());
      gen.writeNumber(increment.delta());
      writeOptional(increment.ttlMillis(), gen);
      if (increment.requestId().isPresent()) {
        gen.writeString(increment.requestId().get());
      } else {
        gen.writeNull();
      }
    }

    @Override
    Operation<?> read(JsonParser p) throws IOException {
      return new Operation.Increment(
          nextString(p), nextLong(p), nextOptionalLong(p), nextOptionalString(p));
    }
  },
  INCREMENT_BOUNDED(6, Operation.IncrementBounded.class, "incrementBounded"),
  SET_IF_ABSENT(7, Operation.SetIfAbsent.class, "setIfAbsent"),
  COMPARE_AND_SET(8, Operation.CompareAndSet.class, "compareAndSet"),
  DELETE_IF_EQUALS(9, Operation.DeleteIfEquals.class, "deleteIfEquals"),
  GET_AND_DELETE(10, Operation.GetAndDelete.class, "getAndDelete"),
  GET_AND_SET(11, Operation.GetAndSet.class, "getAndSet"),
  EXPIRE(12, Operation.Expire.class, "expire"),
  PERSIST(13, Operation.Persist.class, "persist"),
  GET_TTL(14, Operation.GetTtl.class, "ttl"),
  SCAN(15, Operation.Scan.class, "scan"),
  GET_ALL(16, Operation.GetAll.class, "getAll"),
  SET_ALL(17, Operation.SetAll.class, "setAll"),
  GET_STATS(18, Operation.GetStats.class, "stats"),
  SIZE(19, Operation.Size.class, "size"),
  DELETE_ALL(20, Operation.DeleteAll.class, "deleteAll");

  /** The code of the generic form: the operation follows with its type name. */
  public static final int GENERIC = 0;

  private static final Opcode[] BY_CODE = new Opcode[values().length + 1];

  static {
    for (Opcode opcode : values()) {
      BY_CODE[opcode.code] = opcode;
    }
  }

  private final int code;
  private final Class<? extends Operation<?>> type;
  private final String typeName;

  Opcode(int code, Class<? extends Operation<?>> type, String typeName) {
    this.code = code;
    this.type = type;
    this.typeName = typeName;
  }

  /** The code of the compact form. */
  public int code() {
    return code;
  }

  /** The operation type. */
  public Class<? extends Operation<?>> type() {
    return type;
  }

  /** The type name of the generic form. */
  public String typeName() {
    return typeName;
  }

  /** The opcode of an operation. */
  public static Opcode of(Operation<?> operation) {
    return operation.accept(OF);
  }

  /** The opcode with a code, or null. */
  static Opcode byCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** True if this operation can be written in the compact form: it has one, no field null. */
  boolean hasCompactForm(Operation<?> operation) {
    return false;
  }

  /** Writes the operation's fields in the compact form ({@link #hasCompactForm} first). */
  void write(Operation<?> operation, JsonGenerator gen) throws IOException {
    throw new IOException("no compact form for " + typeName);
  }

  /** Reads the fields {@link #write} wrote. */
  Operation<?> read(JsonParser p) throws IOException {
    throw new IOException("no compact form for " + typeName);
  }

  private static final OperationVisitor<Opcode> OF =
      new OperationVisitor<>() {
        @Override
        public Opcode visit(Operation.Set operation) {
          return SET;
        }

        @Override
        public Opcode visit(Operation.Get operation) {
          return GET;
        }

        @Override
        public Opcode visit(Operation.Has operation) {
          return HAS;
        }

        @Override
        public Opcode visit(Operation.Delete operation) {
          return DELETE;
        }

        @Override
        public Opcode visit(Operation.Increment operation) {
          return INCREMENT;
        }

        @Override
        public Opcode visit(Operation.IncrementBounded operation) {
          return INCREMENT_BOUNDED;
        }

        @Override
        public Opcode visit(Operation.SetIfAbsent operation) {
          return SET_IF_ABSENT;
        }

        @Override
        public Opcode visit(Operation.CompareAndSet operation) {
          return COMPARE_AND_SET;
        }

        @Override
        public Opcode visit(Operation.DeleteIfEquals operation) {
          return DELETE_IF_EQUALS;
        }

        @Override
        public Opcode visit(Operation.GetAndDelete operation) {
          return GET_AND_DELETE;
        }

        @Override
        public Opcode visit(Operation.GetAndSet operation) {
          return GET_AND_SET;
        }

        @Override
        public Opcode visit(Operation.Expire operation) {
          return EXPIRE;
        }

        @Override
        public Opcode visit(Operation.Persist operation) {
          return PERSIST;
        }

        @Override
        public Opcode visit(Operation.GetTtl operation) {
          return GET_TTL;
        }

        @Override
        public Opcode visit(Operation.Scan operation) {
          return SCAN;
        }

        @Override
        public Opcode visit(Operation.GetAll operation) {
          return GET_ALL;
        }

        @Override
        public Opcode visit(Operation.SetAll operation) {
          return SET_ALL;
        }

        @Override
        public Opcode visit(Operation.GetStats operation) {
          return GET_STATS;
        }

        @Override
        public Opcode visit(Operation.Size operation) {
          return SIZE;
        }

        @Override
        public Opcode visit(Operation.DeleteAll operation) {
          return DELETE_ALL;
        }
      };
}
