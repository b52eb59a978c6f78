package io.sharedstore.cluster;

/**
 * The manager refused the request (its own check of the limits failed, for example because the
 * manager runs with smaller limits than this client). Nothing changed on the manager.
 */
public final class StoreRejectedException extends StoreException {

  public StoreRejectedException(String operation, String key, String managerMessage) {
    super(operation, key, managerMessage, null);
  }
}
