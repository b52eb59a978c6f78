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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/shared-store bench}: a multi-JVM load generator. Starts a manager JVM (or targets a
 * running one with {@code --manager}) and, for each {@code --outstanding} value in turn, {@code
 * --clients} {@link LoadClient} JVMs that share the outstanding operations, pre-fill the keys, warm
 * up, and run for {@code --seconds} in the same wall-clock window. Prints progress each second and,
 * per configuration, throughput, latency percentiles (merged HdrHistograms of all clients), the
 * CPU of each process and the bytes per operation on the wire; with {@code --compare-redis} also
 * redis-benchmark's figures with the same client count (no pipelining and {@code -P 16}) and the
 * ratios ours/Redis. Writes JSON, CSV and an SVG chart to {@code bench-results/}. Every process it
 * started is stopped at the end, on failure and on Ctrl-C. With {@code --cluster N}, {@link
 * ClusterRun} runs instead: store nodes, PostgreSQL and Redis Cluster.
 */
public final class Bench {

  /** The name of every load client JVM starts with it ({@code client-1}, ...). */
  static final String CLIENT_PREFIX = "client-";

  private static final String CLUSTER_NOT_IN_USE = "Pekko Cluster not in use";
  private static final Pattern WORTH_ECHOING =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at |^" + ClientProtocol.ERROR);

  private final BenchOptions options;
  private final ProjectLayout layout;
  private final PrintStream out;
  private final StartedProcesses started;

  private Bench(BenchOptions options, ProjectLayout layout, PrintStream out,
      StartedProcesses started) {
    this.options = options;
    this.layout = layout;
    this.out = out;
    this.started = started;
  }

  public static void main(String[] args) {
    ToolMain.runDriver(args, Bench::run);
  }

  /** Runs the bench with the given flags, printing to {@code out}; answers the exit status. */
  public static int run(String[] args, PrintStream out) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      Bench bench = new Bench(options, ProjectLayout.locate(), out, started);
      return bench.run(args);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (TimeoutException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private int run(String[] args) throws InterruptedException, TimeoutException {
    String command = command(args);
    out.println("command: " + command);
    String javaOpts = System.getenv("JAVA_OPTS");
    if (javaOpts != null && !javaOpts.isBlank()) {
      out.println("JAVA_OPTS: " + javaOpts);
    }
    out.println(Machine.describe());
    if (options.cluster().isPresent()) {
      try {
        return new ClusterRun(this, options, layout, out, started).run(command);
      } catch (InterruptedException | TimeoutException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.toString(), e);
      }
    }

    String managerAddress;
    Optional<JvmProcess> managerJvm;
    if (options.manager().isPresent()) {
      managerAddress = options.manager().get();
      managerJvm = Optional.empty();
      out.println("manager: " + managerAddress + " (running already; its CPU is not measured)");
    } else if (options.compareMetrics()) {
      managerAddress = null;
      managerJvm = Optional.empty();
      out.println("manager: one per run, in memory; metrics off, on, on, off for each"
          + " configuration (on: /metrics scraped once a second)");
    } else if (options.persistence().isEmpty()) {
      ManagerProcess manager = started.add(
          ManagerProcess.start(layout, 0, jvmOptions(), echo("manager", line -> {})));
      managerAddress = manager.address();
      managerJvm = Optional.of(manager.jvm());
      out.println("manager: " + managerAddress + " (pid " + manager.jvm().pid() + ")");
    } else {
      managerAddress = null;
      managerJvm = Optional.empty();
      out.println("manager: with persistence, " + options.persistence().get().describe()
          + " (one manager per configuration, each in a fresh directory deleted after it)");
    }

    Optional<RedisServer> redis = Optional.empty();
    String redisVersion = null;
    if (options.compareRedis()) {
      Optional<String> missing = RedisServer.missing();
      if (missing.isPresent()) {
        out.println(missing.get() + "; running Shared Store only");
      } else {
        redisVersion = RedisServer.version();
        if (options.persistence().isEmpty()) {
          redis = Optional.of(started.add(RedisServer.start(List.of())));
          out.println("redis: " + redisVersion + ", port " + redis.get().port()
              + " (started for the comparison, no persistence)");
        } else {
          out.println("redis: " + redisVersion + " (started for each outstanding value with"
              + " --appendonly yes --appendfsync " + options.persistence().get().fsync().flagName()
              + " in a fresh directory deleted after it)");
        }
      }
    }
    boolean redisPerRun = redisVersion != null && redis.isEmpty();

    List<ConfigurationResult> results = new ArrayList<>();
    boolean clean = true;
    for (int outstanding : options.outstanding()) {
      if (options.compareMetrics()) {
        for (CallerMode callers : options.callers()) {
          for (ConfigurationResult result : compareMetrics(outstanding, callers)) {
            results.add(result);
            if (result.all().count() == 0
                || result.operations().stream().anyMatch(o -> o.errors() > 0)) {
              clean = false;
            }
          }
        }
        continue;
      }
      List<ConfigurationResult> ofOutstanding = new ArrayList<>();
      for (CallerMode callers : options.callers()) {
        ofOutstanding.add(options.persistence().isPresent()
            ? runDurable(outstanding, callers, options.persistence().get())
            : runConfiguration(outstanding, callers, managerAddress, managerJvm));
      }
      List<RedisBenchmark.Run> runs = new ArrayList<>();
      if (redis.isPresent()) {
        runs = runRedis(redis.get(), outstanding);
      } else if (redisPerRun) {
        runs = runDurableRedis(outstanding, options.persistence().get());
      }
      for (ConfigurationResult measured : ofOutstanding) {
        ConfigurationResult result = runs.isEmpty() ? measured : measured.withRedis(runs);
        results.add(result);
        Report.print(out, options, result);
        if (result.all().count() == 0
            || result.operations().stream().anyMatch(o -> o.errors() > 0)) {
          clean = false;
        }
      }
    }
    if (results.size() > 1) {
      Report.printSummary(out, options, results);
    }
    Path dir = options.out().orElse(layout.root().resolve("bench-results"));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    List<Path> files = ResultFiles.write(dir, "bench-" + stamp, command, options, results,
        redisVersion);
    for (Path file : files) {
      out.println("wrote " + file);
    }
    if (!clean) {
      out.println("FAILED: operations failed or none completed (see above)");
      return 1;
    }
    return 0;
  }

