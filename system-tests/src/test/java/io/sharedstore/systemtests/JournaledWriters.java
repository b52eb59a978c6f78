package io.sharedstore.systemtests;

import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.testsupport.JvmProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link JournaledWriter} JVMs (cluster ids 1..n) against one manager, each journaling to {@code
 * journal-<id>.tsv} in a directory, started with this JVM's classpath; {@link #close()} stops
 * any still running.
 */
final class JournaledWriters implements AutoCloseable {

  /** A manager and several JVMs starting at once on two cores take a while. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  /** A writer stops at its first failed call; one blocked on a dead manager waits its timeout. */
  private static final Duration DONE_WITHIN = Duration.ofSeconds(30);
  /** As for the other worker JVMs: C1 only and the serial collector cut start-up CPU. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  /** The writers' own stop, should the test never stop the manager under them. */
  private static final int MAX_SECONDS = 60;

  private final List<JvmProcess> jvms;
  private final Path journalDir;

  private JournaledWriters(List<JvmProcess> jvms, Path journalDir) {
    this.jvms = jvms;
    this.journalDir = journalDir;
  }

  /** Starts {@code writers} JVMs of {@code threads} threads and waits until each writes. */
  static JournaledWriters start(String manager, int writers, int threads, Path journalDir)
      throws TimeoutException, InterruptedException {
    return start(manager, writers, threads, journalDir, MAX_SECONDS, false);
  }

  /**
   * As above, each writer writing for {@code seconds}; with {@code continueAfterFailure} its
   * threads go on after a failed call ({@link JournaledWriter}'s {@code continue} mode).
   */
  static JournaledWriters start(String manager, int writers, int threads, Path journalDir,
      int seconds, boolean continueAfterFailure) throws TimeoutException, InterruptedException {
    List<String> classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    List<JvmProcess> jvms = new ArrayList<>();
    JournaledWriters started = new JournaledWriters(jvms, journalDir);
    try {
      for (int id = 1; id <= writers; id++) {
        String name = "writer-" + id;
        jvms.add(JvmProcess.start(name, classpath, options, JournaledWriter.class.getName(),
            writerArgs(manager, id, threads, journal(journalDir, id), seconds,
                continueAfterFailure),
            line -> {
              if (!JournaledWriter.PROGRESS.matcher(line).find()) {
                System.out.println("[" + name + "] " + line);
              }
            }));
      }
      for (JvmProcess jvm : jvms) {
        jvm.awaitLine(Pattern.compile("^" + JournaledWriter.READY), READY_WITHIN);
      }
      return started;
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      started.close();
      throw e;
    }
  }

  private static List<String> writerArgs(String manager, int id, int threads, Path journal,
      int seconds, boolean continueAfterFailure) {
    List<String> args = new ArrayList<>(List.of(manager, Integer.toString(id),
        Integer.toString(threads), journal.toString(), Integer.toString(seconds)));
    if (continueAfterFailure) {
      args.add("continue");
    }
    return args;
  }

  private static Path journal(Path dir, int id) {
    return dir.resolve("journal-" + id + ".tsv");
  }

  /**
   * Waits until every writer has stopped (each at its first failed call) and exited 0.
   *
   * @return each writer's done line
   */
  List<String> awaitDone() throws TimeoutException, InterruptedException {
    return awaitDone(DONE_WITHIN);
  }

  /** As above, waiting up to {@code doneWithin} for each. */
  List<String> awaitDone(Duration doneWithin) throws TimeoutException, InterruptedException {
    List<String> done = new ArrayList<>();
    for (JvmProcess jvm : jvms) {
      Matcher line = jvm.awaitLine(JournaledWriter.DONE, doneWithin);
      Optional<Integer> exit = jvm.waitFor(doneWithin);
      if (exit.isEmpty() || exit.get() != 0) {
        throw new AssertionError(jvm.name() + " did not exit 0 after its last line ("
            + exit.map(Object::toString).orElse("still running") + "):\n" + jvm.tail(20));
      }
      done.add(line.group());
    }
    return done;
  }

  /** Asks every writer to finish its run now (each at its next call): see {@link #awaitDone}. */
  void requestStop() throws IOException {
    for (int id = 1; id <= jvms.size(); id++) {
      Files.createFile(Path.of(journal(journalDir, id) + ".stop"));
    }
  }

  /** Every writer's journal entries (call after {@link #awaitDone}). */
  List<JournalEntry> journal() throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    for (int id = 1; id <= jvms.size(); id++) {
      try (Stream<String> lines = Files.lines(journal(journalDir, id))) {
        lines.map(JournalEntry::parse).forEach(entries::add);
      }
    }
    return entries;
  }

  @Override
  public void close() {
    jvms.forEach(JvmProcess::close);
  }
}
