package io.sharedstore.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Internal, not API: may change in any release.
 *
 * <p>The rules every key obeys, checked by the client before sending and by the store again.
 */
public final class KeyRules {

  private static final int SHOWN_CHARS = 80;

  private KeyRules() {}

  /**
   * Why a key is not acceptable (null, empty, longer than {@code maxKeyLength} UTF-8 bytes, or
   * holding an unpaired surrogate), or empty if it is.
   *
   * @param key the key, or null
   * @param maxKeyLength the most UTF-8 bytes
   * @return the problem, or empty
   */
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
    return unpairedSurrogate("key", key);
  }

  /**
   * Why a string cannot be sent (an unpaired UTF-16 surrogate, which has no UTF-8 form and so
   * makes the whole message unserializable), or empty if it can.
   *
   * @param what what the string is, for the message (e.g. {@code key})
   * @param text the string
   * @return the problem, naming the surrogate and its index, or empty
   */
  public static Optional<String> unpairedSurrogate(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of(what + " is not valid Unicode: an unpaired surrogate U+"
            + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return Optional.empty();
  }

  /**
   * A key as shown in messages and logs: bracketed, cut after 80 characters.
   *
   * @param key the key, or null
   * @return e.g. {@code [k]}, {@code [null]}, or the first 80 chars with the length
   */
  public static String show(String key) {
    if (key == null) {
      return "[null]";
    }
    if (key.length() <= SHOWN_CHARS) {
      return "[" + key + "]";
    }
    // Never cut a surrogate pair in two: half a pair cannot be encoded in a reply.
    int end = Character.isHighSurrogate(key.charAt(SHOWN_CHARS - 1)) ? SHOWN_CHARS - 1 : SHOWN_CHARS;
    return "[" + key.substring(0, end) + "...(" + key.length() + " chars)]";
  }
}
