package io.sharedstore.cluster;

import io.sharedstore.store.KeyRules;
import java.time.Duration;

/**
 * The manager did not answer within the operation's timeout: it may be down, slow or
 * unreachable. The operation may or may not have been applied.
 */
public final class StoreTimeoutException extends StoreException {

  private final String managerAddress;
  private final Duration timeout;

  public StoreTimeoutException(
      String operation, String key, String managerAddress, Duration timeout, Throwable cause) {
    super(
        operation,
        key,
        operation
            + " of key "
            + KeyRules.show(key)
            + " got no reply from the manager at "
            + managerAddress
            + " within "
            + timeout.toMillis()
            + " ms",
        cause);
    this.managerAddress = managerAddress;
    this.timeout = timeout;
  }

  /** The manager's {@code host:port}. */
  public String managerAddress() {
    return managerAddress;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
