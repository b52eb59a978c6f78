package io.sharedstore.bench;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@link LoadClient} JVMs that load a manager beside what a watch tool measures: each keeps
 * {@code outstandingEach} operations of {@code mix} in flight (calls chained from completions, as
 * {@code bin/shared-store bench} runs by default), warms up until the go file's start and
 * measures until its end. {@link #collect} merges their reports.
 */
final class LoadFleet {

  /** The load's settings. */
  record Settings(int clients, int outstandingEach, OperationMix mix, int keys, int valueSize) {

    /** For headings: {@code 3 client JVMs × 50 outstanding, set:100, 10,000 keys}. */
    String describe() {
      return String.format(java.util.Locale.ROOT, "%d client JVM%s × %d outstanding, mix %s,"
              + " %,d keys, %d-byte values", clients, clients == 1 ? "" : "s", outstandingEach,
          mix, keys, valueSize);
    }
  }

  /** What the load did in the measured seconds. */
  record Result(long operations, long errors, double opsPerSecond, Histogram latencyNanos,
      Map<Operation, Long> operationsByType) {

    /** Operations of one type per second. */
    double opsPerSecond(Operation operation, double seconds) {
      return operationsByType.getOrDefault(operation, 0L) / seconds;
    }
  }

  private final List<JvmProcess> jvms;

  private LoadFleet(List<JvmProcess> jvms) {
    this.jvms = jvms;
  }

  /**
   * Starts the clients (cluster ids {@code firstId}, {@code firstId + 1}, ...); they pre-fill
   * their keys, print ready and wait for {@code goFile}.
   */
  static LoadFleet start(ChildJvms children, StartedProcesses started, String manager,
      Settings settings, int firstId, Path goFile) {
    List<JvmProcess> jvms = new ArrayList<>();
    for (int i = 0; i < settings.clients(); i++) {
      String name = "load-" + (i + 1);
      List<String> args = List.of(
          "--manager", manager,
          "--id", Integer.toString(firstId + i),
          "--clients", Integer.toString(settings.clients()),
          "--outstanding", Integer.toString(settings.outstandingEach()),
          "--keys", Integer.toString(settings.keys()),
          "--value-size", Integer.toString(settings.valueSize()),
          "--mix", settings.mix().toString(),
          "--ttl-ms", "0",
          "--callers", CallerMode.CHAINED.flagName(),
          "--threads", "1",
          "--go-file", goFile.toString());
      jvms.add(started.add(children.start(name, LoadClient.class, args)));
    }
    return new LoadFleet(jvms);
  }

  /** Waits until every client is connected and has pre-filled its keys. */
  void awaitReady() throws InterruptedException, java.util.concurrent.TimeoutException {
    for (JvmProcess jvm : jvms) {
      ChildJvms.awaitReady(jvm);
    }
  }

  /**
   * Waits for every client's report (after the measured seconds) and merges them; a client's
   * first error is printed to {@code out}.
   */
  Result collect(double seconds, PrintStream out) throws InterruptedException {
    Histogram all = new Histogram(3);
    long errors = 0;
    Map<Operation, Long> byType = new EnumMap<>(Operation.class);
    for (JvmProcess jvm : jvms) {
      ClientReport report = ClientReport.await(jvm, Duration.ofSeconds(60));
      report.histograms().forEach((operation, histogram) -> {
        all.add(histogram);
        byType.merge(operation, histogram.getTotalCount(), Long::sum);
      });
      errors += report.errors().values().stream().mapToLong(Long::longValue).sum();
      report.firstError().ifPresent(e -> out.println("[" + jvm.name() + "] first error: " + e));
    }
    return new Result(all.getTotalCount(), errors, all.getTotalCount() / seconds, all, byType);
  }

  /** Stops the clients that still run. */
  void stop(StartedProcesses started) {
    for (JvmProcess jvm : jvms) {
      started.stop(jvm);
    }
  }
}
