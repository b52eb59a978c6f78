package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * Three worker JVMs with four threads each add 1 to one counter 2,000 times per thread, all at
 * once. With {@code increment} nothing is lost and every value 1..24,000 is returned exactly once;
 * the same workload as {@code get} then {@code set(v + 1)} shows what that guards against.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AtomicIncrementAcrossProcessesTest {

  private static final int WORKERS = 3;
  private static final int THREADS = 4;
  private static final int ITERATIONS = 2_000;
  private static final int TOTAL = WORKERS * THREADS * ITERATIONS;

  private ManagerWithClient fixture;
  private ManagerProcess manager;
  private StoreClient store;

  @BeforeAll
  void startManagerAndConnect() throws Exception {
    fixture = ManagerWithClient.start(0);
    manager = fixture.manager();
    store = fixture.store();
  }

  @AfterAll
  void disconnectAndStopManager() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void atomicIncrementsLoseNothingAndReturnEveryValueOnce() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "increment", "atomic", WORKERS, THREADS, ITERATIONS);
    long stored = storedCounter("atomic");

    BitSet returned = Race.union(results);
    BitSet expected = Race.oneTo(TOTAL);
    BitSet missing = Race.minus(expected, returned);
    BitSet unexpected = Race.minus(returned, expected);
    BitSet inTwoJvms = Race.recordedByMoreThanOne(results);
    long count = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    long sum = results.stream().mapToLong(RaceWorker.Result::sum).sum();
    long max = results.stream().mapToLong(RaceWorker.Result::max).max().orElse(0);
    long expectedSum = (long) TOTAL * (TOTAL + 1) / 2;
    System.out.printf(
        "increment atomic: stored=%d (expected %d), max returned=%d, returned %d values,"
            + " %d distinct, sum=%d (expected %d), missing=%d, out of range=%d,"
            + " returned in two JVMs=%d, returned twice in one JVM=%d%n",
        stored, TOTAL, max, count, returned.cardinality(), sum, expectedSum,
        missing.cardinality(), unexpected.cardinality(), inTwoJvms.cardinality(),
        results.stream().mapToLong(RaceWorker.Result::duplicates).sum());

    List<Executable> checks = new ArrayList<>();
    for (RaceWorker.Result result : results) {
      checks.add(
          () -> assertEquals(
              (long) THREADS * ITERATIONS, result.recorded(),
              "values returned to worker " + result.cluster()));
      checks.add(
          () -> assertEquals(
              0, result.duplicates(),
              "values returned twice to worker " + result.cluster()));
    }
    checks.add(() -> assertEquals(TOTAL, stored, "the counter's value read with get"));
    checks.add(() -> assertEquals(TOTAL, max, "the largest value increment returned"));
    checks.add(() -> assertTrue(missing.isEmpty(), described("values never returned", missing)));
    checks.add(
        () -> assertTrue(unexpected.isEmpty(), described("values outside 1.." + TOTAL, unexpected)));
    checks.add(
        () -> assertTrue(inTwoJvms.isEmpty(), described("values returned to two JVMs", inTwoJvms)));
    checks.add(() -> assertEquals(expectedSum, sum, "the sum of all returned values"));
    assertAll("increment from " + WORKERS + " JVMs", checks);
  }

  /** Shows lost updates; asserts only that every worker got its replies. */
  @Test
  @Order(2)
  void getThenSetLosesUpdatesUnderTheSameRace() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "increment", "racy", WORKERS, THREADS, ITERATIONS);
    long stored = storedCounter("racy");

    long count = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    long written = Race.union(results).cardinality();
    System.out.printf(
        "increment racy (get then set): stored=%d of %d increments, lost updates=%d (%.1f%%),"
            + " %d of %d values written more than once%n",
        stored, TOTAL, TOTAL - stored, 100.0 * (TOTAL - stored) / TOTAL, count - written, count);

    for (RaceWorker.Result result : results) {
      assertEquals(
          (long) THREADS * ITERATIONS, result.recorded(),
          "get-then-set rounds completed by worker " + result.cluster());
    }
  }

  private long storedCounter(String mode) {
    return Stages.result(store.get(RaceWorker.counterKey(mode), Long.class))
        .orElseThrow(() -> new AssertionError("the counter is missing after the race"));
  }

  private static Supplier<String> described(String what, BitSet set) {
    return () -> set.cardinality() + " " + what + ": " + Race.sample(set);
  }
}
