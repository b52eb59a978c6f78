package io.sharedstore.bench;

import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/shared-store startup-run}: how long a manager with persistence takes to serve again
 * after a restart with {@code --keys} keys on disk, and how many bytes per entry its data
 * directory holds; with {@code --compare-redis}, the same for redis-server with its AOF. See
 * {@link ManagerStartup} and {@link RedisStartup} for what each half does. The data directories
 * are made under {@code --data-dir} (default: the system's temporary directory) and deleted at
 * the end unless {@code --keep}. Writes {@code startup-run-STAMP.json} and {@code .md} to {@code
 * --out} (default {@code bench-results/}). Every process it started is stopped at the end, on
 * failure and on Ctrl-C.
 */
public final class StartupRun {

  private StartupRun() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    LoggerFactory.getILoggerFactory(); // before any thread logs: no SLF4J replay warning
    System.exit(run(args, out));
  }

  /** Runs with the given flags, printing to {@code out}; answers the exit status. */
  public static int run(String[] args, PrintStream out) {
    StartupOptions options;
    try {
      options = StartupOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      return run(args, options, ProjectLayout.locate(), started, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (Exception e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static int run(String[] args, StartupOptions options, ProjectLayout layout,
      StartedProcesses started, PrintStream out) throws Exception {
    String command = System.getProperty("shared-store.command",
        "java " + StartupRun.class.getName() + " " + String.join(" ", args));
    String load = Machine.loadAverage();
    out.println("command: " + command);
    out.printf(Locale.ROOT, "machine: %d cores, load average %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(), load, System.getProperty("java.version"));
    Optional<String> redisMissing = options.compareRedis() ? RedisStartup.missing()
        : Optional.empty();
    redisMissing.ifPresent(why -> out.println(why + "; measuring Shared Store only"));

    StartupData data = new StartupData(options.keys(), options.valueSize());
    Path parent = options.dataDir().orElse(Path.of(System.getProperty("java.io.tmpdir")))
        .toAbsolutePath();
    Files.createDirectories(parent);
    Path managerDir = Files.createTempDirectory(parent, "startup-manager-");
    Path emptyDir = Files.createTempDirectory(parent, "startup-empty-");
    Path redisDir = options.compareRedis() && redisMissing.isEmpty()
        ? Files.createTempDirectory(parent, "startup-redis-") : null;
    List<Path> dirs = Stream.of(managerDir, emptyDir, redisDir).filter(Objects::nonNull).toList();
    if (!options.keep()) {
      // Added first, so stopped last: after every process, at the end or on Ctrl-C.
      started.add(() -> dirs.forEach(BenchPersistence::delete));
    }
    try {
      ManagerStartup.Result manager =
          new ManagerStartup(layout, started, out).run(options, data, managerDir, emptyDir);
      Optional<RedisStartup.Result> redis = Optional.empty();
      if (redisDir != null) {
        redis = Optional.of(new RedisStartup(started, out).run(data, options.fsync(), redisDir));
      }
      StartupReport report = new StartupReport(command, options, load, manager, redis);
      report.print(out);
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path dir = options.out().orElse(layout.root().resolve("bench-results"));
      for (Path file : report.write(dir, "startup-run-" + stamp)) {
        out.println("wrote " + file);
      }
      return 0;
    } finally {
      if (options.keep()) {
        dirs.forEach(dir -> out.println("kept " + dir));
      }
    }
  }
}
