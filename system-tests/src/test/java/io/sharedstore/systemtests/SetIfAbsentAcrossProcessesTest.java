package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three worker JVMs with four threads each try to claim the same 1,000 tasks at the same moment,
 * writing their cluster id under each task's key. With {@code setIfAbsent} every task goes to
 * exactly one JVM and its key names that JVM; the same workload as {@code has} then {@code set}
 * fails those checks with double claims, which shows they can fail (see {@link RaceChecks}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetIfAbsentAcrossProcessesTest {

  private static final int WORKERS = 3;
  private static final int THREADS = 4;
  private static final int TASKS = 1_000;

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
  void setIfAbsentGivesEveryTaskToExactlyOneJvm() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "claim", "atomic", WORKERS, THREADS, TASKS);
    List<Optional<Integer>> stored = storedClaimers("atomic");
    report("claim atomic", results);

    assertEquals(List.of(), RaceChecks.claims(results, stored, TASKS),
        "setIfAbsent from " + WORKERS + " JVMs");
  }

  /**
   * The same race with {@code has} then {@code set}, every worker checking all its tasks before
   * any sets one: the checks that pass for {@code setIfAbsent} must fail, and each task is
   * claimed by every worker, on any scheduling.
   */
  @Test
  @Order(2)
  void hasThenSetClaimsTasksTwiceUnderTheSameRace() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "claim", "racy", WORKERS, THREADS, TASKS);
    List<Optional<Integer>> stored = storedClaimers("racy");
    report("claim racy (has then set)", results);

    assertEquals(TASKS, stored.stream().filter(Optional::isPresent).count(),
        "task keys present after every worker finished");
    for (RaceWorker.Result result : results) {
      assertEquals(TASKS, result.recorded(), "tasks worker " + result.cluster() + " claimed");
    }
    List<String> violations = RaceChecks.claims(results, stored, TASKS);
    assertTrue(violations.stream().anyMatch(v -> v.startsWith(TASKS + " tasks claimed by two JVMs")),
        "the check finds every task claimed twice: " + violations);
  }

  private static void report(String race, List<RaceWorker.Result> results) {
    long claims = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    System.out.printf("%s: claims per JVM %s, total=%d for %d tasks, claimed by two JVMs=%d%n",
        race, results.stream().map(r -> r.cluster() + ":" + r.recorded()).toList(), claims, TASKS,
        Race.recordedByMoreThanOne(results).cardinality());
  }

  /** Each task's stored value, the id of the cluster that wrote it; index 0 is task 1. */
  private List<Optional<Integer>> storedClaimers(String mode) {
    List<CompletableFuture<Optional<Integer>>> reads = new ArrayList<>(TASKS);
    for (int task = 1; task <= TASKS; task++) {
      reads.add(
          store.get(RaceWorker.taskKey(mode, task), Integer.class, RaceWorker.OP_TIMEOUT)
              .toCompletableFuture());
    }
    return reads.stream().map(Stages::result).toList();
  }
}
