package io.sharedstore.cluster;

/**
 * The manager is full: the write would store more keys than {@code shared-store.max-entries} or
 * grow its estimated memory past {@code shared-store.max-memory}. Nothing changed. Reads, deletes
 * and overwrites that do not grow the store still work, and expired keys make room again, so a
 * caller may delete keys, wait for TTLs, or treat the write as failed; retrying at once fails
 * again.
 */
public final class StoreFullException extends StoreException {

  /**
   * The manager refused a write because it is full.
   *
   * @param operation the refused write, e.g. {@code set}
   * @param key the key it would have written
   * @param message the manager's reason, naming the limit that was reached
   */
  public StoreFullException(String operation, String key, String message) {
    super(operation, key, message, null);
  }
}
