package io.sharedstore.demo;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.FinalReads;
import io.sharedstore.demo.load.LoadClients;
import io.sharedstore.demo.load.MixedLoad;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.HeapSampler;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code bin/shared-store soak}: a long run of the mixed load of {@link MixedLoad} from {@code
 * --clients} JVMs against a manager it starts, sampling the manager's heap after a full GC every
 * {@code --interval} seconds (with {@code jcmd}, see {@link HeapSampler}) beside the load's
 * operations per second, its errors and the live keys. At the end it prints the heap trend
 * ({@link HeapTrend}) and checks, as the acknowledged-writes test does, that every acknowledged
 * write is on the manager.
 *
 * <p>Exit status: 0 when every process ran to the end and no acknowledged write was lost, 1
 * otherwise, 2 for bad flags. The heap verdict is printed, not turned into the status: judge it
 * on a run of minutes, not seconds. Every process it started is stopped at the end, on failure
 * and on Ctrl-C.
 */
public final class Soak {

  private static final Duration READY_WITHIN = Duration.ofMinutes(3);
  private static final Duration FINISH_GRACE = Duration.ofMinutes(2);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final SoakOptions options;
  private final ProjectLayout layout;
  private final PrintStream out;
  private final Map<String, Consumer<String>> echoes = new ConcurrentHashMap<>();

  private Soak(SoakOptions options, ProjectLayout layout, PrintStream out) {
    this.options = options;
    this.layout = layout;
    this.out = out;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.exit(run(args, out));
  }

  /** Runs the soak with the given flags, printing to {@code out}; answers the exit status. */
  public static int run(String[] args, PrintStream out) {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      return new Soak(options, ProjectLayout.locate(), out).run(args);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (TimeoutException | ExecutionException | IOException | RuntimeException e) {
      out.println("FAILED: " + e);
      return 1;
    }
  }

  private int run(String[] args)
      throws InterruptedException, TimeoutException, ExecutionException, IOException {
    out.println("command: " + command(args));
    out.printf(Locale.ROOT, "machine: %d cores, load average %s, Java %s, %s%n",
        Runtime.getRuntime().availableProcessors(), loadAverage(),
        System.getProperty("java.version"), System.getProperty("os.name"));
    ChildJvmOptions jvmOptions = new ChildJvmOptions(layout);
    Path journals = Files.createTempDirectory("shared-store-soak-");
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      ManagerProcess manager = started.add(ManagerProcess.start(layout, 0,
          jvmOptions.standard(), OutputEcho.of("manager", out)));
      out.println("manager: " + manager.address() + " (pid " + manager.jvm().pid() + ")");
      HeapSampler heap = new HeapSampler(manager.jvm().pid());
      out.printf(Locale.ROOT, "manager heap after GC before any load: %.1f MiB%n",
          heap.usedAfterGcKib() / 1024.0);
      try (ClusterClient client = ClusterClient.connect(options.clients() + 1, manager.address());
          LoadClients load = started.add(LoadClients.start(ownClasspath(),
              jvmOptions.forCluster(), manager.address(), options.clients(), options.threads(),
              Optional.of(journals), (name, line) -> echo(name, line)))) {
        StoreClient store = client.store();
        load.awaitReady(READY_WITHIN);
        out.printf(Locale.ROOT, "%d load clients x %d threads ready; running for %s%n",
            options.clients(), options.threads(), describe(options.run()));
        long start = System.currentTimeMillis();
        long end = load.go(store, options.run());
        List<HeapTrend.Sample> samples = sample(load, store, heap, start, end, manager);
        List<String> results = load.awaitResults(options.run().plus(FINISH_GRACE));
        results.forEach(out::println);

        out.println(HeapTrend.of(samples).describe());

        DurabilityChecker.Report report =
            new DurabilityChecker(DurabilityChecker.DEFAULT_MARGIN).check(load.journal(),
                FinalReads.read(store, load.keys().allKeys(), end, CALL_TIMEOUT));
        out.println("acknowledged writes: " + report.summary());
        report.violations().stream().limit(20).forEach(v -> out.println("LOST: " + v));
        if (!report.passed()) {
          out.println("FAILED: " + report.violations().size() + " acknowledged writes lost");
          return 1;
        }
        return 0;
      }
    } finally {
      deleteQuietly(journals);
    }
  }

  /** Samples every interval until the end of the load, printing one table row per sample. */
  private List<HeapTrend.Sample> sample(LoadClients load, StoreClient store, HeapSampler heap,
      long start, long end, ManagerProcess manager)
      throws InterruptedException, IOException, ExecutionException, TimeoutException {
    out.println("   time   heap after GC (live)     ops/s   errors   live keys");
    List<HeapTrend.Sample> samples = new ArrayList<>();
    long interval = options.interval().toMillis();
    long lastOps = 0;
    long lastAt = start;
    for (long at = start + interval; at <= end; at += interval) {
      sleepUntil(at);
      if (!manager.jvm().isAlive()) {
        throw new IllegalStateException(
            "the manager stopped; its last output:\n" + manager.jvm().tail(15));
      }
      long now = System.currentTimeMillis();
      long ops = load.ops();
      double opsPerSecond = (ops - lastOps) * 1000.0 / Math.max(1, now - lastAt);
      lastOps = ops;
      lastAt = now;
      long used = heap.usedAfterGcKib();
      long liveKeys = store.size(CALL_TIMEOUT).toCompletableFuture()
          .get(CALL_TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS);
      double seconds = (at - start) / 1000.0;
      samples.add(new HeapTrend.Sample(seconds, used));
      out.printf(Locale.ROOT, "%5.0f s   %16.1f MiB   %7.0f   %6d   %9d%n",
          seconds, used / 1024.0, opsPerSecond, load.errors(), liveKeys);
    }
    return samples;
  }

  /**
   * This JVM's classpath, which holds the load client: the demo module's jar and dependencies
   * when run by bin/shared-store, its classes when run by a test before the module is packaged.
   */
  private static List<String> ownClasspath() {
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private void echo(String name, String line) {
    if (MixedLoad.PROGRESS.matcher(line).matches() || MixedLoad.OUTCOME.matcher(line).matches()) {
      return;
    }
    echoes.computeIfAbsent(name, n -> OutputEcho.of(n, out)).accept(line);
  }

  private static String describe(Duration run) {
    long seconds = run.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The launcher's command line if it passed one, else this JVM's own. */
  private static String command(String[] args) {
    String launcher = System.getProperty("shared-store.command");
    if (launcher != null && !launcher.isBlank()) {
      return launcher;
    }
    return "java " + Soak.class.getName() + " " + String.join(" ", args);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
