package io.sharedstore.cluster;

/**
 * The stored value is not of the kind the operation needs, e.g. an {@code increment} of a key
 * that holds a string. Nothing changed.
 */
public final class StoreTypeException extends StoreException {

  public StoreTypeException(String operation, String key, String message) {
    super(operation, key, message, null);
  }
}
