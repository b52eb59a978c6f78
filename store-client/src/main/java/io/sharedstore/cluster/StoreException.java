package io.sharedstore.cluster;

/**
 * The root of every failure the store reports through a returned stage. Unchecked; each subtype
 * names the operation and the key it concerns.
 */
public class StoreException extends RuntimeException {

  private final String operation;
  private final String key;

  public StoreException(String operation, String key, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.key = key;
  }

  /** The operation that failed: {@code get}, {@code set}, {@code has}, {@code delete}. */
  public String operation() {
    return operation;
  }

  /** The key the operation concerned. */
  public String key() {
    return key;
  }
}
