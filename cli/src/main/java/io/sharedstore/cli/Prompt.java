package io.sharedstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The CLI without a command: a plain line reader. Each line is split by {@link LineSplitter} and
 * run as a command line of its own with the invocation's global options in front, so every
 * command shares the invocation's one connection. {@code quit} or {@code exit} (or the end of the
 * input) ends it; {@code help} prints the usage. The prompt is printed only on a terminal, so
 * piped input gives clean output.
 */
final class Prompt {

  private final CommandLine commandLine;
  private final List<String> globalOptions;
  private final InputStream in;
  private final PrintStream out;
  private final boolean showPrompt;
  private boolean running;

  Prompt(
      CommandLine commandLine, String[] globalOptions, InputStream in, PrintStream out,
      boolean showPrompt) {
    this.commandLine = commandLine;
    this.globalOptions = List.of(globalOptions);
    this.in = in;
    this.out = out;
    this.showPrompt = showPrompt;
  }

  /** Whether lines are being read: a line without a command must not start another reader. */
  boolean isRunning() {
    return running;
  }

  /**
   * Reads and runs commands until {@code quit}, {@code exit} or the end of the input.
   *
   * @param prompt what is printed before each line on a terminal, e.g. {@code 127.0.0.1:17355> }
   * @return 0: a failed command has printed its message, and the reader went on
   */
  int run(String prompt) {
    running = true;
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      while (true) {
        if (showPrompt) {
          out.print(prompt);
          out.flush();
        }
        String line = lines.readLine();
        if (line == null) {
          return CommandLine.ExitCode.OK;
        }
        String command = line.strip().toLowerCase(Locale.ROOT);
        if (command.equals("quit") || command.equals("exit")) {
          return CommandLine.ExitCode.OK;
        }
        runLine(command.equals("help") ? "--help" : line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read commands", e);
    } finally {
      running = false;
    }
  }

  private void runLine(String line) {
    List<String> args;
    try {
      args = LineSplitter.split(line);
    } catch (IllegalArgumentException e) {
      commandLine.getErr().println(e.getMessage());
      return;
    }
    if (args.isEmpty()) {
      return;
    }
    List<String> withOptions = new ArrayList<>(globalOptions);
    withOptions.addAll(args);
    commandLine.execute(withOptions.toArray(String[]::new));
  }
}
