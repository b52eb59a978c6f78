package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.store.internal.CommandLineFlags;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.HeapSampler;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/shared-store expiry-run}: what a million keys expiring at once cost the callers of a
 * running store. Starts a manager JVM and, in this JVM, a client that keeps a steady get/set load
 * on keys without TTL. After a warm-up it measures the manager's live heap after a full GC
 * ({@link HeapSampler}), fills
 * {@code --keys} keys with TTLs chosen so that all of them expire at the same instant, measures
 * the heap again, and then records the load's latency second by second while the keys expire
 * and the manager's timer-driven sweep frees them, until the store holds only the steady keys
 * again; then the heap a third time. Reports the steady p99 (the seconds between fill and expiry),
 * the worst per-second p99 from the expiry instant until the sweep is over, their ratio, and the
 * heap before the fill, filled and after the sweep. Writes the per-second table as CSV.
 */
public final class ExpiryRun {

  static final String USAGE =
      "usage: expiry-run [--keys 1000000] [--outstanding 50] [--value-size 100]"
          + " [--steady-keys 10000] [--warmup 15] [--expire-in 60] [--cleanup-interval DURATION]"
          + " [--out DIR]";

  private static final String EXPIRING_PREFIX = "expiring:";
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int FILL_BATCH = 2_000;
  private static final int FILL_WINDOW = 4;
  /** Seconds recorded after the sweep has freed the expired keys. */
  private static final int AFTER_SWEEP_SECONDS = 3;

  /** One second of the run. */
  record Sample(int second, String phase, Histogram latency, long storedEntries) {}

  private final PrintStream out;
  private final List<Sample> samples = new ArrayList<>();
  private volatile String phase = "warmup";

