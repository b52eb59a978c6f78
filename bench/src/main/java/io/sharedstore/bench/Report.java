package io.sharedstore.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The text report of a bench run: one block per configuration, then a summary of them all. */
final class Report {

  private static final String OPS_ROW = "  %-10s %12s %9s %9s %9s %9s %9s %7s%n";
  private static final String RATIO_ROW = "  %-18s %12s %12s %8s %12s %8s%n";

  private Report() {}

  static void print(PrintStream out, BenchOptions options, ConfigurationResult result) {
    out.printf(Locale.ROOT, "%nResult%s: %d outstanding, callers %s, %d client JVM%s, %.0f s"
            + " measured%s (load average before %s, after %s)%n",
        result.system().equals("shared-store") ? "" : " (" + result.system() + ")",
        result.outstanding(), result.callers(), result.clients(), result.clients() == 1 ? "" : "s",
        result.seconds(), persistence(options), result.loadBefore(), result.loadAfter());
    out.printf(Locale.ROOT, OPS_ROW, "operation", "ops/s", "p50 µs", "p90 µs", "p99 µs",
        "p99.9 µs", "max µs", "errors");
    for (OperationStats op : result.operations()) {
      out.printf(Locale.ROOT, OPS_ROW, op.operation(), String.format(Locale.ROOT, "%,.0f",
              op.opsPerSecond()), micros(op.p50Micros()), micros(op.p90Micros()),
          micros(op.p99Micros()), micros(op.p999Micros()), micros(op.maxMicros()), op.errors());
    }
    result.nearCache().ifPresent(near -> nearCache(out, near));
    steadiness(out, result.opsPerSecond());
    warmup(out, result.warmup());
    out.printf(Locale.ROOT, "  %-10s %9s %7s   (100 %% = one core of %d)%n", "process", "CPU s",
        "CPU %", Runtime.getRuntime().availableProcessors());
    for (ConfigurationResult.ProcessCpu cpu : result.processes()) {
      out.printf(Locale.ROOT, "  %-10s %9.2f %6.0f%%%n", cpu.process(), cpu.cpuSeconds(),
          cpu.cpuPercent());
    }
    out.printf(Locale.ROOT, "  wire: %s bytes/op sent on lo (all loopback traffic, TCP/IP headers"
            + " included); %s bytes/op read+written by the manager (store nodes: all of them)%n",
        bytes(result.loopbackBytesPerOp()), bytes(result.managerIoBytesPerOp()));
    if (!result.redis().isEmpty()) {
      printRedis(out, options, result);
    }
  }

  /** The near caches' figures: hit ratio, reads served locally, invalidations, resets. */
  private static void nearCache(PrintStream out, NearCacheFigures near) {
    out.printf(Locale.ROOT, "  near cache %s: hit ratio %.3f (hits %,d, misses %,d);"
            + " reads served locally %,.0f/s; invalidations %,d, resets %,d, %,d keys held at"
            + " the end (all clients)%n", near.glob(), near.hitRatio(), near.hits(), near.misses(),
        near.localReadsPerSecond(), near.invalidations(), near.resets(), near.size());
  }

  /** {@code , persistence fsync=always} with {@code --data-dir}; empty in memory. */
  static String persistence(BenchOptions options) {
    return options.persistence()
        .map(p -> ", persistence fsync=" + p.fsync().flagName()
            + (options.compareRedis() ? " (Redis: appendfsync " + p.fsync().flagName() + ")" : ""))
        .orElse("");
  }

  /**
   * Warns when the throughput of the first measured seconds differs from that of the last by
   * more than 15 %: still warming up (the JIT of four JVMs on two cores takes ~20 s), or disturbed.
   */
  private static void steadiness(PrintStream out, List<Long> perSecond) {
    if (perSecond.size() < 4) {
      return;
    }
    int quarter = perSecond.size() / 4;
    double first = perSecond.subList(0, quarter).stream().mapToLong(Long::longValue).average()
        .orElse(0);
    double last = perSecond.subList(perSecond.size() - quarter, perSecond.size()).stream()
        .mapToLong(Long::longValue).average().orElse(0);
    if (first > 0 && Math.abs(last - first) / first > 0.15) {
      out.printf(Locale.ROOT, "  NOTE: not steady: %,.0f ops/s in the first %d s, %,.0f in the last"
          + " %d s (%s; a longer --warmup, or a quieter machine)%n", first, quarter, last, quarter,
          last > first ? "still warming up" : "slowing down");
    }
  }

  /** The warm-up curve on one line, and the second it reached 80 % of the steady rate. */
  static void warmup(PrintStream out, WarmupCurve curve) {
    out.printf(Locale.ROOT, "  warm-up: %s%n", describe(curve));
    out.printf(Locale.ROOT, "  ops/s each second from the first call (| = measuring starts): %s%n",
        curveText(curve));
  }

  static String describe(WarmupCurve curve) {
    if (curve.secondReaching80Percent().isEmpty()) {
      return String.format(Locale.ROOT, "never reached 80 %% of the steady %,.0f ops/s",
          curve.steadyOpsPerSecond());
    }
    return String.format(Locale.ROOT, "80 %% of the steady %,.0f ops/s reached in second %d",
        curve.steadyOpsPerSecond(), curve.secondReaching80Percent().getAsInt());
  }

