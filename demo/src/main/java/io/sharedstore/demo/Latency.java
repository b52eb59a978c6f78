package io.sharedstore.demo;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.demo.LatencySamples;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Measures the round trip of one {@code get} from a cluster client to a manager in another JVM:
 * starts a manager, connects a {@link ClusterClient} in this JVM, stores one key with a 100-byte
 * string value, warms up, then times {@code --count} sequential gets (each waits for the previous
 * reply) and prints p50, p90, p99 and max in microseconds with the command that produced them.
 * Run it with {@code bin/shared-store latency [--count 10000]}. The manager is stopped at the end.
 */
public final class Latency {

  private static final String KEY = "latency:probe";
  private static final String VALUE = "v".repeat(100);

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
              ManagerProcess.start(layout, 0, new ChildJvmOptions(layout).forManager(),
                  OutputEcho.of("manager", out)));
      long[] sorted = measure(manager.address(), options);
      print(out, manager.address(), options, sorted, args);
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (ExecutionException e) {
      out.println("FAILED: a get failed: " + e.getCause());
      return 1;
    } catch (TimeoutException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** The sorted round-trip times in nanoseconds. */
  private static long[] measure(String managerAddress, LatencyOptions options)
      throws InterruptedException, ExecutionException {
    try (ClusterClient client = ClusterClient.connect(1, managerAddress)) {
      StoreClient store = client.store();
      store.set(KEY, VALUE).toCompletableFuture().get();
      for (int i = 0; i < options.warmup(); i++) {
        store.get(KEY, String.class).toCompletableFuture().get();
      }
      long[] nanos = new long[options.count()];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        store.get(KEY, String.class).toCompletableFuture().get();
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      return nanos;
    }
  }

  private static void print(
      PrintStream out, String managerAddress, LatencyOptions options, long[] sorted,
      String[] args) {
    out.printf(Locale.ROOT,
        "Sequential get round trips to the manager at %s (another JVM), 100-byte value, after %d"
            + " warm-up gets%n", managerAddress, options.warmup());
    out.printf(Locale.ROOT, "  count %8d%n", sorted.length);
    out.printf(Locale.ROOT, "  p50   %8d µs%n", LatencySamples.percentileOf(sorted, 50) / 1_000);
    out.printf(Locale.ROOT, "  p90   %8d µs%n", LatencySamples.percentileOf(sorted, 90) / 1_000);
    out.printf(Locale.ROOT, "  p99   %8d µs%n", LatencySamples.percentileOf(sorted, 99) / 1_000);
    out.printf(Locale.ROOT, "  max   %8d µs%n", sorted[sorted.length - 1] / 1_000);
    out.println("command: " + command(args));
    String javaOpts = System.getenv("JAVA_OPTS");
    if (javaOpts != null && !javaOpts.isBlank()) {
      out.println("JAVA_OPTS: " + javaOpts);
    }
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
