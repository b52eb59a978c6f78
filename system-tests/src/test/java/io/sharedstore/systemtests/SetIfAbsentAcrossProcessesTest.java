package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * Three worker JVMs with four threads each try to claim the same 1,000 tasks at the same moment,
 * writing their cluster id under each task's key. With {@code setIfAbsent} every task goes to
 * exactly one JVM and its key names that JVM; the same workload as {@code has} then {@code set}
 * shows the double claims that guards against.
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

    BitSet claimed = Race.union(results);
    BitSet tasks = Race.oneTo(TASKS);
    BitSet unclaimed = Race.minus(tasks, claimed);
    BitSet unknown = Race.minus(claimed, tasks);
    BitSet byTwoJvms = Race.recordedByMoreThanOne(results);
    long claims = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    List<String> wrongValue = wrongClaimers(results, stored);
    System.out.printf(
        "claim atomic: claims per JVM %s, total=%d (expected %d), distinct=%d, unclaimed=%d,"
            + " claimed by two JVMs=%d, keys not naming their claimer=%d%n",
        results.stream().map(r -> r.cluster() + ":" + r.recorded()).toList(), claims, TASKS,
        claimed.cardinality(), unclaimed.cardinality(), byTwoJvms.cardinality(),
        wrongValue.size());

    List<Executable> checks = new ArrayList<>();
    for (RaceWorker.Result result : results) {
      checks.add(
          () -> assertEquals(
              0, result.duplicates(), "tasks claimed twice within worker " + result.cluster()));
    }
    checks.add(() -> assertEquals(TASKS, claims, "the number of successful setIfAbsent calls"));
    checks.add(() -> assertTrue(unclaimed.isEmpty(), described("tasks nobody claimed", unclaimed)));
    checks.add(() -> assertTrue(unknown.isEmpty(), described("claims of unknown tasks", unknown)));
    checks.add(
        () -> assertTrue(byTwoJvms.isEmpty(), described("tasks claimed by two JVMs", byTwoJvms)));
    checks.add(
        () -> assertTrue(
            wrongValue.isEmpty(),
            wrongValue.size() + " task keys do not name their claimer: "
                + wrongValue.subList(0, Math.min(10, wrongValue.size()))));
    assertAll("setIfAbsent from " + WORKERS + " JVMs", checks);
  }

  /** Shows double claims; asserts only that every worker got its replies. */
  @Test
  @Order(2)
  void hasThenSetClaimsTasksTwiceUnderTheSameRace() throws Exception {
    List<RaceWorker.Result> results =
        Race.run(manager, store, "claim", "racy", WORKERS, THREADS, TASKS);
    List<Optional<Integer>> stored = storedClaimers("racy");

    BitSet claimed = Race.union(results);
    long claims = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    long present = stored.stream().filter(Optional::isPresent).count();
    System.out.printf(
        "claim racy (has then set): claims per JVM %s, total=%d for %d tasks, double claims=%d,"
            + " tasks claimed by more than one JVM=%d, tasks stored=%d%n",
        results.stream().map(r -> r.cluster() + ":" + r.recorded()).toList(), claims, TASKS,
        claims - claimed.cardinality(), Race.recordedByMoreThanOne(results).cardinality(),
        present);

    assertEquals(TASKS, present, "task keys present after every worker finished");
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

  /** Tasks whose stored value is not the one JVM that claimed them, described. */
  private static List<String> wrongClaimers(
      List<RaceWorker.Result> results, List<Optional<Integer>> stored) {
    List<String> wrong = new ArrayList<>();
    for (int task = 1; task <= TASKS; task++) {
      int t = task;
      List<Integer> claimers =
          results.stream().filter(r -> r.values().get(t)).map(RaceWorker.Result::cluster).toList();
      Optional<Integer> value = stored.get(task - 1);
      if (claimers.size() != 1 || !value.equals(Optional.of(claimers.get(0)))) {
        wrong.add("task " + task + " claimed by " + claimers + " holds " + value);
      }
    }
    return wrong;
  }

  private static Supplier<String> described(String what, BitSet set) {
    return () -> set.cardinality() + " " + what + ": " + Race.sample(set);
  }
}
