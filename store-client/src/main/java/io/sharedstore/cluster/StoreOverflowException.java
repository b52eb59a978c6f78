package io.sharedstore.cluster;

/**
 * An {@code increment} or {@code incrementBounded} would take the counter past {@link
 * Long#MAX_VALUE} or below {@link Long#MIN_VALUE}. The manager refused it and the counter keeps
 * its value.
 */
public final class StoreOverflowException extends StoreException {

  /**
   * The manager refused an increment that would overflow.
   *
   * @param operation {@code increment} or {@code incrementBounded}
   * @param key the counter's key
   * @param message the manager's reason, with the current value and the delta
   */
  public StoreOverflowException(String operation, String key, String message) {
    super(operation, key, message, null);
  }
}
