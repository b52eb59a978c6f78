package io.sharedstore.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Optional;

/**
 * The manager's check that a value it is asked to store nests no deeper than {@link
 * ValueFormat#MAX_NESTING_DEPTH}: a hostile peer can send any bytes, bypassing the client's
 * encoder. The value is streamed token by token (no tree, no recursion), and only when it is long
 * enough to be that deep: a value of at most {@code MAX_NESTING_DEPTH} bytes cannot be, so small
 * values cost nothing. Bytes that are not well-formed CBOR are still stored as opaque bytes, as
 * before; only a value that breaks a read limit of the format is refused.
 */
final class ValueDepth {

  private ValueDepth() {}

  /** Why a value breaks the format's read limits, or empty if it does not. */
  static Optional<String> problem(byte[] value) {
    if (value.length <= ValueFormat.MAX_NESTING_DEPTH) {
      return Optional.empty(); // each level takes at least one byte
    }
    try (JsonParser parser = ValueFormat.FACTORY.createParser(value)) {
      while (parser.nextToken() != null) {
        // Each array or object opened is checked against the limit; strings are skipped unread.
      }
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      String message = String.valueOf(e.getOriginalMessage());
      return Optional.of(message.contains("nesting depth")
          ? "value nests arrays/objects deeper than " + ValueFormat.MAX_NESTING_DEPTH + " levels"
          : "value breaks a read limit of the value format: " + message);
    } catch (IOException e) {
      return Optional.empty(); // not readable CBOR: kept as opaque bytes, nothing reads it deep
    }
  }
}
