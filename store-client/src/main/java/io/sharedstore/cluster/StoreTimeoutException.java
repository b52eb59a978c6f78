package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;
import java.time.Duration;
import java.util.Optional;

/**
 * The manager did not answer within the operation's timeout: it may be down, slow or
 * unreachable. The operation may or may not have been applied: a write that timed out can be
 * retried safely if it is idempotent ({@code set}, {@code delete}, ...), and an increment with the
 * same {@link #requestId()}.
 */
public final class StoreTimeoutException extends StoreException {

  private final String managerAddress;
  private final Duration timeout;
  private final Optional<String> requestId;

  public StoreTimeoutException(
      String operation, String key, String managerAddress, Duration timeout, Throwable cause) {
    this(operation, key, managerAddress, timeout, Optional.empty(), cause);
  }

  public StoreTimeoutException(
      String operation,
      String key,
      String managerAddress,
      Duration timeout,
      Optional<String> requestId,
      Throwable cause) {
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
            + " ms; it may or may not have been applied"
            + requestId
                .map(id -> " (request id [" + id + "]: retry with SetOptions.withRequestId to"
                    + " apply it at most once)")
                .orElse(""),
        cause);
    this.managerAddress = managerAddress;
    this.timeout = timeout;
    this.requestId = requestId;
  }

  /** The request id an increment carried: retry with it to apply the increment at most once. */
  public Optional<String> requestId() {
    return requestId;
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
