package io.sharedstore.cluster;

/** An increment would leave the range of a long. Nothing changed. */
public final class StoreOverflowException extends StoreException {

  public StoreOverflowException(String operation, String key, String message) {
    super(operation, key, message, null);
  }
}
