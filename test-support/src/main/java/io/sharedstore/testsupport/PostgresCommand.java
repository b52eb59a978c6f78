package io.sharedstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one PostgreSQL program to its end, as the user PostgreSQL accepts: the current user, or
 * {@code postgres} when the JVM is root ({@code runuser -u postgres --}, else {@code su postgres
 * -s /bin/sh -c}). The output goes to a file, not a pipe, so a server the program leaves running
 * cannot hold it open.
 */
final class PostgresCommand {

  private static final String SYSTEM_USER = "postgres";
  private static final List<Path> RUNUSER =
      List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"), Path.of("/usr/bin/runuser"));

  private PostgresCommand() {}

  /**
   * Runs {@code command} in {@code workingDirectory} and waits for it.
   *
   * @throws IllegalStateException if it exits non-zero or outlives {@code timeout} (then it is
   *     killed); the message holds the command and its output
   */
  static void run(List<String> command, Path workingDirectory, Duration timeout) {
    List<String> full = asPostgresUser(command);
    Path output = null;
    try {
      output = Files.createTempFile("sharedstore-pg-command-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      cleanEnvironment(builder.environment());
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s: " + full + outputOf(output));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "exit " + process.exitValue() + ": " + full + outputOf(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + full, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + full, e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a leftover log in the temporary directory
        }
      }
    }
  }

  private static List<String> asPostgresUser(List<String> command) {
    if (!PostgresBinaries.runningAsRoot()) {
      return command;
    }
    List<String> full = new ArrayList<>();
    Path runuser = RUNUSER.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (runuser != null) {
      full.addAll(List.of(runuser.toString(), "-u", SYSTEM_USER, "--"));
      full.addAll(command);
    } else {
      String line =
          command.stream().map(PostgresCommand::shellQuoted).collect(Collectors.joining(" "));
      full.addAll(List.of("su", SYSTEM_USER, "-s", "/bin/sh", "-c", line));
    }
    return full;
  }

  /** Connection settings from the caller's environment must not redirect our programs. */
  private static void cleanEnvironment(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("PG"));
    environment.put("LC_ALL", "C");
  }

  private static String shellQuoted(String word) {
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  private static String outputOf(Path output) {
    try {
      String text = Files.readString(output, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "" : "\n" + text;
    } catch (IOException e) {
      return "";
    }
  }
}
