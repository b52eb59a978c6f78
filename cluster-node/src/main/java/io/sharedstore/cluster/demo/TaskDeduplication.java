package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-cluster task deduplication: every cluster walks the same task ids 0, 1, 2, ... and claims
 * a task with {@code has("task:ID")} then {@code set("task:ID", clusterId, ttl)}. Racy by design:
 * two clusters at the same id can both see it unclaimed, so claimed ids are recorded for the
 * driver to find tasks claimed twice.
 */
final class TaskDeduplication implements UseCase {

  private final TimedStore store;
  private final int clusterId;
  private final SetOptions claimTtl;
  private final AtomicLong nextTask = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final List<Long> claimed = new ArrayList<>();

  TaskDeduplication(TimedStore store, int clusterId, WorkloadSettings settings) {
    this.store = store;
    this.clusterId = clusterId;
    this.claimTtl = SetOptions.ttl(settings.taskClaimTtl());
  }

  @Override
  public CompletionStage<?> step() {
    long task = nextTask.getAndIncrement();
    String key = "task:" + task;
    return store.has(key).thenCompose(taken -> claimUnlessTaken(taken, task, key));
  }

  private CompletionStage<?> claimUnlessTaken(boolean taken, long task, String key) {
    if (taken) {
      skipped.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
    synchronized (claimed) {
      claimed.add(task);
    }
    return store.set(key, clusterId, claimTtl);
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
