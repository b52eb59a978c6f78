package io.sharedstore.cluster.demo;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reading half of shared configuration: every cluster polls {@code config:maintenance} and
 * counts the changes it observed (the first value seen is not a change). Run it in one lane only,
 * so the polls are ordered.
 */
final class MaintenanceWatcher implements UseCase {

  private final TimedStore store;
  private final AtomicLong changes = new AtomicLong();
  private volatile Optional<Boolean> lastSeen = Optional.empty();

  MaintenanceWatcher(TimedStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<?> step() {
    return store.get(MaintenanceFlag.KEY, Boolean.class).thenAccept(this::observe);
  }

  private void observe(Optional<Boolean> value) {
    if (value.isPresent() && lastSeen.isPresent() && !value.equals(lastSeen)) {
      changes.incrementAndGet();
    }
    if (value.isPresent()) {
      lastSeen = value;
    }
  }

  /** How many changes of the flag this cluster observed. */
  long changes() {
    return changes.get();
  }
}