  /** redis-benchmark without pipelining, then with {@code -P 16}, against {@code redis}. */
  private List<RedisBenchmark.Run> runRedis(RedisServer redis, int outstanding)
      throws InterruptedException {
    List<RedisBenchmark.Run> runs = new ArrayList<>();
    for (int pipeline : new int[] {1, 16}) {
      int requests = pipeline == 1 ? options.redisRequests() : options.redisRequests() * 10;
      out.printf(Locale.ROOT, "redis-benchmark -c %d -P %d -n %,d ...%n",
          outstanding, pipeline, requests);
      runs.add(RedisBenchmark.run(redis, started, outstanding, requests, pipeline,
          options.valueSize(), options.keys(), options.mix()));
    }
    return runs;
  }

  /** {@link #runRedis} against a fresh redis-server with its AOF in a fresh directory. */
  private List<RedisBenchmark.Run> runDurableRedis(int outstanding, BenchPersistence persistence)
      throws InterruptedException {
    Path dir = persistence.freshDirectory("redis");
    try {
      RedisServer redis = started.add(RedisServer.start(persistence.redisFlags(dir)));
      try {
        out.println("redis: port " + redis.port() + ", appendfsync "
            + persistence.fsync().flagName() + ", AOF in " + dir);
        return runRedis(redis, outstanding);
      } finally {
        started.stop(redis);
      }
    } finally {
      BenchPersistence.delete(dir);
    }
  }

  /**
   * {@link #runConfiguration} against a manager started for it with its data in a fresh
   * directory under {@code --data-dir}; the manager is stopped (SIGTERM) and the directory
   * deleted after.
   */
  private ConfigurationResult runDurable(
      int outstanding, CallerMode callers, BenchPersistence persistence)
      throws InterruptedException, TimeoutException {
    Path dir = persistence.freshDirectory("manager");
    try {
      List<String> jvmOptions = new ArrayList<>(jvmOptions());
      jvmOptions.addAll(persistence.managerJvmOptions(dir));
      ManagerProcess manager = started.add(
          ManagerProcess.start(layout, 0, jvmOptions, echo("manager", line -> {})));
      try {
        out.println("manager: " + manager.address() + " (pid " + manager.jvm().pid() + ", fsync="
            + persistence.fsync().flagName() + ", data in " + dir + ")");
        return runConfiguration(outstanding, callers, manager.address(),
            Optional.of(manager.jvm()));
      } finally {
        started.stop(manager);
      }
    } finally {
      BenchPersistence.delete(dir);
    }
  }

