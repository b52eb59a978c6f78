package io.sharedstore.store.internal;

import java.util.Optional;

/**
 * Internal, not API: may change in any release.
 *
 * <p>A key pattern: {@code *} matches any run of characters, {@code ?} any one character, and a
 * backslash makes the next character literal. Matching is linear in practice (one backtrack point),
 * so a hostile pattern cannot stall the store.
 */
public final class Glob {

  private final String pattern;
  private final String literalPrefix;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.literalPrefix = literalPrefixOf(pattern);
  }

  /**
   * Why a pattern is not acceptable (null, empty, longer than {@code maxLength} chars, ending in
   * a lone backslash, or holding an unpaired surrogate), or empty if it is.
   *
   * @param pattern the pattern, or null
   * @param maxLength the most chars
   * @return the problem, or empty
   */
  public static Optional<String> problem(String pattern, int maxLength) {
    if (pattern == null) {
      return Optional.of("glob must not be null");
    }
    if (pattern.isEmpty()) {
      return Optional.of("glob must not be empty (use * for every key)");
    }
    if (pattern.length() > maxLength) {
      return Optional.of("glob is " + pattern.length() + " chars, longer than max-key-length " + maxLength);
    }
    int backslashes = 0;
    for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    if (backslashes % 2 == 1) {
      return Optional.of("glob ends in a lone backslash: [" + pattern + "]");
    }
    return KeyRules.unpairedSurrogate("glob", pattern);
  }

  /**
   * Compiles a pattern that {@link #problem} accepts.
   *
   * @param pattern the pattern
   * @return the glob
   */
  public static Glob of(String pattern) {
    return new Glob(pattern);
  }

  /**
   * The characters every matching key starts with: where an ordered scan can begin and end.
   *
   * @return the prefix before the first wildcard, escapes resolved ({@code ""} if it starts
   *     with one)
   */
  public String literalPrefix() {
    return literalPrefix;
  }

  /**
   * Whether the whole key matches: {@code *} any run of chars, {@code ?} one char, a backslash
   * the next char literally.
   *
   * @param key the key
   * @return true if it matches
   */
  public boolean matches(String key) {
    int p = 0;
    int k = 0;
    int starP = -1;
    int starK = -1;
    while (k < key.length()) {
      if (p < pattern.length()) {
        char c = pattern.charAt(p);
        if (c == '*') {
          starP = p++;
          starK = k;
          continue;
        }
        if (c == '?') {
          p++;
          k++;
          continue;
        }
        if (c == '\\' && p + 1 < pattern.length()) {
          if (pattern.charAt(p + 1) == key.charAt(k)) {
            p += 2;
            k++;
            continue;
          }
        } else if (c == key.charAt(k)) {
          p++;
          k++;
          continue;
        }
      }
      if (starP < 0) {
        return false;
      }
      p = starP + 1;
      k = ++starK;
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return pattern;
  }

  private static String literalPrefixOf(String pattern) {
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' || c == '?') {
        break;
      }
      if (c == '\\' && i + 1 < pattern.length()) {
        c = pattern.charAt(++i);
      }
      prefix.append(c);
    }
    return prefix.toString();
  }
}
