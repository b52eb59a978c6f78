package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

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
    report("increment atomic", results, stored);

    assertEquals(TOTAL, results.stream().mapToLong(RaceWorker.Result::recorded).sum(),
        "acknowledged increments");
    assertEquals(List.of(), RaceChecks.increments(results, stored, (long) THREADS * ITERATIONS),
        "increment from " + WORKERS + " JVMs");
  }

  /**
   * The same race with {@code get} then {@code set(v + 1)}, the threads of each worker meeting
   * between the two: the checks that pass for {@code increment} must fail. No set of a round is
   * read by a get of the same round in the same worker, so a chain of read-then-write holds at
   * most one write per worker and round: the counter ends at most at WORKERS x ITERATIONS, and
   * at least three quarters of the updates are lost, on any scheduling.
   */
  @Test
  @Order(2)
  void getThenSetLosesUpdatesUnderTheSameRace() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "increment", "racy", WORKERS, THREADS, ITERATIONS);
    long stored = storedCounter("racy");
    report("increment racy (get then set)", results, stored);

    for (RaceWorker.Result result : results) {
      assertEquals((long) THREADS * ITERATIONS, result.recorded(),
          "get-then-set rounds completed by worker " + result.cluster());
    }
    assertTrue(stored <= (long) WORKERS * ITERATIONS,
        "a racy counter holds at most " + WORKERS * ITERATIONS + ", holds " + stored);
    List<String> violations =
        RaceChecks.increments(results, stored, (long) THREADS * ITERATIONS);
    assertTrue(violations.stream().anyMatch(v -> v.contains("lost")),
        "the check finds the lost updates: " + violations);
    assertTrue(violations.stream().anyMatch(v -> v.contains("returned twice")
            || v.contains("returned to two JVMs")),
        "the check finds values seen twice: " + violations);
  }

  private static void report(String race, List<RaceWorker.Result> results, long stored) {
    long count = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    System.out.printf("%s: stored=%d of %d increments, lost=%d, %d distinct values returned%n",
        race, stored, count, count - stored, Race.union(results).cardinality());
  }

  private long storedCounter(String mode) {
    return Stages.result(store.get(RaceWorker.counterKey(mode), Long.class))
        .orElseThrow(() -> new AssertionError("the counter is missing after the race"));
  }
}
