package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one race: starts {@link RaceWorker} JVMs with this JVM's classpath, waits until every one
 * has reached the manager, sets the start key so they all begin together, and collects their
 * result lines. Every JVM is stopped before {@link #run} returns or throws.
 */
final class Race {

  /** Three JVMs and a manager starting at once on two cores take a while. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private static final Duration FINISH_WITHIN = Duration.ofSeconds(90);
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);
  /**
   * Workers are short-lived clients on a crowded 2-core machine: C1 only and the serial collector
   * cut their start-up CPU (compiler and GC threads) without slowing the race, which the
   * manager's single actor bounds. {@code JAVA_OPTS} comes after, so it can override these.
   */
  private static final List<String> WORKER_JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Pattern READY = Pattern.compile("^" + RaceWorker.READY + "\\b");

  private Race() {}

  /**
   * Runs {@code scenario} in {@code mode} in {@code workers} JVMs (cluster ids 1..workers), each
   * with {@code threads} threads, and answers their results in cluster order.
   */
  static List<RaceWorker.Result> run(
      ManagerProcess manager, StoreClient store, String scenario, String mode, int workers,
      int threads, int iterations) throws Exception {
    return run(List.of(manager.address()), store, scenario, mode, workers, threads, iterations);
  }

  /**
   * As above against a store cluster: worker {@code i} (from 1) connects to {@code
   * addresses.get((i - 1) % size)}, so the workers spread over the store nodes (an address may
   * itself list several nodes, {@code H1:P1,H2:P2}).
   */
  static List<RaceWorker.Result> run(
      List<String> addresses, StoreClient store, String scenario, String mode, int workers,
      int threads, int iterations) throws Exception {
    List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<JvmProcess> jvms = new ArrayList<>();
    try {
      long started = System.nanoTime();
      for (int id = 1; id <= workers; id++) {
        String name = "worker " + id + " " + scenario + " " + mode;
        jvms.add(
            JvmProcess.start(
                name,
                classpath,
                workerJvmOptions(),
                RaceWorker.class.getName(),
                List.of(
                    addresses.get((id - 1) % addresses.size()), scenario, Integer.toString(id),
                    Integer.toString(threads), Integer.toString(iterations), mode,
                    Integer.toString(workers * threads)),
                line -> System.out.println("[" + name + "] " + abbreviate(line))));
      }
      long readyBy = System.nanoTime() + READY_WITHIN.toNanos();
      for (JvmProcess jvm : jvms) {
        jvm.awaitLine(READY, left(readyBy));
      }
      long ready = System.nanoTime();

      Stages.result(store.set(RaceWorker.goKey(scenario, mode), true));

      long finishBy = System.nanoTime() + FINISH_WITHIN.toNanos();
      List<RaceWorker.Result> results = new ArrayList<>();
      for (JvmProcess jvm : jvms) {
        Matcher outcome = jvm.awaitLine(RaceWorker.OUTCOME, left(finishBy));
        if (!outcome.group(1).equals("RESULT")) {
          throw new AssertionError(
              jvm.name() + " failed: " + outcome.group(2) + "\nlast output:\n" + jvm.tail(30));
        }
        results.add(RaceWorker.Result.parse(outcome.group()));
      }
      long finished = System.nanoTime();
      for (JvmProcess jvm : jvms) {
        Optional<Integer> exit = jvm.waitFor(EXIT_WITHIN);
        assertTrue(exit.isPresent(), jvm.name() + " still running " + EXIT_WITHIN + " after its result");
        assertEquals(0, exit.get(), jvm.name() + " exit code; last output:\n" + jvm.tail(30));
      }
      System.out.printf(
          "Race %s %s: %d JVMs x %d threads x %d, started in %d ms, raced in %d ms (workers: %s ms)%n",
          scenario, mode, workers, threads, iterations, millis(ready - started),
          millis(finished - ready), results.stream().map(r -> Long.toString(r.millis())).toList());
      return results;
    } finally {
      jvms.forEach(JvmProcess::close);
    }
  }

  private static List<String> workerJvmOptions() {
    List<String> options = new ArrayList<>(WORKER_JVM_OPTIONS);
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    return options;
  }

  /** The values that more than one worker recorded. */
  static BitSet recordedByMoreThanOne(List<RaceWorker.Result> results) {
    BitSet seen = new BitSet();
    BitSet shared = new BitSet();
    for (RaceWorker.Result result : results) {
      BitSet again = (BitSet) result.values().clone();
      again.and(seen);
      shared.or(again);
      seen.or(result.values());
    }
    return shared;
  }

  /** Every value any worker recorded. */
  static BitSet union(List<RaceWorker.Result> results) {
    BitSet all = new BitSet();
    results.forEach(r -> all.or(r.values()));
    return all;
  }

  /** The set {@code 1..n}. */
  static BitSet oneTo(int n) {
    BitSet set = new BitSet(n + 1);
    set.set(1, n + 1);
    return set;
  }

  /** {@code a} without {@code b}. */
  static BitSet minus(BitSet a, BitSet b) {
    BitSet rest = (BitSet) a.clone();
    rest.andNot(b);
    return rest;
  }

  /** The first few members of a set, for a failure message. */
  static String sample(BitSet set) {
    return set.stream().limit(10).boxed().toList() + (set.cardinality() > 10 ? "..." : "");
  }

  /** What is left until {@code deadline}; at least a millisecond, so a late line still counts. */
  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime()));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Result lines carry kilobytes of Base64; the echo shows their start. */
  private static String abbreviate(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "... (" + line.length() + " chars)";
  }
}
