package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.ManagerEvent;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts what a cluster node's client told of its manager during the workload (a {@link
 * io.sharedstore.cluster.ClusterClient#addListener listener}): how often the manager became
 * unreachable, how often it answered again after that, and how often a different store answered
 * ({@link ManagerEvent.Restarted}: its data started empty). The demo's manager restart expects
 * unreachable and reachable again, never restarted, when the manager keeps its data.
 */
final class ManagerEventCounts implements Consumer<ManagerEvent> {

  private final AtomicLong unreachable = new AtomicLong();
  private final AtomicLong reachableAgain = new AtomicLong();
  private final AtomicLong restarted = new AtomicLong();

  @Override
  public void accept(ManagerEvent event) {
    // Events come one at a time, in order (ClusterClient#addListener).
    if (event instanceof ManagerEvent.Unreachable) {
      unreachable.incrementAndGet();
    } else if (event instanceof ManagerEvent.Restarted) {
      restarted.incrementAndGet();
    } else if (event instanceof ManagerEvent.Reachable
        && unreachable.get() > reachableAgain.get()) {
      reachableAgain.incrementAndGet();
    }
  }

  long unreachable() {
    return unreachable.get();
  }

  long reachableAgain() {
    return reachableAgain.get();
  }

  long restarted() {
    return restarted.get();
  }
}
