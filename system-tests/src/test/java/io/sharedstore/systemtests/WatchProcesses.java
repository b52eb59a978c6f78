package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link WatchWriter} and {@link WatchWatcher} JVMs of one watch test, started with this JVM's
 * classpath, their files in one directory; {@link #close()} stops every one still running.
 */
final class WatchProcesses implements AutoCloseable {

  /** A manager and several JVMs starting at once on two cores take a while. */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  /** As for the load workers: C1 only and the serial collector cut start-up CPU. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Pattern STARTED =
      Pattern.compile("^" + WatchWatcher.STARTED + " revision=(\\d+)");

  private final Path dir;
  private final List<JvmProcess> jvms = new ArrayList<>();

  WatchProcesses(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts a writer (see {@link WatchWriter} for the arguments); it writes {@link
   * #writerFile(int)}, starts writing once {@link #startWriters()} is called and stops once {@link #stopWriters()} is called if {@code ops} is 0.
   */
  JvmProcess startWriter(String manager, int id, int keys, int chains, long ops,
      int deletePercent, int pad) {
    return start("writer " + id, WatchWriter.class, List.of(), List.of(manager,
        Integer.toString(id), Integer.toString(keys), Integer.toString(chains),
        Long.toString(ops), Integer.toString(deletePercent), Integer.toString(pad),
        writerFile(id).toString(), dir.resolve("start").toString(),
        dir.resolve("stop").toString()));
  }

  /**
   * Starts a watcher of {@code *} (see {@link WatchWatcher}); it writes {@link
   * #watcherFile(int)}; a {@code held} one consumes once {@link #go()} is called.
   */
  JvmProcess startWatcher(String manager, int id, String mode, List<String> jvmOptions) {
    return start("watcher " + id, WatchWatcher.class, jvmOptions, List.of(manager,
        Integer.toString(id), mode, watcherFile(id).toString(), dir.resolve("go").toString()));
  }

  private JvmProcess start(String name, Class<?> main, List<String> extraOptions,
      List<String> args) {
    List<String> classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    options.addAll(extraOptions);
    JvmProcess jvm = JvmProcess.start(name, classpath, options, main.getName(), args,
        line -> echo(name, line));
    jvms.add(jvm);
    return jvm;
  }

  private static void echo(String name, String line) {
    if (!line.startsWith("WRITER-PROGRESS")) {
      System.out.println("[" + name + "] " + line);
    }
  }

  /** Waits for a watcher's confirmation and answers the revision its watch starts after. */
  static long awaitStarted(JvmProcess watcher) throws TimeoutException, InterruptedException {
    return Long.parseLong(watcher.awaitLine(STARTED, READY_WITHIN).group(1));
  }

  /** Waits for a writer to be connected. */
  static void awaitReady(JvmProcess writer) throws TimeoutException, InterruptedException {
    writer.awaitLine(Pattern.compile("^" + WatchWriter.READY), READY_WITHIN);
  }

  /**
   * Waits for every watcher's confirmation, then for every writer to be connected; answers, per
   * watcher, the revision its watch starts after.
   */
  static List<Long> awaitStartedAndReady(List<JvmProcess> watchers, List<JvmProcess> writers)
      throws TimeoutException, InterruptedException {
    List<Long> started = new ArrayList<>();
    for (JvmProcess watcher : watchers) {
      started.add(awaitStarted(watcher));
    }
    for (JvmProcess writer : writers) {
      awaitReady(writer);
    }
    return started;
  }

  /** Waits for a writer to finish and for its process to exit. */
  static void awaitDone(JvmProcess writer, Duration within)
      throws TimeoutException, InterruptedException {
    writer.awaitLine(Pattern.compile("^" + WatchWriter.DONE), within);
    if (writer.waitFor(within).isEmpty()) {
      throw new TimeoutException(writer.name() + " did not exit after it finished");
    }
  }

  /**
   * The acknowledged calls of the writer's last progress line (0 before the first), for waiting
   * until it made progress.
   */
  static long acknowledged(JvmProcess writer) {
    List<String> lines = writer.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("WRITER-PROGRESS")) {
        Matcher m = WatchWriter.PROGRESS.matcher(lines.get(i));
        if (m.find()) {
          return Long.parseLong(m.group(1));
        }
      }
    }
    return 0;
  }

  /** Waits for the watcher to report a change of {@code key} (a {@code sentinel:} key). */
  static void awaitSaw(JvmProcess watcher, String key, Duration within)
      throws TimeoutException, InterruptedException {
    watcher.awaitLine(Pattern.compile("^WATCH-SAW key=" + Pattern.quote(key) + " "), within);
  }

  /** Waits for the watcher to report a reset of {@code reason}. */
  static void awaitReset(JvmProcess watcher, String reason, Duration within)
      throws TimeoutException, InterruptedException {
    watcher.awaitLine(Pattern.compile("^WATCH-RESET revision=\\d+ reason=" + reason), within);
  }

  Path writerFile(int id) {
    return dir.resolve("writer-" + id + ".txt");
  }

  Path watcherFile(int id) {
    return dir.resolve("watcher-" + id + ".txt");
  }

  /** Tells the writers to start writing. */
  void startWriters() throws IOException {
    Files.createFile(dir.resolve("start"));
  }

  /** Tells the writers started with {@code ops} 0 to finish. */
  void stopWriters() throws IOException {
    Files.createFile(dir.resolve("stop"));
  }

  /**
   * Tells the writers started with {@code ops} 0 to finish, waits for each to exit, and answers the
   * operations of writers 1 to {@code writers.size()} (their ids) from their files.
   */
  List<WatchRecords.Op> stopWritersAndReadOps(List<JvmProcess> writers, Duration within)
      throws IOException, TimeoutException, InterruptedException {
    stopWriters();
    for (JvmProcess writer : writers) {
      awaitDone(writer, within);
    }
    List<WatchRecords.Op> ops = new ArrayList<>();
    for (int id = 1; id <= writers.size(); id++) {
      ops.addAll(WatchRecords.ops(writerFile(id), id));
    }
    return ops;
  }

  /** Tells a {@code held} watcher to start consuming. */
  void go() throws IOException {
    Files.createFile(dir.resolve("go"));
  }

  @Override
  public void close() {
    jvms.forEach(JvmProcess::close);
  }
}
