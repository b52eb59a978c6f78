package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM of a race test, started by {@link Race} with the test JVM's classpath. It connects as
 * one cluster, prints {@value #READY} once its first request has crossed to the manager, waits
 * until the test sets the race's start key, runs its threads through one scenario at the same
 * moment as the other workers, prints one {@code RACE-RESULT} line, closes its client and exits
 * 0 (1 and a {@code RACE-FAILED} line if any request failed).
 *
 * <p>Arguments: {@code MANAGER SCENARIO CLUSTER_ID THREADS ITERATIONS atomic|racy}.
 *
 * <ul>
 *   <li>{@code increment}: each thread adds 1 to one counter ITERATIONS times and records the
 *       value each addition produced: {@code increment(k, 1)}, or racy {@code get} then {@code
 *       set(v + 1)}.
 *   <li>{@code claim}: tasks 1..ITERATIONS, split among the threads in the same order in every
 *       worker (so the workers contend for the same task at the same time); a thread records the
 *       tasks it claimed: {@code setIfAbsent(task, clusterId)}, or racy {@code has} then {@code
 *       set}.
 * </ul>
 *
 * <p>Each thread waits for every reply before its next request, so at most THREADS requests per
 * worker are in flight; the threads are its own, nothing runs on the common pool.
 */
final class RaceWorker {

  static final String READY = "RACE-READY";

  /** A worker's last line: group 1 is RESULT or FAILED, group 2 the rest. */
  static final Pattern OUTCOME = Pattern.compile("^RACE-(RESULT|FAILED) (.*)$");

  /** Long enough that a loaded 2-core machine does not turn a race into a timeout. */
  static final Duration OP_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration OP_WAIT = OP_TIMEOUT.plusSeconds(10);
  private static final Duration GO_WITHIN = Duration.ofSeconds(90);
  private static final Duration RUN_WITHIN = Duration.ofSeconds(120);
  private static final long GO_POLL_MILLIS = 10;

  private RaceWorker() {}

  /** The key whose presence starts a race. */
  static String goKey(String scenario, String mode) {
    return "race:" + scenario + ":" + mode + ":go";
  }

  /** The counter of an increment race. */
  static String counterKey(String mode) {
    return "race:increment:" + mode + ":counter";
  }

  /** Task {@code n}'s key in a claim race; its value is the claiming cluster's id. */
  static String taskKey(String mode, int n) {
    return "race:claim:" + mode + ":task:" + n;
  }

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = run(args);
    } catch (Throwable e) {
      System.out.println("RACE-FAILED " + oneLine(e));
      e.printStackTrace(System.out);
      exitCode = 1;
    }
    System.out.flush();
    System.exit(exitCode);
  }

  private static int run(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "usage: RaceWorker MANAGER SCENARIO CLUSTER_ID THREADS ITERATIONS atomic|racy, got "
              + List.of(args));
    }
    String manager = args[0];
    String scenario = args[1];
    int clusterId = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int iterations = Integer.parseInt(args[4]);
    String mode = args[5];
    if (!scenario.equals("increment") && !scenario.equals("claim")) {
      throw new IllegalArgumentException("unknown scenario [" + scenario + "]");
    }
    if (!mode.equals("atomic") && !mode.equals("racy")) {
      throw new IllegalArgumentException("mode must be atomic or racy, was [" + mode + "]");
    }

    try (ClusterClient cluster = ClusterClient.connect(clusterId, manager)) {
      StoreClient store = cluster.store();
      Step step = step(store, scenario, mode, clusterId);
      String go = goKey(scenario, mode);

      CountDownLatch start = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<long[]> recorded = new ArrayList<>();
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long[] values = new long[iterations];
        recorded.add(values);
        int thread = t;
        Thread worker =
            new Thread(
                () -> runThread(step, scenario, thread, threads, iterations, values, start, failure),
                "race-" + clusterId + "-" + t);
        worker.setDaemon(true);
        worker.start();
        running.add(worker);
      }

      boolean goAlready = await(store.has(go, OP_TIMEOUT));
      System.out.println(READY + " cluster=" + clusterId);
      if (!goAlready) {
        awaitGo(store, go);
      }
      long began = System.nanoTime();
      start.countDown();
      long deadline = began + RUN_WITHIN.toNanos();
      for (Thread worker : running) {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (worker.isAlive()) {
          throw new TimeoutException(worker.getName() + " still running after " + RUN_WITHIN);
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      if (failure.get() != null) {
        System.out.println("RACE-FAILED cluster=" + clusterId + " " + oneLine(failure.get()));
        failure.get().printStackTrace(System.out);
        return 1;
      }
      System.out.println(Result.of(clusterId, recorded, millis).line());
      return 0;
    }
  }

  /** One request of a scenario: the value it records, or 0 for none (a task not claimed). */
  @FunctionalInterface
  private interface Step {
    long apply(int iteration) throws Exception;
  }

  private static Step step(StoreClient store, String scenario, String mode, int clusterId) {
    boolean atomic = mode.equals("atomic");
    if (scenario.equals("increment")) {
      String key = counterKey(mode);
      if (atomic) {
        return i -> await(store.increment(key, 1, OP_TIMEOUT));
      }
      return i -> {
        long next = await(store.get(key, Long.class, OP_TIMEOUT)).orElse(0L) + 1;
        await(store.set(key, next, OP_TIMEOUT));
        return next;
      };
    }
    if (atomic) {
      return task -> await(store.setIfAbsent(taskKey(mode, task), clusterId, OP_TIMEOUT)) ? task : 0;
    }
    return task -> {
      String key = taskKey(mode, task);
      if (await(store.has(key, OP_TIMEOUT))) {
        return 0;
      }
      await(store.set(key, clusterId, OP_TIMEOUT));
      return task;
    };
  }

  /**
   * Runs one thread's share: {@code iterations} increments, or every {@code threads}-th task
   * from task {@code thread + 1}. Stops at the first failure of any thread.
   */
  private static void runThread(
      Step step,
      String scenario,
      int thread,
      int threads,
      int iterations,
      long[] values,
      CountDownLatch start,
      AtomicReference<Throwable> failure) {
    try {
      if (!start.await(GO_WITHIN.plus(RUN_WITHIN).toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      boolean increment = scenario.equals("increment");
      int first = increment ? 1 : thread + 1;
      int stride = increment ? 1 : threads;
      int i = 0;
      for (int n = first; n <= iterations && failure.get() == null; n += stride) {
        values[i++] = step.apply(n);
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
    }
  }

  private static void awaitGo(StoreClient store, String go) throws Exception {
    long deadline = System.nanoTime() + GO_WITHIN.toNanos();
    while (!await(store.has(go, OP_TIMEOUT))) {
      if (System.nanoTime() - deadline >= 0) {
        throw new TimeoutException("no start signal [" + go + "] within " + GO_WITHIN);
      }
      Thread.sleep(GO_POLL_MILLIS);
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(OP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static String oneLine(Throwable e) {
    return (e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' ');
  }

  /**
   * What a worker recorded: how many values ({@code recorded}; for a claim race, the tasks it
   * claimed), the distinct ones as a bit set, their sum and largest, and how long its threads ran.
   * Its line carries the bit set in Base64, so the test checks every value, not only a checksum.
   */
  record Result(
      int cluster, long recorded, BitSet values, long sum, long max, long millis) {

    private static final Pattern LINE =
        Pattern.compile(
            "^RACE-RESULT cluster=(\\d+) recorded=(\\d+) distinct=(\\d+) sum=(\\d+) max=(\\d+)"
                + " millis=(\\d+) values=(\\S*)$");

    static Result of(int cluster, List<long[]> perThread, long millis) {
      BitSet values = new BitSet();
      long recorded = 0;
      long sum = 0;
      long max = 0;
      for (long[] thread : perThread) {
        for (long value : thread) {
          if (value == 0) {
            continue;
          }
          if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalStateException("value out of range: " + value);
          }
          values.set((int) value);
          recorded++;
          sum += value;
          max = Math.max(max, value);
        }
      }
      return new Result(cluster, recorded, values, sum, max, millis);
    }

    /** Values that this worker recorded more than once. */
    long duplicates() {
      return recorded - values.cardinality();
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "RACE-RESULT cluster=%d recorded=%d distinct=%d sum=%d max=%d millis=%d values=%s",
          cluster, recorded, values.cardinality(), sum, max, millis,
          Base64.getEncoder().encodeToString(values.toByteArray()));
    }

    static Result parse(String line) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a result line: " + line);
      }
      BitSet values = BitSet.valueOf(Base64.getDecoder().decode(m.group(7)));
      if (values.cardinality() != Integer.parseInt(m.group(3))) {
        throw new IllegalArgumentException(
            "the line says distinct=" + m.group(3) + " but carries " + values.cardinality()
                + " values: " + line);
      }
      return new Result(
          Integer.parseInt(m.group(1)),
          Long.parseLong(m.group(2)),
          values,
          Long.parseLong(m.group(4)),
          Long.parseLong(m.group(5)),
          Long.parseLong(m.group(6)));
    }
  }
}
