package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link LoadWorker} JVMs (cluster ids 1..n) against one manager, started with this JVM's
 * classpath, each once it reported ready; {@link #close()} stops them all.
 */
final class LoadWorkers implements AutoCloseable {

  /** A manager and several JVMs starting at once on two cores take a while. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(20);

  /** As for the race workers: C1 only and the serial collector cut start-up CPU. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final List<JvmProcess> jvms;

  private LoadWorkers(List<JvmProcess> jvms) {
    this.jvms = jvms;
  }

  static LoadWorkers start(String managerAddress, int workers, int threads)
      throws TimeoutException, InterruptedException {
    List<String> classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    List<JvmProcess> jvms = new ArrayList<>();
    LoadWorkers started = new LoadWorkers(jvms);
    try {
      for (int id = 1; id <= workers; id++) {
        String name = "load " + id;
        jvms.add(
            JvmProcess.start(
                name, classpath, options, LoadWorker.class.getName(),
                List.of(managerAddress, Integer.toString(id), Integer.toString(threads)),
                line -> echo(name, line)));
      }
      for (JvmProcess jvm : jvms) {
        jvm.awaitLine(Pattern.compile("^" + LoadWorker.READY), READY_WITHIN);
      }
      return started;
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      started.close();
      throw e;
    }
  }

  /** Progress lines every half second would drown the log: only the others are echoed. */
  private static void echo(String name, String line) {
    if (!line.startsWith("LOAD-PROGRESS")) {
      System.out.println("[" + name + "] " + line);
    }
  }

  List<JvmProcess> jvms() {
    return jvms;
  }

  /** The number of output lines {@code jvm} has printed so far: a mark for {@link #awaitAfter}. */
  static int mark(JvmProcess jvm) {
    return jvm.lines().size();
  }

  /**
   * The first line after {@code mark} that matches, polled until it comes.
   *
   * @throws AssertionError if none comes within {@code within}
   */
  static Matcher awaitAfter(JvmProcess jvm, int mark, Pattern pattern, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<Matcher> found = findAfter(jvm, mark, pattern);
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            jvm.name() + ": no line matching [" + pattern + "] within " + within.toMillis()
                + " ms; last output:\n" + jvm.tail(20));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  static Optional<Matcher> findAfter(JvmProcess jvm, int mark, Pattern pattern) {
    List<String> lines = jvm.lines();
    for (int i = mark; i < lines.size(); i++) {
      Matcher m = pattern.matcher(lines.get(i));
      if (m.find()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * A progress line printed after {@code mark} and at least {@code lines} progress lines later,
   * i.e. about {@code lines} half-seconds of load after the mark: ok, unavailable, timeouts,
   * wrong, other.
   */
  static List<Long> progressAfter(JvmProcess jvm, int mark, int lines, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<String> all = jvm.lines();
      List<Matcher> progress = new ArrayList<>();
      for (int i = mark; i < all.size(); i++) {
        Matcher m = LoadWorker.PROGRESS.matcher(all.get(i));
        if (m.find()) {
          progress.add(m);
        }
      }
      if (progress.size() >= lines) {
        return LoadWorker.counts(progress.get(progress.size() - 1));
      }
      if (System.nanoTime() > deadline || !jvm.isAlive()) {
        throw new AssertionError(
            jvm.name() + ": " + progress.size() + " progress lines after the mark, not " + lines
                + "; last output:\n" + jvm.tail(20));
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  @Override
  public void close() {
    jvms.forEach(JvmProcess::close);
  }
}
