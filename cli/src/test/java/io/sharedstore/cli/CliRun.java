package io.sharedstore.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process run of the CLI through {@link Cli#run}: its exit code and what it printed.
 *
 * @param exitCode what {@code main} would exit with
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs the CLI with these arguments and an empty stdin, capturing both streams. */
  static CliRun of(String... args) {
    return withInput("", args);
  }

  /** Runs the CLI with these arguments, reading {@code input} as its stdin. */
  static CliRun withInput(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Cli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), o, e);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Stdout's lines (none for empty output). */
  List<String> lines() {
    return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, count());
  }

  /** Stdout as one line without its line break; fails unless it is exactly one line. */
  String line() {
    List<String> lines = lines();
    if (lines.size() != 1) {
      throw new AssertionError("expected one line, got " + lines + " (" + this + ")");
    }
    return lines.get(0);
  }

  private int count() {
    return (int) out.chars().filter(c -> c == '\n').count();
  }
}