  /**
   * One configuration four times, metrics off, on, on, off (so a drift of the machine over the
   * runs weighs on both alike), each against a fresh manager; prints each run and then the
   * ratios on/off of the throughput, the p99 and the manager's CPU per operation.
   */
  private List<ConfigurationResult> compareMetrics(int outstanding, CallerMode callers)
      throws InterruptedException, TimeoutException {
    List<ConfigurationResult> off = new ArrayList<>();
    List<ConfigurationResult> on = new ArrayList<>();
    List<ConfigurationResult> all = new ArrayList<>();
    for (boolean metrics : new boolean[] {false, true, true, false}) {
      List<String> jvmOptions = new ArrayList<>(jvmOptions());
      int port = metrics ? freePort() : -1;
      if (metrics) {
        jvmOptions.add("-Dshared-store.metrics.port=" + port);
      }
      ManagerProcess manager = started.add(
          ManagerProcess.start(layout, 0, jvmOptions, echo("manager", line -> {})));
      try {
        out.println();
        out.println("-- metrics " + (metrics ? "on (port " + port + ")" : "off") + ": manager "
            + manager.address() + " (pid " + manager.jvm().pid() + ") --");
        ConfigurationResult result;
        if (metrics) {
          try (MetricsScraper scraper = new MetricsScraper("127.0.0.1", port)) {
            result = runConfiguration(outstanding, callers, manager.address(),
                Optional.of(manager.jvm()));
            out.println("metrics: " + scraper.describe());
            if (scraper.scrapes() == 0 || scraper.failures() > 0) {
              throw new IllegalStateException("/metrics did not answer every scrape: "
                  + scraper.describe());
            }
          }
          on.add(result);
        } else {
          result = runConfiguration(outstanding, callers, manager.address(),
              Optional.of(manager.jvm()));
          off.add(result);
        }
        Report.print(out, options, result);
        all.add(result);
      } finally {
        started.stop(manager);
      }
    }
    out.printf(Locale.ROOT, "%nmetrics cost, %d outstanding, %s: throughput on/off = %.3f"
            + " (on %s, off %s ops/s); p99 on/off = %.3f; manager CPU per op on/off = %.3f%n",
        outstanding, callers.flagName(), mean(on, r -> r.all().opsPerSecond())
            / mean(off, r -> r.all().opsPerSecond()),
        figures(on, r -> r.all().opsPerSecond()), figures(off, r -> r.all().opsPerSecond()),
        mean(on, r -> r.all().p99Micros()) / mean(off, r -> r.all().p99Micros()),
        mean(on, Bench::managerCpuPerOp) / mean(off, Bench::managerCpuPerOp));
    return all;
  }

  private static double mean(List<ConfigurationResult> results,
      java.util.function.ToDoubleFunction<ConfigurationResult> figure) {
    return results.stream().mapToDouble(figure).average().orElse(Double.NaN);
  }

  private static String figures(List<ConfigurationResult> results,
      java.util.function.ToDoubleFunction<ConfigurationResult> figure) {
    return results.stream().map(r -> String.format(Locale.ROOT, "%,.0f", figure.applyAsDouble(r)))
        .collect(java.util.stream.Collectors.joining(" and "));
  }

