package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every cluster watches {@code config:*}: it logs each change of the maintenance flag as the
 * watch delivers it, and notes when (so the driver can tell how long after the flip's
 * acknowledgement each cluster saw it) and how many times the value changed.
 */
final class ConfigWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatch.class);

  private final Watch watch;
  private final List<FlagSeen> seen = new ArrayList<>();
  private Optional<Boolean> last = Optional.empty();
  private long changes;

  ConfigWatch(StoreClient store) {
    this.watch = store.watch("config:*", this::onEvent);
  }

  /** Waits until the manager registered the watch, so no later change is missed. */
  void awaitStarted() throws InterruptedException {
    try {
      watch.started().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the config watch did not start: " + e.getCause(), e);
    }
  }

  /** Called on the client's dispatcher, one event at a time: only notes and logs. */
  private void onEvent(StoreEvent event) {
    if (event instanceof StoreEvent.Changed changed
        && changed.key().equals(MaintenanceFlag.KEY)) {
      long now = WallClock.micros();
      boolean value = changed.value(Boolean.class);
      synchronized (this) {
        seen.add(new FlagSeen(changed.revision(), now));
        if (last.isPresent() && last.get() != value) {
          changes++;
        }
        last = Optional.of(value);
      }
      LOG.info("[{}] is now [{}] (revision [{}])", MaintenanceFlag.KEY, value,
          changed.revision());
    } else if (event instanceof StoreEvent.Reset reset) {
      LOG.info("The config watch was reset ([{}] at revision [{}]): the near cache re-reads",
          reset.reason(), reset.revision());
    }
  }

  synchronized List<FlagSeen> seen() {
    return List.copyOf(seen);
  }

  /** How many times the flag's value changed, as this cluster's watch saw it. */
  synchronized long changes() {
    return changes;
  }

  @Override
  public void close() {
    watch.close();
  }
}
