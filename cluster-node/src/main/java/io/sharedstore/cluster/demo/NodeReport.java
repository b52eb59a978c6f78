package io.sharedstore.cluster.demo;

import java.util.List;

/**
 * What one cluster node reports at the end of the demo workload: its counts and latency, and the
 * raw records (cooldown runs, allowed calls per window, claimed tasks) the driver needs to check
 * the invariants across clusters.
 *
 * @param clusterId the node's cluster id
 * @param elapsedMillis how long the workload ran
 * @param operations store operations completed or failed
 * @param failures store operations that failed (timeouts and other store errors)
 * @param failureExamples the first few failure messages
 * @param p50Nanos median latency of the successful operations
 * @param p99Nanos 99th percentile latency of the successful operations
 * @param cooldownMillis the cooldown the node enforced
 * @param cooldownHits calls refused because of a cooldown
 * @param cooldownExecutions every command run
 * @param rateLimit calls allowed per guild and window
 * @param rateLimited calls refused by the rate limit
 * @param allowedPerWindow calls allowed, per guild and window
 * @param configFlips writes of the maintenance flag (0 unless this node flips it)
 * @param configChangesObserved changes of the maintenance flag this node saw
 * @param tasksSkipped task ids found already claimed
 * @param tasksClaimed task ids this node claimed
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
    long cooldownHits,
    List<CooldownExecution> cooldownExecutions,
    int rateLimit,
    long rateLimited,
    List<WindowCount> allowedPerWindow,
    long configFlips,
    long configChangesObserved,
    long tasksSkipped,
    List<Long> tasksClaimed) {

  public NodeReport {
    failureExamples = List.copyOf(failureExamples);
    cooldownExecutions = List.copyOf(cooldownExecutions);
    allowedPerWindow = List.copyOf(allowedPerWindow);
    tasksClaimed = List.copyOf(tasksClaimed);
  }
}
