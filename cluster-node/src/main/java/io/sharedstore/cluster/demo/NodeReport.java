package io.sharedstore.cluster.demo;

import java.util.List;
import java.util.Optional;

/**
 * What one cluster node reports at the end of the demo workload: its counts and latency, and per
 * claim strategy the raw records (cooldown runs, allowed calls per window, claimed tasks) the
 * driver needs to check the invariants across clusters.
 *
 * @param clusterId the node's cluster id
 * @param elapsedMillis how long the workload ran
 * @param operations store operations completed or failed
 * @param failures store operations that failed (timeouts and other store errors)
 * @param failureExamples the first few failure messages
 * @param p50Nanos median latency of the successful operations
 * @param p99Nanos 99th percentile latency of the successful operations
 * @param cooldownMillis the cooldown the node enforced
 * @param rateLimit calls allowed per guild and window
 * @param recipes the claiming recipes' records, one per strategy run (atomic; racy if asked for)
 * @param configFlips writes of the maintenance flag (0 unless this node flips it)
 * @param configChangesObserved changes of the maintenance flag's value this node's watch saw
 * @param configReads reads of the maintenance flag (through the near cache)
 * @param configReadsLocal of those, the ones the near cache answered without the manager
 * @param flipsAcknowledgedMicros when each flip of this node was acknowledged (wall clock, µs;
 *     empty unless this node flips)
 * @param flagSeen each change of the flag as this node's watch delivered it, in order
 * @param managerUnreachable how often the node's client found the manager unreachable
 * @param managerReachableAgain how often the manager answered again after being unreachable
 * @param managerRestarted how often a store with another epoch answered (its data started empty)
 */
public record NodeReport(
    int clusterId,
    long elapsedMillis,
    long operations,
    long failures,
    List<String> failureExamples,
    long p50Nanos,
    long p99Nanos,
    long cooldownMillis,
    int rateLimit,
    List<RecipeReport> recipes,
    long configFlips,
    long configChangesObserved,
    long configReads,
    long configReadsLocal,
    List<Long> flipsAcknowledgedMicros,
    List<FlagSeen> flagSeen,
    long managerUnreachable,
    long managerReachableAgain,
    long managerRestarted) {

  public NodeReport {
    failureExamples = List.copyOf(failureExamples);
    recipes = List.copyOf(recipes);
    flipsAcknowledgedMicros = List.copyOf(flipsAcknowledgedMicros);
    flagSeen = List.copyOf(flagSeen);
  }

  /** The records of the recipes run with {@code strategy}, if this node ran it. */
  public Optional<RecipeReport> recipesOf(String strategy) {
    return recipes.stream().filter(r -> r.strategy().equals(strategy)).findFirst();
  }
}
