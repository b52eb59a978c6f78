package io.sharedstore.cluster;

/**
 * The manager refused the request as invalid: its own check of the arguments failed, for example
 * because it runs with smaller limits ({@code shared-store.max-key-length}, {@code
 * max-value-size}) than this client, or a value is nested deeper than the manager reads. The
 * client checks the same rules before sending, so with equal settings this is rare. Nothing
 * changed on the manager; retrying the same request fails the same way.
 */
public final class StoreRejectedException extends StoreException {

  /**
   * The manager refused a request as invalid.
   *
   * @param operation the refused operation
   * @param key the key it concerned
   * @param managerMessage the manager's reason, passed on as this exception's message
   */
  public StoreRejectedException(String operation, String key, String managerMessage) {
    super(operation, key, managerMessage, null);
  }
}
