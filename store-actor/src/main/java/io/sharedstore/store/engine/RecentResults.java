package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Reply;
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

  private record Remembered(Reply result, long expiresAtMillis) {}

  private final Map<Request, Remembered> byRequestId = new LinkedHashMap<>();
  private final long windowMillis;
  private final int capacity;

  RecentResults(long windowMillis, int capacity) {
    this.windowMillis = windowMillis;
    this.capacity = capacity;
  }

  /** The result remembered for a request id on a key, or null. */
  Reply get(String key, String requestId, long nowMillis) {
    forgetExpired(nowMillis);
    Remembered remembered = byRequestId.get(new Request(key, requestId));
    return remembered == null ? null : remembered.result();
  }

  void remember(String key, String requestId, Reply result, long nowMillis) {
    forgetExpired(nowMillis);
    Request request = new Request(key, requestId);
    // Re-insert at the end: the map stays in deadline order, which forgetExpired relies on.
    byRequestId.remove(request);
    byRequestId.put(request, new Remembered(result, nowMillis + windowMillis));
    if (byRequestId.size() > capacity) {
      Iterator<Request> oldest = byRequestId.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * Visits the results still remembered at {@code nowMillis}, oldest first, each with the time it
   * was remembered; forgets nothing (a read-only view, for a snapshot or a comparison).
   */
  void forEach(long nowMillis, RememberedVisitor visitor) {
    byRequestId.forEach((request, remembered) -> {
      if (remembered.expiresAtMillis() - nowMillis > 0) {
        visitor.remembered(request.key(), request.requestId(), remembered.result(),
            remembered.expiresAtMillis() - windowMillis);
      }
    });
  }

  private void forgetExpired(long nowMillis) {
    Iterator<Remembered> it = byRequestId.values().iterator();
    while (it.hasNext()) {
      if (it.next().expiresAtMillis() - nowMillis > 0) {
        return;
      }
      it.remove();
    }
  }
}
