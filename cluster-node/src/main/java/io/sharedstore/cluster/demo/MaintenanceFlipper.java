package io.sharedstore.cluster.demo;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writing half of shared configuration: one cluster flips {@code config:maintenance} between
 * true and false at each step (its lane pauses for the flip interval between steps).
 */
final class MaintenanceFlipper implements UseCase {

  private final TimedStore store;
  private final AtomicLong flips = new AtomicLong();

  MaintenanceFlipper(TimedStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<?> step() {
    boolean maintenance = flips.incrementAndGet() % 2 == 1;
    return store.set(MaintenanceFlag.KEY, maintenance);
  }

  /** How many writes were started. */
  long flips() {
    return flips.get();
  }
}
