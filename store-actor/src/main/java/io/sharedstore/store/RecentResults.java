package io.sharedstore.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of recent non-idempotent requests by request id, so that a client retrying a
 * request whose reply it never saw gets the first result instead of a second application.
 * Remembers each result for {@code window}, and at most {@code capacity} results (the oldest go
 * first).
 */
final class RecentResults {

  private record Remembered(Object result, long expiresAtNanos) {}

  private final Map<String, Remembered> byRequestId = new LinkedHashMap<>();
  private final long windowNanos;
  private final int capacity;

  RecentResults(long windowNanos, int capacity) {
    this.windowNanos = windowNanos;
    this.capacity = capacity;
  }

  /** The result remembered for a request id, or null. */
  Object get(String requestId, long nowNanos) {
    forgetExpired(nowNanos);
    Remembered remembered = byRequestId.get(requestId);
    return remembered == null ? null : remembered.result();
  }

  void remember(String requestId, Object result, long nowNanos) {
    forgetExpired(nowNanos);
    // Re-insert at the end: the map stays in deadline order, which forgetExpired relies on.
    byRequestId.remove(requestId);
    byRequestId.put(requestId, new Remembered(result, nowNanos + windowNanos));
    if (byRequestId.size() > capacity) {
      Iterator<String> oldest = byRequestId.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  int size() {
    return byRequestId.size();
  }

  private void forgetExpired(long nowNanos) {
    Iterator<Remembered> it = byRequestId.values().iterator();
    while (it.hasNext()) {
      if (it.next().expiresAtNanos() - nowNanos > 0) {
        return;
      }
      it.remove();
    }
  }
}
