package io.sharedstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/** Writes a run's results as {@code NAME.json}, {@code NAME.csv} and {@code NAME.svg}. */
final class ResultFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSV_HEADER =
      "timestamp,system,outstanding,callers,clients,pipeline,operation,count,errors,ops_per_s,"
          + "p50_us,p90_us,p95_us,p99_us,p999_us,max_us,manager_cpu_pct,clients_cpu_pct,"
          + "lo_bytes_per_op,manager_io_bytes_per_op,load_before,warmup_s_to_80pct,"
          + "ops_per_s_each_second";

  private ResultFiles() {}

  static List<Path> write(Path dir, String name, String command, BenchOptions options,
      List<ConfigurationResult> results, String redisVersion) {
    return write(dir, name, command, options, results, redisVersion, java.util.Map.of());
  }

  /**
   * As above, with {@code extra} (e.g. {@code bench --cluster}'s settings and timings) added to
   * the JSON's top level, each value as Jackson writes it.
   */
  static List<Path> write(Path dir, String name, String command, BenchOptions options,
      List<ConfigurationResult> results, String redisVersion, java.util.Map<String, ?> extra) {
    String timestamp = OffsetDateTime.now().withNano(0).toString();
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve(name + ".json");
      Path csv = dir.resolve(name + ".csv");
      Path svg = dir.resolve(name + ".svg");
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(json.toFile(), json(timestamp, command, options, results, redisVersion)
              .setAll(extraNodes(extra)));
      Files.writeString(csv, csv(timestamp, options, results));
      Files.writeString(svg, SvgChart.render(command, options, results));
      return List.of(json, csv, svg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results to " + dir, e);
    }
  }

  private static java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> extraNodes(
      java.util.Map<String, ?> extra) {
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> nodes =
        new java.util.LinkedHashMap<>();
    extra.forEach((field, value) -> nodes.put(field, JSON.valueToTree(value)));
    return nodes;
  }

  private static ObjectNode json(String timestamp, String command, BenchOptions options,
      List<ConfigurationResult> results, String redisVersion) {
    ObjectNode root = JSON.createObjectNode();
    root.put("timestamp", timestamp);
    root.put("command", command);
    root.put("javaOpts", System.getenv().getOrDefault("JAVA_OPTS", ""));
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    ObjectNode flags = root.putObject("options");
    flags.put("clients", options.clients());
    flags.set("callers", JSON.valueToTree(
        options.callers().stream().map(CallerMode::flagName).toList()));
    flags.put("threads", options.threads());
    flags.put("seconds", options.seconds());
    flags.put("warmup", options.warmup());
    flags.put("valueSize", options.valueSize());
    flags.put("keys", options.keys());
    flags.put("mix", options.mix().toString());
    flags.put("ttlMillis", options.ttl().map(t -> t.toMillis()).orElse(0L));
    flags.put("manager", options.manager().orElse(null));
    flags.put("compareRedis", options.compareRedis());
    flags.put("nearCache", options.nearCache().orElse(null));
    if (options.persistence().isPresent()) {
      ObjectNode persistence = flags.putObject("persistence");
      persistence.put("dataDir", options.persistence().get().dataDir().toString());
      persistence.put("fsync", options.persistence().get().fsync().flagName());
      persistence.put("redisAppendfsync", options.compareRedis()
          ? options.persistence().get().fsync().flagName() : null);
    } else {
      flags.putNull("persistence");
    }
    root.put("redisVersion", redisVersion);
    ArrayNode configurations = root.putArray("configurations");
    for (ConfigurationResult result : results) {
      ObjectNode node = configurations.addObject();
      node.put("outstanding", result.outstanding());
      node.put("system", result.system());
      node.put("callers", result.callers());
      node.put("clients", result.clients());
      node.put("persistence", options.persistence()
          .map(p -> "fsync=" + p.fsync().flagName()).orElse("none"));
      node.put("seconds", result.seconds());
      node.put("loadAverageBefore", result.loadBefore());
      node.put("loadAverageAfter", result.loadAfter());
      node.set("operations", JSON.valueToTree(result.operations()));
      node.set("opsPerSecondEachSecond", JSON.valueToTree(result.opsPerSecond()));
      ObjectNode warmup = node.putObject("warmup");
      warmup.put("seconds", result.warmup().warmupSeconds());
      warmup.set("opsPerSecondFromFirstCall", JSON.valueToTree(result.warmup().opsPerSecond()));
      warmup.put("steadyOpsPerSecond", result.warmup().steadyOpsPerSecond());
      if (result.warmup().secondReaching80Percent().isPresent()) {
        warmup.put("secondReaching80PercentOfSteady",
            result.warmup().secondReaching80Percent().getAsInt());
      } else {
        warmup.putNull("secondReaching80PercentOfSteady");
      }
      node.set("processes", JSON.valueToTree(result.processes()));
      if (result.nearCache().isPresent()) {
        NearCacheFigures near = result.nearCache().get();
        ObjectNode n = node.putObject("nearCache");
        n.put("glob", near.glob());
        n.put("hits", near.hits());
        n.put("misses", near.misses());
        n.put("invalidations", near.invalidations());
        n.put("resets", near.resets());
        n.put("sizeAtEnd", near.size());
        n.put("hitRatio", near.hitRatio());
        n.put("localReadsPerSecond", near.localReadsPerSecond());
      } else {
        node.putNull("nearCache");
      }
      put(node, "loopbackBytesPerOp", result.loopbackBytesPerOp());
      put(node, "managerIoBytesPerOp", result.managerIoBytesPerOp());
      ArrayNode redis = node.putArray("redis");
      for (RedisBenchmark.Run run : result.redis()) {
        ObjectNode r = redis.addObject();
        r.put("command", run.command());
        r.put("pipeline", run.pipeline());
        r.put("clients", run.clients());
        r.put("requests", run.requests());
        r.put("serverCpuSeconds", run.serverCpuSeconds());
        r.put("wallSeconds", run.wallSeconds());
        r.put("mixOpsPerSecond", run.mixOpsPerSecond(options.mix()));
        r.put("throughputRatioOursToRedis",
            result.all().opsPerSecond() / run.mixOpsPerSecond(options.mix()));
        r.set("tests", JSON.valueToTree(new ArrayList<>(run.tests().values())));
        ObjectNode ratios = r.putObject("latencyRatiosOursToRedis");
        for (OperationStats op : result.operations().subList(1, result.operations().size())) {
          RedisBenchmark.Figures figures =
              run.tests().get(Operation.named(op.operation()).redisTest());
          if (figures != null) {
            ratios.put(op.operation() + "P50", op.p50Micros() / figures.p50Micros());
            ratios.put(op.operation() + "P99", op.p99Micros() / figures.p99Micros());
          }
        }
      }
    }
    return root;
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, value.getAsDouble());
    } else {
      node.putNull(field);
    }
  }

  private static String csv(String timestamp, BenchOptions options,
      List<ConfigurationResult> results) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
    for (ConfigurationResult result : results) {
      double managerCpu = result.processes().stream()
          .filter(p -> !p.isClient())
          .mapToDouble(ConfigurationResult.ProcessCpu::cpuPercent).sum();
      double clientsCpu = result.processes().stream()
          .filter(ConfigurationResult.ProcessCpu::isClient)
          .mapToDouble(ConfigurationResult.ProcessCpu::cpuPercent).sum();
      for (OperationStats op : result.operations()) {
        row(csv, timestamp, result.system(), result.outstanding(), result.callers(),
            result.clients(), 1,
            op.operation(), op.count(), op.errors(), op.opsPerSecond(), op.p50Micros(),
            op.p90Micros(), Double.NaN, op.p99Micros(), op.p999Micros(), op.maxMicros(),
            managerCpu, clientsCpu, result.loopbackBytesPerOp(), result.managerIoBytesPerOp(),
            result.loadBefore(), warmupSecond(result.warmup()), curve(result.warmup()));
      }
      for (RedisBenchmark.Run run : result.redis()) {
        double serverCpu = 100 * run.serverCpuSeconds() / run.wallSeconds();
        String redis = run.command().contains(" --cluster") ? "redis-cluster" : "redis";
        row(csv, timestamp, redis, result.outstanding(), "", run.clients(), run.pipeline(),
            "mix",
            -1, 0, run.mixOpsPerSecond(options.mix()), Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, serverCpu, Double.NaN, OptionalDouble.empty(),
            OptionalDouble.empty(), result.loadBefore(), "", "");
        for (RedisBenchmark.Figures figures : run.tests().values()) {
          row(csv, timestamp, redis, result.outstanding(), "", run.clients(), run.pipeline(),
              figures.test().toLowerCase(Locale.ROOT), run.requests(), 0, figures.opsPerSecond(),
              figures.p50Micros(), Double.NaN, figures.p95Micros(), figures.p99Micros(),
              Double.NaN, figures.maxMicros(), serverCpu, Double.NaN, OptionalDouble.empty(),
              OptionalDouble.empty(), result.loadBefore(), "", "");
        }
      }
    }
    return csv.toString();
  }

  private static void row(StringBuilder csv, String timestamp, String system, int outstanding,
      String callers, int clients, int pipeline, String operation, long count, long errors, double opsPerSecond,
      double p50, double p90, double p95, double p99, double p999, double max, double managerCpu,
      double clientsCpu, OptionalDouble loBytes, OptionalDouble ioBytes, String load,
      String warmupSecond, String curve) {
    StringJoiner cells = new StringJoiner(",");
    cells.add(timestamp).add(system).add(Integer.toString(outstanding)).add(callers)
        .add(Integer.toString(clients)).add(Integer.toString(pipeline)).add(operation)
        .add(count < 0 ? "" : Long.toString(count)).add(Long.toString(errors))
        .add(number(opsPerSecond)).add(number(p50)).add(number(p90)).add(number(p95))
        .add(number(p99)).add(number(p999)).add(number(max)).add(number(managerCpu))
        .add(number(clientsCpu))
        .add(loBytes.isPresent() ? number(loBytes.getAsDouble()) : "")
        .add(ioBytes.isPresent() ? number(ioBytes.getAsDouble()) : "")
        .add('"' + load + '"').add(warmupSecond).add(curve.isEmpty() ? "" : '"' + curve + '"');
    csv.append(cells).append('\n');
  }

  /** The second the curve reached 80 % of the steady rate, or empty. */
  static String warmupSecond(WarmupCurve curve) {
    return curve.secondReaching80Percent().stream().mapToObj(Integer::toString).findFirst()
        .orElse("");
  }

  /** The curve's seconds separated by spaces (one CSV cell), warm-up first. */
  static String curve(WarmupCurve curve) {
    StringJoiner seconds = new StringJoiner(" ");
    curve.opsPerSecond().forEach(ops -> seconds.add(Long.toString(ops)));
    return seconds.toString();
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
  }
}