  /** The manager's CPU seconds per operation of a run (NaN if not measured). */
  private static double managerCpuPerOp(ConfigurationResult result) {
    long ops = result.all().count();
    return result.processes().stream().filter(p -> p.process().equals("manager"))
        .mapToDouble(p -> p.cpuSeconds() / ops).findFirst().orElse(Double.NaN);
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the metrics", e);
    }
  }

  private ConfigurationResult runConfiguration(
      int outstanding, CallerMode callers, String managerAddress, Optional<JvmProcess> manager)
      throws InterruptedException, TimeoutException {
    return runConfiguration(outstanding, callers, managerAddress,
        manager.map(m -> List.of(MeasuredProcess.jvm("manager", m.pid()))).orElse(List.of()));
  }

  /**
   * One configuration: the clients against {@code addresses} (one manager, or store nodes
   * separated by commas), with the CPU of each of {@code servers} measured over the measured
   * seconds.
   */
  ConfigurationResult runConfiguration(
      int outstanding, CallerMode callers, String addresses, List<MeasuredProcess> servers)
      throws InterruptedException, TimeoutException {
    String managerAddress = addresses;
    int clients = options.activeClients(outstanding);
    out.printf(Locale.ROOT, "%n== %d outstanding over %d client JVM%s, %s, mix %s, %d-byte values,"
            + " %,d keys%s%s; %d s warm-up, %d s measured ==%n",
        outstanding, clients, clients == 1 ? "" : "s", describe(callers), options.mix(),
        options.valueSize(),
        options.keys(), options.ttl().map(t -> ", TTL " + t.toMillis() + " ms on sets").orElse(""),
        options.nearCache().map(g -> ", gets of " + g + " through a near cache").orElse(""),
        options.warmup(), options.seconds());
    String loadBefore = Machine.loadAverage();
    Path goDir = tempDir();
    Path goFile = goDir.resolve("go");
    Progress progress = new Progress(out, clients, options.seconds());
    List<JvmProcess> jvms = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        String name = CLIENT_PREFIX + (i + 1);
        List<String> args = new ArrayList<>(List.of(
            "--manager", managerAddress,
            "--id", Integer.toString(i + 1),
            "--clients", Integer.toString(clients),
            "--outstanding", Integer.toString(BenchOptions.share(outstanding, clients, i)),
            "--keys", Integer.toString(options.keys()),
            "--value-size", Integer.toString(options.valueSize()),
            "--mix", options.mix().toString(),
            "--ttl-ms", Long.toString(options.ttl().map(Duration::toMillis).orElse(0L)),
            "--callers", callers.flagName(),
            "--threads", Integer.toString(options.threads()),
            "--go-file", goFile.toString()));
        options.nearCache().ifPresent(glob -> args.addAll(List.of("--near-cache", glob)));
        jvms.add(started.add(JvmProcess.start(name, benchClasspath(), jvmOptions(),
            LoadClient.class.getName(), args, echo(name, progress::accept))));
      }
      out.printf(Locale.ROOT, "starting %d client JVM%s, pre-filling %,d keys ...%n", clients,
          clients == 1 ? "" : "s", options.keys());
      for (JvmProcess jvm : jvms) {
        ChildJvms.awaitReady(jvm);
      }
      long measureStart = System.currentTimeMillis() + Math.max(200, options.warmup() * 1000L);
      long measureEnd = measureStart + options.seconds() * 1000L;
      ClientProtocol.writeGo(goFile, measureStart, measureEnd);

      sleepUntil(measureStart);
      List<OptionalLong> serverCpuStart = servers.stream().map(MeasuredProcess::cpuNanos).toList();
      OptionalLong managerIoStart = MeasuredProcess.ioBytes(servers);
      OptionalLong loopbackStart = Machine.loopbackBytes();
      sleepUntil(measureEnd);
      List<OptionalLong> serverCpuEnd = servers.stream().map(MeasuredProcess::cpuNanos).toList();
      OptionalLong managerIoEnd = MeasuredProcess.ioBytes(servers);
      OptionalLong loopbackEnd = Machine.loopbackBytes();
      String loadAfter = Machine.loadAverage();

      double seconds = options.seconds();
      Map<Operation, Histogram> merged = new EnumMap<>(Operation.class);
      Map<Operation, Long> errors = new EnumMap<>(Operation.class);
      List<ConfigurationResult.ProcessCpu> cpu = new ArrayList<>();
      Optional<NearCacheFigures> near = Optional.empty();
      for (int i = 0; i < servers.size(); i++) {
        if (serverCpuStart.get(i).isPresent() && serverCpuEnd.get(i).isPresent()) {
          cpu.add(processCpu(servers.get(i).name(),
              serverCpuEnd.get(i).getAsLong() - serverCpuStart.get(i).getAsLong()));
        }
      }
      for (JvmProcess jvm : jvms) {
        ClientReport report = ClientReport.await(jvm, Duration.ofSeconds(60));
        report.histograms().forEach((op, histogram) ->
            merged.computeIfAbsent(op, o -> new Histogram(3)).add(histogram));
        report.errors().forEach((op, count) -> errors.merge(op, count, Long::sum));
        cpu.add(processCpu(jvm.name(), report.cpuNanos()));
        if (report.nearCache().isPresent()) {
          long[] c = report.nearCache().get();
          NearCacheFigures figures = new NearCacheFigures(options.nearCache().orElse(""), c[0],
              c[1], c[2], c[3], c[4], seconds);
          near = Optional.of(near.map(n -> n.plus(figures)).orElse(figures));
        } else if (options.nearCache().isPresent()) {
          throw new IllegalStateException(jvm.name() + " reported no near-cache counters");
        }
        report.firstError().ifPresent(e -> out.println("[" + jvm.name() + "] first error: " + e));
      }
      Histogram all = new Histogram(3);
      merged.values().forEach(all::add);
      List<OperationStats> stats = new ArrayList<>();
      stats.add(OperationStats.of("all", all,
          errors.values().stream().mapToLong(Long::longValue).sum(), seconds));
      for (Operation operation : options.mix().operations()) {
        stats.add(OperationStats.of(operation.flagName(),
            merged.getOrDefault(operation, new Histogram(3)), errors.getOrDefault(operation, 0L),
            seconds));
      }
      long ops = all.getTotalCount();
      return new ConfigurationResult(outstanding, callers.flagName(), clients, seconds, stats, cpu,
          perOp(loopbackStart, loopbackEnd, ops), perOp(managerIoStart, managerIoEnd, ops),
          loadBefore, loadAfter, progress.runSeries(),
          WarmupCurve.of(progress.warmupSeries(), progress.runSeries()), List.of(), near);
    } finally {
      for (JvmProcess jvm : jvms) {
        started.stop(jvm);
      }
      deleteQuietly(goFile);
      deleteQuietly(goDir);
    }
  }

  /** How the clients call, for the configuration's heading. */
  private String describe(CallerMode callers) {
    return switch (callers) {
      case CHAINED -> "calls chained from completions";
      case THREADS -> "calls from up to " + options.threads() + " threads per client";
    };
  }

  private ConfigurationResult.ProcessCpu processCpu(String name, long nanos) {
    double cpuSeconds = nanos / 1e9;
    return new ConfigurationResult.ProcessCpu(name, cpuSeconds,
        100 * cpuSeconds / options.seconds());
  }

  private static OptionalDouble perOp(OptionalLong before, OptionalLong after, long ops) {
    if (before.isEmpty() || after.isEmpty() || ops == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) (after.getAsLong() - before.getAsLong()) / ops);
  }

  /**
   * Options for a child JVM, as for the demo's children ({@link ChildJvmOptions}). Clients log
   * with the demo's logback.xml on their classpath.
   */
  private List<String> jvmOptions() {
    return new ChildJvmOptions(layout).standard();
  }

  /** This module's runtime classpath (the load clients run from it). */
  private List<String> benchClasspath() {
    return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
  }

  /** Routes protocol lines to {@code protocol} and echoes a child's notable lines, prefixed. */
  private Consumer<String> echo(String name, Consumer<String> protocol) {
    return line -> {
      if (line.startsWith(ClientProtocol.PROGRESS)) {
        protocol.accept(line);
      } else if (line.startsWith(ClientProtocol.OP)) {
        return;
      } else if (WORTH_ECHOING.matcher(line).find() && !line.contains(CLUSTER_NOT_IN_USE)) {
        out.println("[" + name + "] " + line);
      }
    };
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("shared-store-bench");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A temporary file; the system cleans it up.
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }

  /** The launcher's command line if it passed one, else this JVM's own. */
  private static String command(String[] args) {
    String launcher = System.getProperty("shared-store.command");
    if (launcher != null && !launcher.isBlank()) {
      return launcher;
    }
    return "java " + Bench.class.getName() + " " + String.join(" ", args);
  }
}
