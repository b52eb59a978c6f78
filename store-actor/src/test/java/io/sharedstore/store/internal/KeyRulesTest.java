package io.sharedstore.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keys that cannot be encoded are refused before they are sent: a key with an unpaired UTF-16
 * surrogate has no UTF-8 form, so a message carrying it (and every request coalesced with it)
 * would fail to serialize and only time out.
 */
class KeyRulesTest {

  @Test
  void anUnpairedSurrogateIsRefusedAndAPairAccepted() {
    assertEquals(Optional.empty(), KeyRules.problem("emoji-\uD83D\uDE00-key", 1024));
    assertEquals(Optional.empty(), KeyRules.problem("control\u0000\u0007\u001F\u007F", 1024));
    for (String bad : new String[] {"a\uD800b", "\uDC00", "x\uD83D", "\uDE00\uD83D"}) {
      Optional<String> problem = KeyRules.problem(bad, 1024);
      assertTrue(problem.isPresent() && problem.get().contains("unpaired surrogate"), bad);
    }
    assertTrue(Glob.problem("a*\uD800", 1024).isPresent());
  }

  @Test
  void aShownKeyNeverEndsInHalfASurrogatePair() {
    String key = "k".repeat(79) + "\uD83D\uDE00".repeat(10);
    String shown = KeyRules.show(key);
    assertFalse(shown.contains("\uD83D..."), shown);
    assertEquals(Optional.empty(), KeyRules.unpairedSurrogate("shown", shown));
  }
}
