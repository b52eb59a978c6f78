package io.sharedstore.bench;

import io.sharedstore.testsupport.PostgresServer;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code bin/shared-store bench --cluster N}: the bench's load (its {@code --outstanding}
 * values, {@code --callers}, mix, keys) against 1 store node, then against N store nodes, both
 * with {@code --durability} (journal: a PostgreSQL of the run's own, whose processes' CPU is
 * measured too), then {@code redis-benchmark --cluster} against a Redis Cluster of N masters
 * as the peer; with {@code --failover} also the {@link ClusterTimings}. Prints each
 * configuration as the bench does and a summary with the CPU per operation of every process;
 * writes {@code bench-results/bench-cluster-STAMP.json|csv|svg}.
 */
final class ClusterRun {

  private static final Pattern WORTH_ECHOING =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at ");

  private final Bench bench;
  private final BenchOptions options;
  private final ClusterBenchOptions cluster;
  private final ProjectLayout layout;
  private final PrintStream out;
  private final StartedProcesses started;

  ClusterRun(Bench bench, BenchOptions options, ProjectLayout layout, PrintStream out,
      StartedProcesses started) {
    this.bench = bench;
    this.options = options;
    this.cluster = options.cluster().orElseThrow();
    this.layout = layout;
    this.out = out;
    this.started = started;
  }

  /** Runs it all; answers the exit status. */
  int run(String command) throws Exception {
    if (cluster.journal() && PostgresServer.missing().isPresent()) {
      out.println("FAILED: --durability journal needs PostgreSQL: "
          + PostgresServer.missing().get());
      return 1;
    }
    List<ConfigurationResult> results = new ArrayList<>();
    for (int nodes : new int[] {1, cluster.nodes()}) {
      String system = "shared-store, " + nodes + " store node" + (nodes == 1 ? "" : "s")
          + ", durability " + cluster.durability();
      out.printf(Locale.ROOT, "%n=== %s ===%n", system);
      try (StoreNodeCluster store = StoreNodeCluster.start(layout, started, nodes,
          cluster.durability(), List.of(), echo())) {
        out.println("store: " + store.describe());
        for (int outstanding : options.outstanding()) {
          for (CallerMode callers : options.callers()) {
            results.add(bench.runConfiguration(outstanding, callers, store.addresses(),
                store.measured()).withSystem(system));
          }
        }
      }
    }

    String redisVersion = null;
    Map<Integer, List<RedisBenchmark.Run>> redisRuns = new TreeMap<>();
    Optional<String> missing = RedisServer.missing();
    if (missing.isPresent() || !Machine.onPath("redis-cli")) {
      out.println(missing.orElse("redis-cli not found") + "; no Redis Cluster to compare with");
    } else {
      redisVersion = RedisServer.version();
      try (RedisCluster redis = RedisCluster.start(cluster.nodes(), started)) {
        out.printf(Locale.ROOT, "%n=== Redis Cluster, %d masters (ports %s), no replicas, no"
            + " persistence: %s ===%n", cluster.nodes(), redis.ports(), redisVersion);
        for (int outstanding : options.outstanding()) {
          List<RedisBenchmark.Run> runs = new ArrayList<>();
          for (int pipeline : new int[] {1, 16}) {
            int requests = pipeline == 1 ? options.redisRequests() : options.redisRequests() * 10;
            out.printf(Locale.ROOT, "redis-benchmark --cluster -c %d -P %d -n %,d ...%n",
                outstanding, pipeline, requests);
            runs.add(RedisBenchmark.run(redis.pids(), redis.firstPort(), true, started,
                outstanding, requests, pipeline, options.valueSize(), options.keys(),
                options.mix()));
          }
          redisRuns.put(outstanding, runs);
        }
      }
    }
    List<ConfigurationResult> withRedis = new ArrayList<>();
    boolean clean = true;
    for (ConfigurationResult result : results) {
      List<RedisBenchmark.Run> runs = redisRuns.getOrDefault(result.outstanding(), List.of());
      ConfigurationResult shown = runs.isEmpty() ? result : result.withRedis(runs);
      withRedis.add(shown);
      Report.print(out, options, shown);
      if (shown.all().count() == 0 || shown.operations().stream().anyMatch(o -> o.errors() > 0)) {
        clean = false;
      }
    }
    printCpuPerOperation(withRedis);

    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("cluster", cluster);
    if (cluster.failover()) {
      ClusterTimings.Result timings =
          new ClusterTimings(layout, started, out, echo(), options, cluster).run();
      extra.put("timings", timings);
    }
    Path dir = options.out().orElse(layout.root().resolve("bench-results"));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    for (Path file : ResultFiles.write(dir, "bench-cluster-" + stamp, command, options,
        withRedis, redisVersion, extra)) {
      out.println("wrote " + file);
    }
    if (!clean) {
      out.println("FAILED: operations failed or none completed (see above)");
      return 1;
    }
    return 0;
  }

  /**
   * Per configuration: throughput, p99 and the CPU microseconds per operation of each process
   * (store nodes, PostgreSQL, the clients) and of Redis Cluster's masters.
   */
  private void printCpuPerOperation(List<ConfigurationResult> results) {
    out.printf(Locale.ROOT, "%nSummary, CPU per operation (µs of CPU time per completed"
        + " operation; the clients' too):%n");
    for (ConfigurationResult result : results) {
      long ops = result.all().count();
      StringBuilder cpu = new StringBuilder();
      double servers = 0;
      double clients = 0;
      for (ConfigurationResult.ProcessCpu process : result.processes()) {
        double micros = ops == 0 ? Double.NaN : process.cpuSeconds() * 1e6 / ops;
        cpu.append(String.format(Locale.ROOT, " %s %.1f", process.process(), micros));
        if (process.isClient()) {
          clients += micros;
        } else {
          servers += micros;
        }
      }
      out.printf(Locale.ROOT, "  %-46s %5d outstanding %-8s %,10.0f ops/s  p99 %9s µs |"
              + " server side %.1f, clients %.1f µs/op |%s%n", result.system(),
          result.outstanding(), result.callers(), result.all().opsPerSecond(),
          Report.micros(result.all().p99Micros()), servers, clients, cpu);
    }
    Map<Integer, Boolean> shown = new TreeMap<>();
    for (ConfigurationResult result : results) {
      if (shown.put(result.outstanding(), true) != null) {
        continue;
      }
      for (RedisBenchmark.Run run : result.redis()) {
        long requests = (long) run.requests() * run.tests().size();
        out.printf(Locale.ROOT, "  %-46s %5d clients -P %-2d   %,10.0f ops/s (mix)"
                + " | masters %.1f µs/op (redis-benchmark's own CPU not counted)%n",
            "redis cluster, " + cluster.nodes() + " masters", run.clients(), run.pipeline(),
            run.mixOpsPerSecond(options.mix()), run.serverCpuSeconds() * 1e6 / requests);
      }
    }
  }

  /** Echoes a store node's warnings and errors (its lines are prefixed with its name). */
  private Consumer<String> echo() {
    return line -> {
      if (WORTH_ECHOING.matcher(line).find()) {
        out.println(line);
      }
    };
  }
}
