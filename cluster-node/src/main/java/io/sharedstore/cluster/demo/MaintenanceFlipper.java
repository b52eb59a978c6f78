package io.sharedstore.cluster.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writing half of shared configuration: one cluster flips {@code config:maintenance} between
 * true and false at each step (its lane pauses for the flip interval between steps), and notes
 * when each flip was acknowledged (wall clock, microseconds).
 */
final class MaintenanceFlipper implements UseCase {

  private final TimedStore store;
  private final AtomicLong flips = new AtomicLong();
  private final List<Long> acknowledged = new ArrayList<>();

  MaintenanceFlipper(TimedStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<?> step() {
    boolean maintenance = flips.incrementAndGet() % 2 == 1;
    return store.set(MaintenanceFlag.KEY, maintenance).thenRun(this::acknowledged);
  }

  private void acknowledged() {
    long now = WallClock.micros();
    synchronized (this) {
      acknowledged.add(now);
    }
  }

  /** How many writes were started. */
  long flips() {
    return flips.get();
  }

  /** When each acknowledged flip was acknowledged, in order. */
  synchronized List<Long> acknowledgedMicros() {
    return List.copyOf(acknowledged);
  }
}
