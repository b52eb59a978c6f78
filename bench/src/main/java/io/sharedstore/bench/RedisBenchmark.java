package io.sharedstore.bench;

import io.sharedstore.testsupport.StartedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-benchmark} run against a {@link RedisServer}: {@code -c clients -n requests -d
 * valueSize -r keys -P pipeline -t tests --csv --precision 3}, and the figures it printed per test.
 */
final class RedisBenchmark {

  /** One CSV row: throughput and latencies in microseconds. */
  record Figures(String test, double opsPerSecond, double avgMicros, double p50Micros,
      double p95Micros, double p99Micros, double maxMicros) {}

  /** A run: its command, its figures by test name (SET, GET, INCR) and redis-server's CPU. */
  record Run(int pipeline, int clients, int requests, String command, Map<String, Figures> tests,
      double serverCpuSeconds, double wallSeconds) {

    /** The throughput of {@code mix} if every operation ran at its test's rate. */
    double mixOpsPerSecond(OperationMix mix) {
      double secondsPerOp = 0;
      for (Operation operation : mix.operations()) {
        Figures figures = tests.get(operation.redisTest());
        if (figures == null || figures.opsPerSecond() <= 0) {
          return Double.NaN;
        }
        secondsPerOp += mix.share(operation) / figures.opsPerSecond();
      }
      return 1 / secondsPerOp;
    }
  }

  private RedisBenchmark() {}

  static Run run(RedisServer server, StartedProcesses started, int clients, int requests,
      int pipeline, int valueSize, int keys, OperationMix mix) throws InterruptedException {
    return run(List.of(server.pid()), server.port(), false, started, clients, requests, pipeline,
        valueSize, keys, mix);
  }

  /**
   * As above, against the server on {@code port}, or with {@code cluster} against the Redis
   * Cluster that node belongs to ({@code --cluster}: redis-benchmark learns the slots from it
   * and sends each key to its master); the CPU is that of every process in {@code serverPids}.
   */
  static Run run(List<Long> serverPids, int port, boolean cluster, StartedProcesses started,
      int clients, int requests, int pipeline, int valueSize, int keys, OperationMix mix)
      throws InterruptedException {
    StringJoiner tests = new StringJoiner(",");
    for (Operation operation : mix.operations()) {
      tests.add(operation.redisTest().toLowerCase(Locale.ROOT));
    }
    List<String> command = new ArrayList<>(
        List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    if (cluster) {
      command.add("--cluster");
    }
    command.addAll(List.of(
            "-c", Integer.toString(clients), "-n", Integer.toString(requests),
            "-d", Integer.toString(valueSize), "-r", Integer.toString(keys),
            "-P", Integer.toString(pipeline), "-t", tests.toString(), "--csv", "--precision", "3"));
    long cpuBefore = cpuNanos(serverPids);
    long start = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-benchmark", e);
    }
    AutoCloseable stopper = process::destroyForcibly;
    started.add(stopper);
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "redis-benchmark failed (" + String.join(" ", command) + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read redis-benchmark's output", e);
    } finally {
      started.stop(stopper);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long cpuAfter = cpuNanos(serverPids);
    return new Run(pipeline, clients, requests, String.join(" ", command), parse(output),
        (cpuAfter - cpuBefore) / 1e9, wall);
  }

  private static long cpuNanos(List<Long> pids) {
    return pids.stream().mapToLong(pid -> Machine.cpuNanos(pid).orElse(0)).sum();
  }

  /** The rows of {@code --csv} output; latencies there are milliseconds. */
  static Map<String, Figures> parse(String csv) {
    Map<String, Figures> rows = new LinkedHashMap<>();
    for (String line : csv.split("\\R")) {
      List<String> cells = new ArrayList<>();
      for (String cell : line.split(",")) {
        cells.add(cell.replace("\"", "").trim());
      }
      if (cells.size() < 8 || cells.get(0).equals("test")) {
        continue;
      }
      try {
        rows.put(cells.get(0), new Figures(cells.get(0), Double.parseDouble(cells.get(1)),
            micros(cells.get(2)), micros(cells.get(4)), micros(cells.get(5)),
            micros(cells.get(6)), micros(cells.get(7))));
      } catch (NumberFormatException e) {
        // Not a result row (redis-benchmark prints progress to the same stream).
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("redis-benchmark printed no CSV results:\n" + csv);
    }
    return rows;
  }

  private static double micros(String millis) {
    return Double.parseDouble(millis) * 1000;
  }
}
