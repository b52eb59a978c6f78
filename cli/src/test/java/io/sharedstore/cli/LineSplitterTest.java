package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  @Test
  void whitespaceSeparatesArguments() {
    assertEquals(List.of("get", "k"), LineSplitter.split("  get \t k  "));
    assertEquals(List.of(), LineSplitter.split("   "));
  }

  @Test
  void singleQuotesKeepEverythingLiterally() {
    assertEquals(
        List.of("set", "k", "{\"a\": \"x\\\\y\"}"), LineSplitter.split("set k '{\"a\": \"x\\\\y\"}'"));
  }

  @Test
  void doubleQuotesUnescapeQuotesAndBackslashesOnly() {
    assertEquals(
        List.of("set", "k", "\"a b\\n\\\\\""), LineSplitter.split("set k \"\\\"a b\\n\\\\\\\\\\\"\""));
  }

  @Test
  void quotedPartsJoinTheirNeighbours() {
    assertEquals(List.of("ab c", ""), LineSplitter.split("a'b c' \"\""));
  }

  @Test
  void anUnclosedQuoteIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LineSplitter.split("get \"k"));
    assertEquals("unclosed \" starting at column 5", e.getMessage());
  }
}