  private ExpiryRun(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    int status;
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      status = new ExpiryRun(out).run(args, started);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      status = 2;
    } catch (Exception e) {
      out.println("FAILED: " + e);
      status = 1;
    }
    System.exit(status);
  }

  private int run(String[] args, StartedProcesses started) throws Exception {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--keys", "--outstanding",
        "--value-size", "--steady-keys", "--warmup", "--expire-in", "--cleanup-interval", "--out");
    int keys = flags.number("--keys", 1_000_000, 1, 50_000_000);
    int outstanding = flags.number("--outstanding", 50, 1, 10_000);
    int valueSize = flags.number("--value-size", 100, 1, 64 * 1024);
    int steadyKeys = flags.number("--steady-keys", 10_000, 1, 1_000_000);
    int warmup = flags.number("--warmup", 15, 1, 3600);
    int expireIn = flags.number("--expire-in", 60, 5, 3600);
    ProjectLayout layout = ProjectLayout.locate();
    Path outDir = flags.text("--out").map(Path::of).orElse(layout.root().resolve("bench-results"));

    String command = System.getProperty("shared-store.command",
        "java " + ExpiryRun.class.getName() + " " + String.join(" ", args));
    out.println("command: " + command);
    out.printf(Locale.ROOT, "machine: %d cores, load average %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(), Machine.loadAverage(),
        System.getProperty("java.version"));

    List<String> jvmOptions = new ArrayList<>(new ChildJvmOptions(layout).standard());
    flags.text("--cleanup-interval")
        .ifPresent(interval -> jvmOptions.add("-Dshared-store.cleanup-interval=" + interval));
    ManagerProcess manager = started.add(ManagerProcess.start(layout, 0, jvmOptions,
        line -> {
          if (line.contains("WARN") || line.contains("ERROR")) {
            out.println("[manager] " + line);
          }
        }));
    long pid = manager.jvm().pid();
    HeapSampler heap = new HeapSampler(pid);
    out.println("manager: " + manager.address() + " (pid " + pid + ")"
        + flags.text("--cleanup-interval").map(i -> ", cleanup-interval " + i).orElse(""));

    LoggerFactory.getILoggerFactory();
    try (ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
      StoreClient store = cluster.store();
      String value = "v".repeat(valueSize);
      prefillSteady(store, steadyKeys, value);
      SteadyLoad load = new SteadyLoad(store, steadyKeys, value);
      load.start(outstanding);
      out.printf(Locale.ROOT, "steady load: %d outstanding, get:80,set:20 over %,d keys;"
          + " %d s warm-up%n", outstanding, steadyKeys, warmup);
      Thread sampler = startSampler(cluster, load);
      try {
        Thread.sleep(warmup * 1000L);
        long baseEntries = storedEntries(cluster);

        phase = "gc";
        long heapBefore = heap.usedAfterGcKib() * 1024;
        out.printf(Locale.ROOT, "heap after GC before the fill: %s%n", mib(heapBefore));

        phase = "fill";
        long deadline = System.currentTimeMillis() + expireIn * 1000L;
        long fillStart = System.nanoTime();
        fill(store, keys, value, deadline);
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        out.printf(Locale.ROOT, "filled %,d keys in %.1f s (%,.0f keys/s), all expiring at"
            + " the same instant%n", keys, fillSeconds, keys / fillSeconds);

        phase = "gc";
        long heapFilled = heap.usedAfterGcKib() * 1024;
        out.printf(Locale.ROOT, "heap after GC, filled: %s (%,.0f bytes per key)%n",
            mib(heapFilled), (double) (heapFilled - heapBefore) / keys);
        if (System.currentTimeMillis() + 5_000 > deadline) {
          throw new IllegalStateException("the fill took too long to leave 5 s of steady"
              + " measurement before the keys expire: raise --expire-in");
        }
        Thread.sleep(1_000); // the second of the GC stays out of the steady window
        phase = "steady";
        sleepUntil(deadline);
        phase = "expiry";
        Duration sweepWait = Duration.ofMinutes(5);
        long sweepDeadline = System.currentTimeMillis() + sweepWait.toMillis();
        while (storedEntries(cluster) > baseEntries) {
          if (System.currentTimeMillis() > sweepDeadline) {
            throw new IllegalStateException("the expired keys were not swept within "
                + sweepWait.toMinutes() + " min of their expiry");
          }
          Thread.sleep(200);
        }
        double sweptAfter = (System.currentTimeMillis() - deadline) / 1000.0;
        Thread.sleep(AFTER_SWEEP_SECONDS * 1000L);
        phase = "gc";
        long heapAfter = heap.usedAfterGcKib() * 1024;
        phase = "after";
        Thread.sleep(1_000);
        sampler.interrupt();
        sampler.join();
        load.stop(10_000);
        report(heapBefore, heapFilled, heapAfter, sweptAfter, load, outDir, command);
        return load.errors() == 0 ? 0 : 1;
      } finally {
        sampler.interrupt();
        sampler.join();
      }
    }
  }

  private Thread startSampler(ClusterClient cluster, SteadyLoad load) {
    load.interval(); // from now on
    Thread sampler = new Thread(() -> {
      long tick = System.currentTimeMillis();
      int second = 0;
      try {
        while (!Thread.currentThread().isInterrupted()) {
          tick += 1000;
          sleepUntil(tick);
          String current = phase;
          Histogram latency = load.interval();
          long stored = storedEntriesOrMinusOne(cluster);
          Sample sample = new Sample(++second, current, latency, stored);
          synchronized (samples) {
            samples.add(sample);
          }
          out.printf(Locale.ROOT, "%4d %-7s %,9d ops  p50 %8s  p99 %8s  max %8s  stored %,d%n",
              sample.second(), current, latency.getTotalCount(),
              micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
              micros(latency.getMaxValue()), stored);
        }
      } catch (InterruptedException e) {
        // stopped
      }
    }, "expiry-run-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  private void report(long heapBefore, long heapFilled, long heapAfter, double sweptAfter,
      SteadyLoad load, Path outDir, String command) throws IOException {
    Histogram steady = new Histogram(3);
    Sample worst = null;
    List<Sample> all;
    synchronized (samples) {
      all = List.copyOf(samples);
    }
    for (Sample sample : all) {
      if (sample.phase().equals("steady")) {
        steady.add(sample.latency());
      } else if (sample.phase().equals("expiry") && (worst == null
          || sample.latency().getValueAtPercentile(99)
              > worst.latency().getValueAtPercentile(99))) {
        worst = sample;
      }
    }
    long steadyP99 = steady.getValueAtPercentile(99);
    out.println();
    out.printf(Locale.ROOT, "steady p99 (%d s between fill and expiry): %s%n",
        all.stream().filter(s -> s.phase().equals("steady")).count(), micros(steadyP99));
    if (worst != null) {
      long worstP99 = worst.latency().getValueAtPercentile(99);
      double ratio = (double) worstP99 / steadyP99;
      out.printf(Locale.ROOT, "worst per-second p99 from the expiry instant to the end of the"
              + " sweep (%.1f s after expiry): %s in second %d = %.2f x steady (target <= 2.0: %s)%n",
          sweptAfter, micros(worstP99), worst.second(), ratio, ratio <= 2.0 ? "met" : "NOT met");
    }
    double returned = (double) heapAfter / heapBefore;
    out.printf(Locale.ROOT, "manager heap after GC: before fill %s, filled %s, after sweep %s"
        + " (%.2f x before the fill)%n", mib(heapBefore), mib(heapFilled), mib(heapAfter),
        returned);
    out.printf(Locale.ROOT, "steady-load errors: %d%s%n", load.errors(),
        load.firstError().get() == null ? "" : " (first: " + load.firstError().get() + ")");

    Files.createDirectories(outDir);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path csv = outDir.resolve("expiry-run-" + stamp + ".csv");
    StringBuilder text = new StringBuilder("# " + command + "\n");
    text.append("second,phase,ops,p50_us,p99_us,max_us,stored_entries\n");
    for (Sample s : all) {
      text.append(String.format(Locale.ROOT, "%d,%s,%d,%.1f,%.1f,%.1f,%d%n", s.second(),
          s.phase(), s.latency().getTotalCount(), s.latency().getValueAtPercentile(50) / 1e3,
          s.latency().getValueAtPercentile(99) / 1e3, s.latency().getMaxValue() / 1e3,
          s.storedEntries()));
    }
    text.append(String.format(Locale.ROOT, "# heap_bytes before=%d filled=%d after=%d%n",
        heapBefore, heapFilled, heapAfter));
    Files.writeString(csv, text);
    out.println("wrote " + csv);
  }

  private void prefillSteady(StoreClient store, int steadyKeys, String value)
      throws InterruptedException, ExecutionException, TimeoutException {
    store.has(SteadyLoad.KEY_PREFIX + 0, SETUP_TIMEOUT).toCompletableFuture()
        .get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < steadyKeys; i++) {
      batch.put(SteadyLoad.KEY_PREFIX + i, value);
      if (batch.size() == FILL_BATCH || i == steadyKeys - 1) {
        store.setAll(batch, SETUP_TIMEOUT).toCompletableFuture()
            .get(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        batch = new HashMap<>();
      }
    }
  }

  /**
   * Stores the keys in setAll batches, each with the TTL left until {@code deadline}, so every key
   * expires within a few milliseconds of it.
   */
  private static void fill(StoreClient store, int keys, String value, long deadline)
      throws InterruptedException {
    Semaphore window = new Semaphore(FILL_WINDOW);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < keys && failure.get() == null; i++) {
      batch.put(EXPIRING_PREFIX + i, value);
      if (batch.size() == FILL_BATCH || i == keys - 1) {
        window.acquire();
        long ttl = deadline - System.currentTimeMillis();
        if (ttl <= 0) {
          throw new IllegalStateException("the keys expire before the fill ends: raise"
              + " --expire-in");
        }
        store.setAll(batch, SetOptions.ttl(Duration.ofMillis(ttl)), SETUP_TIMEOUT)
            .whenComplete((done, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
              window.release();
            });
        batch = new HashMap<>();
      }
    }
    window.acquire(FILL_WINDOW);
    if (failure.get() != null) {
      throw new IllegalStateException("the fill failed: " + failure.get(), failure.get());
    }
  }

  private static long storedEntries(ClusterClient cluster)
      throws InterruptedException, ExecutionException, TimeoutException {
    return AskPattern.<Command, Reply.Stats>askWithStatus(cluster.remoteStoreRef(),
            replyTo -> new Execute<>(new Operation.GetStats(), replyTo), Duration.ofSeconds(5),
            cluster.system().scheduler())
        .toCompletableFuture().get(6, TimeUnit.SECONDS).storedEntries();
  }

  private static long storedEntriesOrMinusOne(ClusterClient cluster) {
    try {
      return storedEntries(cluster);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException | TimeoutException e) {
      return -1;
    }
  }

  private static String micros(long nanos) {
    return nanos >= 10_000_000
        ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%d µs", nanos / 1_000);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }
}
