package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.load.Callers;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM of a race test, started by {@link Race} with the test JVM's classpath. It connects as
 * one cluster, prints {@value #READY} once its first request has crossed to the manager, waits
 * until the test sets the race's start key, runs its threads through one scenario at the same
 * moment as the other workers, prints one {@code RACE-RESULT} line, closes its client and exits
 * 0 (1 and a {@code RACE-FAILED} line if any request failed).
 *
 * <p>Arguments: {@code MANAGER SCENARIO CLUSTER_ID THREADS ITERATIONS atomic|racy PARTIES}
 * (PARTIES: the threads of all workers together).
 *
 * <ul>
 *   <li>{@code increment}: each thread adds 1 to one counter ITERATIONS times and records the
 *       value each addition produced: {@code increment(k, 1)}, or racy {@code get} then {@code
 *       set(v + 1)}. The racy threads of one worker meet at a barrier between each get and its
 *       set, so no set of a round can be read by a get of the same round and worker: the counter
 *       ends at most at WORKERS x ITERATIONS, whatever the scheduling.
 *   <li>{@code claim}: tasks 1..ITERATIONS, split among the threads in the same order in every
 *       worker (so the workers contend for the same task at the same time); a thread records the
 *       tasks it claimed: {@code setIfAbsent(task, clusterId)}, or racy {@code has} then {@code
 *       set}. The racy threads check all their tasks, meet every other worker's threads at a
 *       barrier kept in the store (an increment, then polls until PARTIES arrived), then set the
 *       tasks they found absent: every worker claims every task, whatever the scheduling.
 * </ul>
 *
 * <p>Each thread waits for every reply before its next request ({@link ClosedLoop}, one call in
 * flight per thread), so at most THREADS requests per
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

  /** The barrier of a racy claim race: how many threads have checked all their tasks. */
  static String checkedKey(String mode) {
    return "race:claim:" + mode + ":checked";
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
    if (args.length != 7) {
      throw new IllegalArgumentException(
          "usage: RaceWorker MANAGER SCENARIO CLUSTER_ID THREADS ITERATIONS atomic|racy PARTIES,"
              + " got " + List.of(args));
    }
    String manager = args[0];
    String scenario = args[1];
    int clusterId = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int iterations = Integer.parseInt(args[4]);
    String mode = args[5];
    int parties = Integer.parseInt(args[6]);
    if (!scenario.equals("increment") && !scenario.equals("claim")) {
      throw new IllegalArgumentException("unknown scenario [" + scenario + "]");
    }
    if (!mode.equals("atomic") && !mode.equals("racy")) {
      throw new IllegalArgumentException("mode must be atomic or racy, was [" + mode + "]");
    }
    Plan plan = new Plan(scenario.equals("increment"), mode.equals("racy"), threads, iterations);

    try (ClusterClient cluster = ClusterClient.connect(clusterId, manager)) {
      StoreClient store = cluster.store();
      ClosedLoop.Call<Long> call = call(store, plan, mode, clusterId, parties);
      String go = goKey(scenario, mode);
      List<long[]> recorded = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        recorded.add(new long[(int) plan.calls(t)]);
      }

      boolean goAlready = await(store.has(go, OP_TIMEOUT));
      System.out.println(READY + " cluster=" + clusterId);
      if (!goAlready) {
        awaitGo(store, go);
      }
      long began = System.nanoTime();
      ClosedLoop<Long> loop =
          ClosedLoop.of(Callers.blockingThreads(threads, Duration.ZERO), call)
              .callsPerLane(plan::calls)
              .stopOnFailure()
              .stallTimeout(OP_WAIT)
              .threadName("race-" + clusterId)
              .onCompletion((lane, sequence, start, value, failure) -> {
                if (failure == null) {
                  recorded.get(lane)[(int) sequence] = value;
                }
              })
              .start();
      if (!loop.awaitDone(RUN_WITHIN)) {
        throw new TimeoutException("threads still running after " + RUN_WITHIN
            + loop.stall().map(s -> ": " + s).orElse(""));
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      if (loop.firstFailure().isPresent()) {
        Throwable failure = loop.firstFailure().get();
        System.out.println("RACE-FAILED cluster=" + clusterId + " " + oneLine(failure));
        failure.printStackTrace(System.out);
        return 1;
      }
      System.out.println(Result.of(clusterId, recorded, millis).line());
      return 0;
    }
  }

  /**
   * Which calls each thread makes. Increments: ITERATIONS each. Claims: every THREADS-th task
   * from task {@code thread + 1}; racy claims check them all first, then set them (twice as many
   * calls, the checks recording nothing).
   */
  private record Plan(boolean increment, boolean racy, int threads, int iterations) {

    long tasks(int thread) {
      return increment ? iterations : Math.max(0, (iterations - thread - 1) / threads + 1);
    }

    long calls(int thread) {
      return !increment && racy ? 2 * tasks(thread) : tasks(thread);
    }

    /** The counter round or task number of call {@code sequence} of {@code thread}. */
    int number(int thread, long sequence) {
      if (increment) {
        return (int) sequence + 1;
      }
      long index = racy && sequence >= tasks(thread) ? sequence - tasks(thread) : sequence;
      return (int) (thread + 1 + index * threads);
    }
  }

  /** Each call answers the value it records, or 0 for none (a check, a task not claimed). */
  private static ClosedLoop.Call<Long> call(
      StoreClient store, Plan plan, String mode, int clusterId, int parties) {
    if (plan.increment()) {
      String key = counterKey(mode);
      if (!plan.racy()) {
        return (thread, sequence) -> store.increment(key, 1, OP_TIMEOUT);
      }
      CyclicBarrier betweenGetAndSet = new CyclicBarrier(plan.threads());
      return (thread, sequence) -> {
        long next = await(store.get(key, Long.class, OP_TIMEOUT)).orElse(0L) + 1;
        betweenGetAndSet.await(OP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return store.set(key, next, OP_TIMEOUT).thenApply(done -> next);
      };
    }
    if (!plan.racy()) {
      return (thread, sequence) -> {
        long task = plan.number(thread, sequence);
        return store.setIfAbsent(taskKey(mode, (int) task), clusterId, OP_TIMEOUT)
            .thenApply(won -> won ? task : 0L);
      };
    }
    BitSet[] foundAbsent = new BitSet[plan.threads()];
    for (int t = 0; t < foundAbsent.length; t++) {
      foundAbsent[t] = new BitSet();
    }
    return (thread, sequence) -> {
      int task = plan.number(thread, sequence);
      String key = taskKey(mode, task);
      if (sequence < plan.tasks(thread)) {
        return store.has(key, OP_TIMEOUT).thenApply(present -> {
          if (!present) {
            synchronized (foundAbsent[thread]) {
              foundAbsent[thread].set(task);
            }
          }
          return 0L;
        });
      }
      if (sequence == plan.tasks(thread)) {
        awaitEveryoneChecked(store, checkedKey(mode), parties);
      }
      boolean absent;
      synchronized (foundAbsent[thread]) {
        absent = foundAbsent[thread].get(task);
      }
      if (!absent) {
        return CompletableFuture.completedFuture(0L);
      }
      return store.set(key, clusterId, OP_TIMEOUT).thenApply(done -> (long) task);
    };
  }

  /** The store-kept barrier of the racy claims: counts this thread in, waits for the others. */
  private static void awaitEveryoneChecked(StoreClient store, String key, int parties)
      throws Exception {
    long arrived = await(store.increment(key, 1, OP_TIMEOUT));
    long deadline = System.nanoTime() + RUN_WITHIN.toNanos();
    while (arrived < parties) {
      if (System.nanoTime() - deadline >= 0) {
        throw new TimeoutException(arrived + " of " + parties + " threads checked their tasks");
      }
      Thread.sleep(GO_POLL_MILLIS);
      arrived = await(store.get(key, Long.class, OP_TIMEOUT)).orElse(0L);
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
