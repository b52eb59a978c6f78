package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Writes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The near caches of one client: told of every write the client's {@link StoreCalls} completes
 * (acknowledged, or failed: it may have been applied) before the write's caller is, so each
 * cache drops the keys it touched and the caller's next read asks the manager (read-your-writes).
 * Costs one volatile read per completed call while the client has no near cache.
 */
final class NearCaches {

  private final List<DefaultNearCache<?>> caches = new CopyOnWriteArrayList<>();

  void add(DefaultNearCache<?> cache) {
    caches.add(cache);
  }

  void remove(DefaultNearCache<?> cache) {
    caches.remove(cache);
  }

  /** Drops from every cache what {@code operation} may have changed (any thread). */
  void written(Operation<?> operation) {
    if (caches.isEmpty()) {
      return;
    }
    Writes.Touched touched = Writes.touched(operation);
    if (touched.isNothing()) {
      return;
    }
    for (DefaultNearCache<?> cache : caches) {
      cache.written(touched);
    }
  }

  /** The client closes: every cache refuses further gets. */
  void closeAll() {
    for (DefaultNearCache<?> cache : caches) {
      cache.clientClosed();
    }
    caches.clear();
  }

  /** How many caches are open. */
  int size() {
    return caches.size();
  }
}
