package io.sharedstore.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

/**
 * The form of every stored value: Jackson CBOR, with the modules a Jackson user expects (records
 * and constructor parameters, {@code Optional}, {@code java.time}). Clients write values in it;
 * the manager reads it only for the operations that look inside a value (counters, comparisons).
 */
public final class ValueFormat {

  private static final ObjectMapper MAPPER =
      CBORMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .addModule(new ParameterNamesModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  private ValueFormat() {}

  /** The shared, thread-safe mapper of the value format. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
