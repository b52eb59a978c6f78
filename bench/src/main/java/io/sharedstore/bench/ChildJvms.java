package io.sharedstore.bench;

import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the watch tools ({@link WatchLatency}, {@link WatchFanout}) need to run child JVMs from
 * this module's classpath: their options, their manager, an echo of their notable lines, waiting
 * for their ready line (also {@link Bench}'s), and a temporary directory for the go file and the
 * result files.
 */
final class ChildJvms {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern READY = Pattern.compile("^" + ClientProtocol.READY + "$");
  private static final Pattern WORTH_ECHOING =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at |^" + ClientProtocol.ERROR);
  private static final String CLUSTER_NOT_IN_USE = "Pekko Cluster not in use";

  private final ProjectLayout layout;
  private final PrintStream out;

  ChildJvms(ProjectLayout layout, PrintStream out) {
    this.layout = layout;
    this.out = out;
  }

  /** The options of a child JVM, as {@link Bench} gives its clients. */
  List<String> jvmOptions() {
    return new ChildJvmOptions(layout).standard();
  }

  /** This module's runtime classpath: the children run from it. */
  static List<String> classpath() {
    return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
  }

  /** Starts {@code main} in a JVM of its own, echoing its warnings and errors prefixed. */
  JvmProcess start(String name, Class<?> main, List<String> args) {
    return JvmProcess.start(name, classpath(), jvmOptions(), main.getName(), args, echo(name));
  }

  /**
   * Starts a manager JVM on a free port, registered with {@code started} and echoing as {@code
   * manager}, and prints its {@code manager: ADDRESS (pid N)} line.
   */
  ManagerProcess startManager(StartedProcesses started)
      throws InterruptedException, TimeoutException {
    ManagerProcess manager =
        started.add(ManagerProcess.start(layout, 0, jvmOptions(), echo("manager")));
    out.println("manager: " + manager.address() + " (pid " + manager.jvm().pid() + ")");
    return manager;
  }

  /** Echoes a child's warnings, errors and stack traces, prefixed with its name. */
  Consumer<String> echo(String name) {
    return line -> {
      if (WORTH_ECHOING.matcher(line).find() && !line.contains(CLUSTER_NOT_IN_USE)) {
        out.println("[" + name + "] " + line);
      }
    };
  }

  /**
   * Waits for a child's {@link ClientProtocol#READY} line, failing at once (with its last
   * output) if it exits first: it polls, because JvmProcess.awaitLine can miss the end of the
   * output and wait out its whole timeout.
   */
  static void awaitReady(JvmProcess jvm) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        jvm.awaitLine(READY, Duration.ofMillis(500));
        return;
      } catch (TimeoutException e) {
        if (!jvm.isAlive()) {
          Optional<Integer> exit = jvm.waitFor(Duration.ofSeconds(5));
          throw new IllegalStateException(jvm.name() + " exited"
              + exit.map(status -> " with status " + status).orElse("")
              + " before it was ready; its last output:\n" + jvm.tail(15));
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(jvm.name() + " not ready within "
              + READY_TIMEOUT.toSeconds() + " s; its last output:\n" + jvm.tail(15));
        }
      }
    }
  }

  /**
   * Waits for a child to exit by itself with status 0.
   *
   * @throws IllegalStateException with its last output if it did not, in time
   */
  static void awaitExit(JvmProcess jvm, Duration timeout) throws InterruptedException {
    Optional<Integer> exit = jvm.waitFor(timeout);
    if (exit.isEmpty() || exit.get() != 0) {
      throw new IllegalStateException(jvm.name() + " "
          + exit.map(status -> "exited with status " + status)
              .orElse("still running " + timeout.toSeconds() + " s after its run")
          + "; its last output:\n" + jvm.tail(15));
    }
  }

  /** A fresh temporary directory. */
  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** Deletes a temporary directory and the files in it, quietly. */
  static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary directory; the system cleans it up.
    }
  }

  /** Sleeps until the wall clock passes {@code epochMillis}. */
  static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }

  /** The launcher's command line if it passed one, else this JVM's own. */
  static String command(Class<?> main, String[] args) {
    String launcher = System.getProperty("shared-store.command");
    if (launcher != null && !launcher.isBlank()) {
      return launcher;
    }
    return "java " + main.getName() + " " + String.join(" ", args);
  }
}
