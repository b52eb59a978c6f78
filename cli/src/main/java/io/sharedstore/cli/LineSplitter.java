package io.sharedstore.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a prompt line into arguments as a shell would for the simple cases: whitespace
 * separates, {@code '…'} keeps everything literally, {@code "…"} keeps everything but {@code \"}
 * and {@code \\}, which it unescapes; so {@code set k '{"a": 1}'} is three arguments.
 */
final class LineSplitter {

  private LineSplitter() {}

  /**
   * The line's arguments.
   *
   * @throws IllegalArgumentException if a quote is not closed
   */
  static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inArg = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inArg) {
          args.add(current.toString());
          current.setLength(0);
          inArg = false;
        }
        i++;
      } else if (c == '\'' || c == '"') {
        int close = quoted(line, i, current);
        inArg = true;
        i = close + 1;
      } else {
        current.append(c);
        inArg = true;
        i++;
      }
    }
    if (inArg) {
      args.add(current.toString());
    }
    return args;
  }

  /** Appends the quoted text that starts at {@code open}; answers where its closing quote is. */
  private static int quoted(String line, int open, StringBuilder into) {
    char quote = line.charAt(open);
    int i = open + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == quote) {
        return i;
      }
      if (quote == '"' && c == '\\' && i + 1 < line.length()
          && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        into.append(line.charAt(i + 1));
        i += 2;
      } else {
        into.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException(
        "unclosed " + quote + " starting at column " + (open + 1));
  }
}
