package io.sharedstore.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of recent non-idempotent requests by key and request id, so that a client retrying
 * a request whose reply it never saw gets the first result instead of a second application. An id
 * is scoped to its key: the same id on another key is another request.
 * Remembers each result for {@code window}, and at most {@code capacity} results (the oldest go
 * first).
 */
final class RecentResults {

  private record Request(String key, String requestId) {}

  private record Remembered(Object result, long expiresAtNanos) {}

  private final Map<Request, Remembered> byRequestId = new LinkedHashMap<>();
  private final long windowNanos;
  private final int capacity;

  RecentResults(long windowNanos, int capacity) {
    this.windowNanos = windowNanos;
    this.capacity = capacity;
  }

  /** The result remembered for a request id on a key, or null. */
  Object get(String key, String requestId, long nowNanos) {
    forgetExpired(nowNanos);
    Remembered remembered = byRequestId.get(new Request(key, requestId));
    return remembered == null ? null : remembered.result();
  }

  void remember(String key, String requestId, Object result, long nowNanos) {
    forgetExpired(nowNanos);
    Request request = new Request(key, requestId);
    // Re-insert at the end: the map stays in deadline order, which forgetExpired relies on.
    byRequestId.remove(request);
    byRequestId.put(request, new Remembered(result, nowNanos + windowNanos));
    if (byRequestId.size() > capacity) {
      Iterator<Request> oldest = byRequestId.keySet().iterator();
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
