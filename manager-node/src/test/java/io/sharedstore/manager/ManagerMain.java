package io.sharedstore.manager;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The manager's main in a JVM of its own, with the manager's own logback.xml, as {@code
 * bin/shared-store manager} runs it: for tests of what it prints and how it exits.
 */
final class ManagerMain {

  static final long EXIT_WITHIN_SECONDS = 60;

  private ManagerMain() {}

  /** How a run that ended went: its exit code and its merged output. */
  record Exit(int code, String output) {

    /** The output's non-blank lines. */
    List<String> lines() {
      return output.lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
    }
  }

  /** The command that runs the manager's main with these JVM options and flags. */
  static List<String> command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(ManagerNode.class.getName());
    command.addAll(Arrays.asList(args));
    return command;
  }

  /**
   * Runs the manager to its exit, its output in a file under {@code dir}; kills it and fails if
   * it still runs after {@link #EXIT_WITHIN_SECONDS}.
   */
  static Exit run(Path dir, List<String> jvmOptions, Map<String, String> environment,
      String... args) throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "manager", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command(jvmOptions, args)).redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    Process manager = builder.start();
    try {
      if (!manager.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "still running after " + EXIT_WITHIN_SECONDS + " s:\n" + Files.readString(output));
      }
    } finally {
      manager.destroyForcibly();
    }
    return new Exit(manager.exitValue(), Files.readString(output));
  }

  /**
   * This module's runtime classpath: the test's own, without the test classes, so the manager
   * logs with its own logback.xml, not the tests' capturing one.
   */
  private static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
