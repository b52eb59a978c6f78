package io.sharedstore.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rules every key obeys, checked by the client before sending and by the store again. */
public final class KeyRules {

  private static final int SHOWN_CHARS = 80;

  private KeyRules() {}

  /** Why a key is not acceptable, or empty if it is. */
  public static Optional<String> problem(String key, int maxKeyLength) {
    if (key == null) {
      return Optional.of("key must not be null");
    }
    if (key.isEmpty()) {
      return Optional.of("key must not be empty");
    }
    // A UTF-8 byte count is at most 3 per char (4 per surrogate pair): skip the encoding for
    // short keys.
    if (key.length() * 3L > maxKeyLength) {
      int bytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxKeyLength) {
        return Optional.of(
            "key is " + bytes + " UTF-8 bytes, longer than max-key-length " + maxKeyLength);
      }
    }
    return Optional.empty();
  }

  /** A key as shown in messages and logs: bracketed, cut after 80 characters. */
  public static String show(String key) {
    if (key == null) {
      return "[null]";
    }
    if (key.length() <= SHOWN_CHARS) {
      return "[" + key + "]";
    }
    return "[" + key.substring(0, SHOWN_CHARS) + "...(" + key.length() + " chars)]";
  }
}
