package io.sharedstore.systemtests;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * What an atomic operation promises under a race, checked on the workers' results: every
 * violation described, none for a correct store. The racy variants of the same workload must
 * produce violations, which shows the checks can fail.
 */
final class RaceChecks {

  private RaceChecks() {}

  /**
   * Increments of 1 to one counter, {@code perWorker} by each worker: every call acknowledged,
   * the counter equals the sum of the acknowledged increments, and each value 1..N was returned
   * exactly once (so no two increments saw the same value).
   */
  static List<String> increments(List<RaceWorker.Result> results, long stored, long perWorker) {
    List<String> violations = new ArrayList<>();
    long acknowledged = 0;
    for (RaceWorker.Result result : results) {
      acknowledged += result.recorded();
      if (result.recorded() != perWorker) {
        violations.add("worker " + result.cluster() + " got " + result.recorded() + " of "
            + perWorker + " replies");
      }
      if (result.duplicates() > 0) {
        violations.add(result.duplicates() + " values returned twice to worker "
            + result.cluster());
      }
    }
    if (stored != acknowledged) {
      violations.add("the counter holds " + stored + " after " + acknowledged
          + " acknowledged increments of 1 (" + (acknowledged - stored) + " lost)");
    }
    BitSet returned = Race.union(results);
    BitSet expected = Race.oneTo((int) acknowledged);
    add(violations, "values never returned", Race.minus(expected, returned));
    add(violations, "values outside 1.." + acknowledged, Race.minus(returned, expected));
    add(violations, "values returned to two JVMs", Race.recordedByMoreThanOne(results));
    return violations;
  }

  /**
   * Claims of tasks 1..{@code tasks}: each task claimed by exactly one worker, once, and its key
   * names that worker. {@code stored.get(i)} is task i + 1's value.
   */
  static List<String> claims(List<RaceWorker.Result> results, List<Optional<Integer>> stored,
      int tasks) {
    List<String> violations = new ArrayList<>();
    for (RaceWorker.Result result : results) {
      if (result.duplicates() > 0) {
        violations.add(result.duplicates() + " tasks claimed twice within worker "
            + result.cluster());
      }
    }
    long claims = results.stream().mapToLong(RaceWorker.Result::recorded).sum();
    if (claims != tasks) {
      violations.add(claims + " successful claims of " + tasks + " tasks");
    }
    BitSet claimed = Race.union(results);
    add(violations, "tasks nobody claimed", Race.minus(Race.oneTo(tasks), claimed));
    add(violations, "claims of unknown tasks", Race.minus(claimed, Race.oneTo(tasks)));
    add(violations, "tasks claimed by two JVMs", Race.recordedByMoreThanOne(results));
    List<String> wrong = new ArrayList<>();
    for (int task = 1; task <= tasks; task++) {
      int t = task;
      List<Integer> claimers =
          results.stream().filter(r -> r.values().get(t)).map(RaceWorker.Result::cluster).toList();
      Optional<Integer> value = stored.get(task - 1);
      if (claimers.size() != 1 || !value.equals(Optional.of(claimers.get(0)))) {
        wrong.add("task " + task + " claimed by " + claimers + " holds " + value);
      }
    }
    if (!wrong.isEmpty()) {
      violations.add(wrong.size() + " task keys do not name their one claimer: "
          + wrong.subList(0, Math.min(10, wrong.size())));
    }
    return violations;
  }

  private static void add(List<String> violations, String what, BitSet set) {
    if (!set.isEmpty()) {
      violations.add(set.cardinality() + " " + what + ": " + Race.sample(set));
    }
  }
}
