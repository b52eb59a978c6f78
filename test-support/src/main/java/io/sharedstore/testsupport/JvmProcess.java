package io.sharedstore.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started as a separate process, with its merged stdout and stderr collected line by line
 * (and optionally echoed). {@link #close()} stops it: SIGTERM, then SIGKILL if it lingers.
 */
public final class JvmProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  /** Set, under the lock on {@code lines}, once the output has ended. */
  private boolean outputEnded;

  private JvmProcess(String name, Process process, Consumer<String> echo) {
    this.name = name;
    this.process = process;
    this.reader =
        new Thread(() -> readLines(echo), "output of " + name);
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /**
   * Starts {@code mainClass} in a new JVM.
   *
   * @param echo receives each output line as it arrives (e.g. to print it with a prefix)
   */
  public static JvmProcess start(
      String name,
      List<String> classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      Consumer<String> echo) {
    return start(name, classpath, jvmOptions, mainClass, args, java.util.Map.of(), echo);
  }

  /**
   * As above, with {@code environment} added to this JVM's environment (a password, say).
   *
   * @param environment variables set in the child's environment
   */
  public static JvmProcess start(
      String name,
      List<String> classpath,
      List<String> jvmOptions,
      String mainClass,
      List<String> args,
      java.util.Map<String, String> environment,
      Consumer<String> echo) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      return new JvmProcess(name, process, echo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** The JVM options worth passing on to every child: {@code JAVA_OPTS} split on spaces. */
  public static List<String> javaOptsFromEnvironment() {
    String opts = System.getenv("JAVA_OPTS");
    if (opts == null || opts.isBlank()) {
      return List.of();
    }
    return List.of(opts.trim().split("\\s+"));
  }

  /** The name it was started with, used in its output thread and in messages. */
  public String name() {
    return name;
  }

  /** Its operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** True while the process runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for an output line that matches {@code pattern} and answers the match.
   *
   * @throws TimeoutException if none arrives in time, or the process ends first
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = pattern.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (outputEnded && seen == lines.size())) {
          throw new TimeoutException(
              name + ": no line matching [" + pattern + "] within " + timeout.toMillis()
                  + " ms; last output:\n" + tail(20));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** The first line so far that matches, if any. */
  public Optional<Matcher> findLine(Pattern pattern) {
    synchronized (lines) {
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** Every output line so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The last {@code n} output lines, joined. */
  public String tail(int n) {
    synchronized (lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }

  /** Waits for the process to exit; empty if it is still running after {@code timeout}. */
  public Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      reader.join(STOP_GRACE.toMillis());
      return Optional.of(process.exitValue());
    }
    return Optional.empty();
  }

  /** SIGKILL: the process dies at once, without running shutdown hooks. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends a POSIX signal by name (e.g. {@code STOP}, {@code CONT}, {@code TERM}). */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
    kill.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the process: SIGTERM, and SIGKILL if it has not exited after a grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readLines(Consumer<String> echo) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        echo.accept(line);
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended and its pipe closed; what was read stays available.
    } finally {
      synchronized (lines) {
        outputEnded = true;
        lines.notifyAll();
      }
    }
  }
}
