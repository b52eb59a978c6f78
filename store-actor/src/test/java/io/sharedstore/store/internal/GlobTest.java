package io.sharedstore.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key patterns: {@code *}, {@code ?}, backslash escapes, the literal prefix and the checks. */
class GlobTest {

  private static boolean matches(String pattern, String key) {
    assertEquals(Optional.empty(), Glob.problem(pattern, 1024), pattern);
    return Glob.of(pattern).matches(key);
  }

  @Test
  void aPatternWithoutWildcardsMatchesOnlyItself() {
    assertTrue(matches("user:1", "user:1"));
    assertFalse(matches("user:1", "user:12"));
    assertFalse(matches("user:1", "user:"));
    assertFalse(matches("user:1", "User:1"));
  }

  @Test
  void starMatchesAnyRunIncludingNone() {
    assertTrue(matches("*", "anything"));
    assertTrue(matches("user:*", "user:"));
    assertTrue(matches("user:*", "user:42:name"));
    assertFalse(matches("user:*", "users:1"));
    assertTrue(matches("*:name", "user:42:name"));
    assertFalse(matches("*:name", "user:42:names"));
    assertTrue(matches("a*b*c", "abc"));
    assertTrue(matches("a*b*c", "axxbyyc"));
    assertFalse(matches("a*b*c", "axxcyyb"));
    assertTrue(matches("**", "x"));
    assertTrue(matches("a*", "a"));
    assertTrue(matches("*a", "bba"));
    assertFalse(matches("*a", "ab"));
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    assertTrue(matches("user:?", "user:1"));
    assertFalse(matches("user:?", "user:"));
    assertFalse(matches("user:?", "user:12"));
    assertTrue(matches("??", "ab"));
    assertTrue(matches("a?c*", "abcdef"));
    assertTrue(matches("*?", "x"));
    assertFalse(matches("*?", ""));
  }

  @Test
  void aBackslashMakesTheNextCharacterLiteral() {
    assertTrue(matches("a\\*b", "a*b"));
    assertFalse(matches("a\\*b", "axb"));
    assertFalse(matches("a\\*b", "a*xb"));
    assertTrue(matches("a\\?b", "a?b"));
    assertFalse(matches("a\\?b", "axb"));
    assertTrue(matches("a\\\\b", "a\\b"));
    assertFalse(matches("a\\\\b", "a\\\\b"));
    assertTrue(matches("\\x", "x"), "an escaped ordinary character is itself");
    assertTrue(matches("*\\*", "abc*"));
    assertFalse(matches("*\\*", "abc"));
    assertTrue(matches("a\\\\*", "a\\anything"), "an escaped backslash, then a wildcard");
  }

  @Test
  void theLiteralPrefixStopsAtTheFirstWildcardAndUnescapes() {
    assertEquals("user:", Glob.of("user:*").literalPrefix());
    assertEquals("user:", Glob.of("user:?x*").literalPrefix());
    assertEquals("", Glob.of("*:name").literalPrefix());
    assertEquals("", Glob.of("?").literalPrefix());
    assertEquals("exact", Glob.of("exact").literalPrefix());
    assertEquals("a*b", Glob.of("a\\*b*").literalPrefix());
    assertEquals("a?", Glob.of("a\\?").literalPrefix());
    assertEquals("a\\", Glob.of("a\\\\*").literalPrefix());
  }

  @Test
  void everyMatchStartsWithTheLiteralPrefix() {
    String[] patterns = {"user:*", "a\\*b*", "a\\\\*", "k?5*", "x\\?*y"};
    String[] keys = {"user:1", "a*b", "a*bc", "a\\", "a\\x", "k050", "kx5", "x?y", "x?zzy", "x"};
    for (String pattern : patterns) {
      Glob glob = Glob.of(pattern);
      for (String key : keys) {
        if (glob.matches(key)) {
          assertTrue(key.startsWith(glob.literalPrefix()), pattern + " matched " + key);
        }
      }
    }
  }

  @Test
  void problemRefusesNullEmptyTooLongAndALoneTrailingBackslash() {
    assertTrue(Glob.problem(null, 16).orElseThrow().contains("null"));
    assertTrue(Glob.problem("", 16).orElseThrow().contains("empty"));
    assertEquals(Optional.empty(), Glob.problem("*".repeat(16), 16));
    assertTrue(Glob.problem("*".repeat(17), 16).orElseThrow().contains("max-key-length"));
    assertTrue(Glob.problem("a\\", 16).orElseThrow().contains("backslash"));
    assertTrue(Glob.problem("\\", 16).isPresent());
    assertTrue(Glob.problem("a\\\\\\", 16).isPresent(), "three backslashes: the last is alone");
    assertEquals(Optional.empty(), Glob.problem("a\\\\", 16), "an escaped backslash");
    assertEquals(Optional.empty(), Glob.problem("a\\*", 16));
  }

  @Test
  void aPathologicalPatternFinishesFast() {
    String as = "a".repeat(100_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertFalse(Glob.of("a*a*a*a*a*b").matches(as));
          assertFalse(Glob.of("*a*a*a*a*a*a*a*a*a*a*b").matches(as));
          assertFalse(Glob.of("*?*?*?*?*?*?*?*?*?*b").matches(as));
          assertTrue(Glob.of("a*a*a*a*a*a").matches(as));
          assertFalse(Glob.of("a*a*a*a*a*b").matches(as + "c"));
        });
  }
}