  static String curveText(WarmupCurve curve) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < curve.opsPerSecond().size(); i++) {
      if (i > 0) {
        text.append(i == curve.warmupSeconds() ? " | " : " ");
      } else if (curve.warmupSeconds() == 0) {
        text.append("| ");
      }
      text.append(curve.opsPerSecond().get(i));
    }
    return text.toString();
  }

  private static void printRedis(PrintStream out, BenchOptions options,
      ConfigurationResult result) {
    RedisBenchmark.Run plain = result.redis().get(0);
    RedisBenchmark.Run pipelined = result.redis().get(1);
    out.printf(Locale.ROOT, "  Redis, same machine: redis-benchmark -c %d -d %d -r %d"
            + " (-n %,d; -P 16: -n %,d); redis-server CPU %.0f %% / %.0f %%;%n"
            + "  Redis's ops/s of the mix: each operation at its own test's rate%n",
        plain.clients(), options.valueSize(), options.keys(), plain.requests(),
        pipelined.requests(), 100 * plain.serverCpuSeconds() / plain.wallSeconds(),
        100 * pipelined.serverCpuSeconds() / pipelined.wallSeconds());
    out.printf(Locale.ROOT, RATIO_ROW, "figure", "ours", "redis", "ratio", "redis -P 16",
        "ratio");
    double ours = result.all().opsPerSecond();
    ratioRow(out, "ops/s (the mix)", ours, plain.mixOpsPerSecond(options.mix()),
        pipelined.mixOpsPerSecond(options.mix()), "%,.0f");
    if (result.nearCache().isPresent()) {
      RedisBenchmark.Figures p1 = plain.tests().get(Operation.GET.redisTest());
      RedisBenchmark.Figures p16 = pipelined.tests().get(Operation.GET.redisTest());
      ratioRow(out, "local reads/s", result.nearCache().get().localReadsPerSecond(),
          p1 == null ? Double.NaN : p1.opsPerSecond(),
          p16 == null ? Double.NaN : p16.opsPerSecond(), "%,.0f");
      out.println("  (local reads/s: near-cache hits per second beside redis-benchmark's GET rate)");
    }
    for (OperationStats op : result.operations().subList(1, result.operations().size())) {
      Operation operation = Operation.named(op.operation());
      Optional<RedisBenchmark.Figures> p1 = Optional.ofNullable(
          plain.tests().get(operation.redisTest()));
      Optional<RedisBenchmark.Figures> p16 = Optional.ofNullable(
          pipelined.tests().get(operation.redisTest()));
      ratioRow(out, op.operation() + " p50 µs", op.p50Micros(),
          p1.map(RedisBenchmark.Figures::p50Micros).orElse(Double.NaN),
          p16.map(RedisBenchmark.Figures::p50Micros).orElse(Double.NaN), "%,.0f");
      ratioRow(out, op.operation() + " p99 µs", op.p99Micros(),
          p1.map(RedisBenchmark.Figures::p99Micros).orElse(Double.NaN),
          p16.map(RedisBenchmark.Figures::p99Micros).orElse(Double.NaN), "%,.0f");
    }
  }

  private static void ratioRow(PrintStream out, String figure, double ours, double redis,
      double redisPipelined, String format) {
    out.printf(Locale.ROOT, RATIO_ROW, figure, String.format(Locale.ROOT, format, ours),
        String.format(Locale.ROOT, format, redis), ratio(ours, redis),
        String.format(Locale.ROOT, format, redisPipelined), ratio(ours, redisPipelined));
  }

  /** One line per configuration, and the ratios to Redis if compared. */
  static void printSummary(PrintStream out, BenchOptions options,
      List<ConfigurationResult> results) {
    out.printf(Locale.ROOT, "%nSummary%s%n  %11s %8s %12s %9s %9s %9s %7s %11s %11s%n",
        options.persistence().map(p -> ": persistence fsync=" + p.fsync().flagName()).orElse(""),
        "outstanding", "callers", "ops/s", "p50 µs", "p99 µs", "max µs", "warm s", "ops/redis",
        "ops/redis16");
    for (ConfigurationResult result : results) {
      OperationStats all = result.all();
      String vsRedis = "";
      String vsPipelined = "";
      if (!result.redis().isEmpty()) {
        vsRedis = ratio(all.opsPerSecond(), result.redis().get(0).mixOpsPerSecond(
            options.mix()));
        vsPipelined = ratio(all.opsPerSecond(), result.redis().get(1).mixOpsPerSecond(
            options.mix()));
      }
      out.printf(Locale.ROOT, "  %11d %8s %12s %9s %9s %9s %7s %11s %11s%n", result.outstanding(),
          result.callers(), String.format(Locale.ROOT, "%,.0f", all.opsPerSecond()),
          micros(all.p50Micros()), micros(all.p99Micros()), micros(all.maxMicros()),
          result.warmup().secondReaching80Percent().stream().mapToObj(Integer::toString)
              .findFirst().orElse("-"),
          vsRedis, vsPipelined);
    }
  }

  static String ratio(double ours, double redis) {
    if (Double.isNaN(ours) || Double.isNaN(redis) || redis <= 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f", ours / redis);
  }

  static String micros(double micros) {
    return String.format(Locale.ROOT, micros >= 100 ? "%,.0f" : "%.1f", micros);
  }

  private static String bytes(java.util.OptionalDouble perOp) {
    return perOp.isPresent() ? String.format(Locale.ROOT, "%,.0f", perOp.getAsDouble()) : "n/a";
  }
}
