package io.sharedstore.cli;

import java.util.List;

/** How {@code keys} and {@code scan} print keys: one per line, or {@code {"key":…}} per line. */
final class KeyLines {

  private KeyLines() {}

  static void print(Output output, List<String> keys) {
    for (String key : keys) {
      output.result(key, Output.document().put("key", key));
    }
  }
}
