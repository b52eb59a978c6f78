package io.sharedstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * How the CLI prints: redis-cli's plain forms ({@code OK}, {@code (nil)}, integers, values as
 * one-line JSON), or with {@code --json} one JSON document per line for every result and error.
 */
final class Output {

  /** What {@code get} of a missing key and a refused {@code set --nx} print, as redis-cli. */
  static final String NIL = "(nil)";

  /** What {@code keys} and {@code scan} print when no key matched, as redis-cli. */
  static final String EMPTY = "(empty array)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  Output(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Whether results are printed as JSON documents. */
  boolean isJson() {
    return json;
  }

  /** A new JSON document to fill and pass to {@link #result}. */
  static ObjectNode document() {
    return JSON.createObjectNode();
  }

  /** Prints one result: {@code plain} as it is, or {@code document} on one line with --json. */
  void result(String plain, ObjectNode document) {
    out.println(json ? text(document) : plain);
  }

  /** Prints a line that only plain output has, such as {@link #EMPTY}; nothing with --json. */
  void plainOnly(String line) {
    if (!json) {
      out.println(line);
    }
  }

  /** Prints an error on stderr: the message, or {@code {"error":message}} with --json. */
  void error(String message) {
    err.println(json ? text(document().put("error", message)) : message);
  }

  /**
   * Parses a JSON text, as {@code set} takes its value.
   *
   * @throws JsonProcessingException if it is not one JSON value
   */
  static JsonNode parse(String text) throws JsonProcessingException {
    return JSON.readTree(text);
  }

  /** A JSON value on one line. */
  static String text(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // A tree Jackson built itself always writes; this would be a bug.
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
