package io.sharedstore.cluster;

/**
 * The stored value is not of the kind the operation needs: an {@code increment} or {@code
 * incrementBounded} of a key whose value is not an integer (a string, a record, a fraction).
 * The manager refused the operation and the key keeps its value.
 */
public final class StoreTypeException extends StoreException {

  /**
   * The manager refused an operation on a value of the wrong kind.
   *
   * @param operation the refused operation
   * @param key the key whose value did not fit
   * @param message the manager's reason
   */
  public StoreTypeException(String operation, String key, String message) {
    super(operation, key, message, null);
  }
}
