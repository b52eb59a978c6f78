package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Reply;

/**
 * Sees each remembered result of the engine's increment retry memory ({@link
 * StoreEngine#forEachRemembered}), oldest first, in the form of a {@link Change.Remembered}. It
 * must not change the engine while it runs.
 */
@FunctionalInterface
public interface RememberedVisitor {

  /**
   * One remembered result.
   *
   * @param key the key
   * @param requestId the request id
   * @param result the reply a retry of that id gets
   * @param atMillis when it was remembered, in epoch milliseconds (the memory lasts the retry
   *     window from then)
   */
  void remembered(String key, String requestId, Reply result, long atMillis);
}
