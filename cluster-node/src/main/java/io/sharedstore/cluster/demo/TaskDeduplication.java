package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-cluster task deduplication: every cluster walks the same task ids 0, 1, 2, ... and claims
 * {@code task:ID} with its cluster id as value (TTL: {@code taskClaimTtl}) through its {@link
 * ClaimStrategy}. Claimed ids are recorded for the driver to find tasks claimed twice. A claim is
 * never released: the task is done once, and a released claim would let a slower cluster that
 * reaches the same id later claim it again.
 */
final class TaskDeduplication implements UseCase {

  private final ClaimStrategy claims;
  private final int clusterId;
  private final SetOptions claimTtl;
  private final AtomicLong nextTask = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final List<Long> claimed = new ArrayList<>();

  TaskDeduplication(ClaimStrategy claims, int clusterId, WorkloadSettings settings) {
    this.claims = claims;
    this.clusterId = clusterId;
    this.claimTtl = SetOptions.ttl(settings.taskClaimTtl());
  }

  @Override
  public CompletionStage<?> step() {
    long task = nextTask.getAndIncrement();
    return claims
        .claimIfAbsent(claims.key("task:" + task), clusterId, claimTtl)
        .thenAccept(mine -> record(mine, task));
  }

  private void record(boolean mine, long task) {
    if (!mine) {
      skipped.incrementAndGet();
      return;
    }
    synchronized (claimed) {
      claimed.add(task);
    }
  }

  /** How many tasks were found already claimed (by any cluster). */
  long skipped() {
    return skipped.get();
  }

  /** The task ids this cluster claimed. */
  List<Long> claimed() {
    synchronized (claimed) {
      return List.copyOf(claimed);
    }
  }
}
