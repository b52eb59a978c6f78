package io.sharedstore.demo;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.demo.LatencySamples;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Measures the round trips of {@code get} and of {@code increment} from a cluster client to a
 * manager in another JVM, in the same run: starts a manager, connects one {@link ClusterClient} in
 * this JVM, stores one key with a 100-byte string value, warms up each operation with {@code
 * --warmup} calls, then times {@code --count} sequential calls of each in turn (each waits for
 * the previous reply). Prints p50, p90, p99 and max in microseconds per operation, the ratio of the
 * medians increment/get, and the command that produced them. Run it with {@code bin/shared-store
 * latency [--count 10000] [--warmup 5000]}. The manager is stopped at the end.
 */
public final class Latency {

  private static final String KEY = "latency:probe";
  private static final String VALUE = "v".repeat(100);
  private static final String COUNTER = "latency:counter";
  private static final String ROW = "  %-10s %8s %8s %8s %8s %8s%n";

  private Latency() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.exit(run(args, out));
  }

  /** Runs the measurement with the given flags, printing to {@code out}; answers the exit status. */
  public static int run(String[] args, PrintStream out) {
    LatencyOptions options;
    try {
      options = LatencyOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    LoggerFactory.getILoggerFactory(); // before Pekko logs from several threads at once
    ProjectLayout layout;
    try {
      layout = ProjectLayout.locate();
    } catch (RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      ManagerProcess manager =
          started.add(
              ManagerProcess.start(layout, 0, new ChildJvmOptions(layout).standard(),
                  OutputEcho.of("manager", out)));
      try (ClusterClient client = ClusterClient.connect(1, manager.address())) {
        StoreClient store = client.store();
        store.set(KEY, VALUE).toCompletableFuture().get();
        Supplier<CompletionStage<?>> get = () -> store.get(KEY, String.class);
        Supplier<CompletionStage<?>> increment = () -> store.increment(COUNTER, 1);
        // Both warm up before either is timed, so the first timed has no JIT head start over
        // the second on the paths they share.
        repeat(get, options.warmup());
        repeat(increment, options.warmup());
        long[] gets = roundTrips(get, options.count());
        long[] increments = roundTrips(increment, options.count());
        print(out, manager.address(), options, gets, increments, args);
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (ExecutionException e) {
      out.println("FAILED: an operation failed: " + e.getCause());
      return 1;
    } catch (TimeoutException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static void repeat(Supplier<CompletionStage<?>> operation, int times)
      throws InterruptedException, ExecutionException {
    for (int i = 0; i < times; i++) {
      operation.get().toCompletableFuture().get();
    }
  }

  /** The sorted round-trip times in nanoseconds of {@code count} sequential calls. */
  private static long[] roundTrips(Supplier<CompletionStage<?>> operation, int count)
      throws InterruptedException, ExecutionException {
    long[] nanos = new long[count];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      operation.get().toCompletableFuture().get();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void print(
      PrintStream out, String managerAddress, LatencyOptions options, long[] gets,
      long[] increments, String[] args) {
    out.printf(Locale.ROOT,
        "Sequential round trips to the manager at %s (another JVM), one client; get of a 100-byte"
            + " value, increment of a counter; after %d warm-up calls of each%n",
        managerAddress, options.warmup());
    out.printf(Locale.ROOT, ROW, "operation", "count", "p50 µs", "p90 µs", "p99 µs", "max µs");
    row(out, "get", gets);
    row(out, "increment", increments);
    double ratio = (double) LatencySamples.percentileOf(increments, 50)
        / LatencySamples.percentileOf(gets, 50);
    out.printf(Locale.ROOT, "  increment/get p50 ratio: %.2f%n", ratio);
    out.println("command: " + command(args));
    String javaOpts = System.getenv("JAVA_OPTS");
    if (javaOpts != null && !javaOpts.isBlank()) {
      out.println("JAVA_OPTS: " + javaOpts);
    }
  }

  private static void row(PrintStream out, String operation, long[] sorted) {
    out.printf(Locale.ROOT, ROW, operation, sorted.length,
        LatencySamples.percentileOf(sorted, 50) / 1_000,
        LatencySamples.percentileOf(sorted, 90) / 1_000,
        LatencySamples.percentileOf(sorted, 99) / 1_000,
        sorted[sorted.length - 1] / 1_000);
  }

  /** The launcher's command line if it passed one, else this JVM's own. */
  private static String command(String[] args) {
    String launcher = System.getProperty("shared-store.command");
    if (launcher != null && !launcher.isBlank()) {
      return launcher;
    }
    return "java " + Latency.class.getName() + " " + String.join(" ", args);
  }
}
