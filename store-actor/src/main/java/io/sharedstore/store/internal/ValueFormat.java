package io.sharedstore.store.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

/**
 * Internal, not API: may change in any release.
 *
 * <p>The form of every stored value: Jackson CBOR, with the modules a Jackson user expects (records
 * and constructor parameters, {@code Optional}, {@code java.time}). Clients write values in it;
 * the manager reads it only for the operations that look inside a value (counters, comparisons).
 *
 * <p>A value nests at most {@link #MAX_NESTING_DEPTH} arrays and objects: deeper ones are neither
 * written (the client's encoding fails) nor read, and the manager refuses to store them, so no
 * reader can be driven into a stack overflow.
 */
public final class ValueFormat {

  /**
   * The deepest nesting of arrays and objects a value may have: Jackson's own default limit
   * (2.15+), made explicit here so that the writer, the manager and every reader agree.
   */
  public static final int MAX_NESTING_DEPTH = 1000;

  /** The CBOR factory of the format, with its nesting limit for reading and writing. */
  private static final CBORFactory FACTORY =
      CBORFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .streamWriteConstraints(
              StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
          .build();

  private static final ObjectMapper MAPPER =
      CBORMapper.builder(FACTORY)
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .addModule(new ParameterNamesModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  private ValueFormat() {}

  private static final ObjectReader READER = MAPPER.reader();
  private static final ObjectWriter WRITER = MAPPER.writer();

  /**
   * A reader of the value format. Immutable and thread-safe: configuring it ({@code forType},
   * {@code with}) makes a new reader, so no caller can change how others read.
   *
   * @return the shared reader
   */
  public static ObjectReader reader() {
    return READER;
  }

  /**
   * A writer of the value format; immutable and thread-safe, as {@link #reader()}.
   *
   * @return the shared writer
   */
  public static ObjectWriter writer() {
    return WRITER;
  }

  /**
   * The Jackson type of {@code type} in this format (for {@code reader().forType(...)}).
   *
   * @param type the Java type
   * @return its Jackson type
   */
  public static JavaType type(java.lang.reflect.Type type) {
    return MAPPER.getTypeFactory().constructType(type);
  }

  /**
   * As {@link #type(java.lang.reflect.Type)}, for a generic type such as {@code List<Foo>}.
   *
   * @param type the type reference
   * @return its Jackson type
   */
  public static JavaType type(TypeReference<?> type) {
    return MAPPER.getTypeFactory().constructType(type);
  }
}
