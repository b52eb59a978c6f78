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
  /** {@link Operation.Get}: code 1, type name {@code get}, compact form. */
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
  /** {@link Operation.Set}: code 2, type name {@code set}, compact form. */
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
  /** {@link Operation.Has}: code 3, type name {@code has}, compact form. */
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
  /** {@link Operation.Delete}: code 4, type name {@code delete}, compact form. */
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
  /** {@link Operation.Increment}: code 5, type name {@code increment}, compact form. */
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
  /**
   * {@link Operation.IncrementBounded}: code 6,
   * type name {@code incrementBounded}, generic form only.
   */
  INCREMENT_BOUNDED(6, Operation.IncrementBounded.class, "incrementBounded"),
  /** {@link Operation.SetIfAbsent}: code 7, type name {@code setIfAbsent}, generic form only. */
  SET_IF_ABSENT(7, Operation.SetIfAbsent.class, "setIfAbsent"),
  /**
   * {@link Operation.CompareAndSet}: code 8,
   * type name {@code compareAndSet}, generic form only.
   */
  COMPARE_AND_SET(8, Operation.CompareAndSet.class, "compareAndSet"),
  /**
   * {@link Operation.DeleteIfEquals}: code 9,
   * type name {@code deleteIfEquals}, generic form only.
   */
  DELETE_IF_EQUALS(9, Operation.DeleteIfEquals.class, "deleteIfEquals"),
  /** {@link Operation.GetAndDelete}: code 10, type name {@code getAndDelete}, generic form only. */
  GET_AND_DELETE(10, Operation.GetAndDelete.class, "getAndDelete"),
  /** {@link Operation.GetAndSet}: code 11, type name {@code getAndSet}, generic form only. */
  GET_AND_SET(11, Operation.GetAndSet.class, "getAndSet"),
  /** {@link Operation.Expire}: code 12, type name {@code expire}, generic form only. */
  EXPIRE(12, Operation.Expire.class, "expire"),
  /** {@link Operation.Persist}: code 13, type name {@code persist}, generic form only. */
  PERSIST(13, Operation.Persist.class, "persist"),
  /** {@link Operation.GetTtl}: code 14, type name {@code ttl}, generic form only. */
  GET_TTL(14, Operation.GetTtl.class, "ttl"),
  /** {@link Operation.Scan}: code 15, type name {@code scan}, generic form only. */
  SCAN(15, Operation.Scan.class, "scan"),
  /** {@link Operation.GetAll}: code 16, type name {@code getAll}, generic form only. */
  GET_ALL(16, Operation.GetAll.class, "getAll"),
  /** {@link Operation.SetAll}: code 17, type name {@code setAll}, generic form only. */
  SET_ALL(17, Operation.SetAll.class, "setAll"),
  /** {@link Operation.GetStats}: code 18, type name {@code stats}, generic form only. */
  GET_STATS(18, Operation.GetStats.class, "stats"),
  /** {@link Operation.Size}: code 19, type name {@code size}, generic form only. */
  SIZE(19, Operation.Size.class, "size"),
  /** {@link Operation.DeleteAll}: code 20, type name {@code deleteAll}, generic form only. */
  DELETE_ALL(20, Operation.DeleteAll.class, "deleteAll"),
  /** {@link Operation.GetInfo}: code 21, type name {@code info}, generic form only. */
  GET_INFO(21, Operation.GetInfo.class, "info"),
  /** {@link Operation.Echo}: code 22, type name {@code echo}, compact form (no fields). */
  ECHO(22, Operation.Echo.class, "echo") {
    @Override
    boolean hasCompactForm(Operation<?> operation) {
      return true;
    }

    @Override
    void write(Operation<?> operation, JsonGenerator gen) {
      // the code says it all
    }

    @Override
    Operation<?> read(JsonParser p) {
      return new Operation.Echo();
    }
  };

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

  /**
   * The code of the compact form.
   *
   * @return the code, 1 and up (the generic form's is {@link #GENERIC})
   */
  public int code() {
    return code;
  }

  /**
   * The operation type.
   *
   * @return the record class of the operation
   */
  public Class<? extends Operation<?>> type() {
    return type;
  }

  /**
   * The type name of the generic form.
   *
   * @return the name, the same as {@code OperationNames.name} gives
   */
  public String typeName() {
    return typeName;
  }

  /**
   * The opcode of an operation.
   *
   * @param operation the operation, not null
   * @return its constant
   */
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
        public Opcode visit(Operation.GetInfo operation) {
          return GET_INFO;
        }

        @Override
        public Opcode visit(Operation.Echo operation) {
          return ECHO;
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
