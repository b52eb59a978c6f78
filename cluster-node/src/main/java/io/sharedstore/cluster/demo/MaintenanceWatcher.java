package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.NearCache;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reading half of shared configuration: every cluster reads {@code config:maintenance} at
 * each interaction through a near cache ({@code nearCache("config:*", Boolean.class)}), which a
 * watch keeps current: most reads never leave the JVM.
 */
final class MaintenanceWatcher implements UseCase {

  private final TimedStore store;
  private final NearCache<Boolean> flags;
  private final AtomicLong reads = new AtomicLong();

  MaintenanceWatcher(TimedStore store, NearCache<Boolean> flags) {
    this.store = store;
    this.flags = flags;
  }

  @Override
  public CompletionStage<?> step() {
    reads.incrementAndGet();
    return store.nearGet(flags, MaintenanceFlag.KEY);
  }

  /** How many times the flag was read. */
  long reads() {
    return reads.get();
  }

  /** How many reads the near cache answered locally. */
  long servedLocally() {
    return flags.stats().hits();
  }
}
