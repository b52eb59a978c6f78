package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;
import java.time.Duration;
import java.util.Optional;

/**
 * The manager did not answer within the operation's timeout: it may be down, slow or
 * unreachable. A write may or may not have been applied (a read changed nothing): one that timed out can be
 * retried safely if it is idempotent ({@code set}, {@code delete}, ...), and an increment with the
 * same {@link #requestId()}.
 */
public final class StoreTimeoutException extends StoreException {

  /** The manager's {@code host:port}, as {@link #managerAddress()} answers it. */
  private final String managerAddress;

  /** The timeout that passed, as {@link #timeout()} answers it. */
  private final Duration timeout;

  /** The increment's request id, as {@link #requestId()} answers it. */
  private final Optional<String> requestId;

  /**
   * A call that got no answer in time; for a write the message says it may or may not have been
   * applied and,
   * when {@code requestId} is present, how to retry it at most once.
   *
   * @param operation the operation that timed out
   * @param key the key it concerned
   * @param managerAddress the manager's {@code host:port}
   * @param timeout the call's timeout
   * @param requestId the request id an increment carried, or empty
   * @param cause the underlying timeout, or {@code null}
   */
  public StoreTimeoutException(
      String operation,
      String key,
      String managerAddress,
      Duration timeout,
      Optional<String> requestId,
      Throwable cause) {
    this(operation, key, managerAddress, timeout, requestId, "", cause);
  }

  /** As above; {@code situation} (may be empty) says what the client knew, e.g. a TCP error. */
  StoreTimeoutException(
      String operation,
      String key,
      String managerAddress,
      Duration timeout,
      Optional<String> requestId,
      String situation,
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
            + " ms"
            + (situation.isEmpty() ? "" : " (" + situation + ")")
            + (ReadOperations.isRead(operation)
                ? "; a read changes nothing, it can be retried"
                : "; it may or may not have been applied")
            + requestId
                .map(id -> " (request id [" + id + "]: retry with SetOptions.withRequestId to"
                    + " apply it at most once)")
                .orElse(""),
        cause);
    this.managerAddress = managerAddress;
    this.timeout = timeout;
    this.requestId = requestId;
  }

  /**
   * The request id an {@code increment} or {@code incrementBounded} carried: retry with {@code
   * options.withRequestId(id)} and the manager applies the increment at most once (within {@code
   * shared-store.retry-window}).
   *
   * @return the id, or empty for an operation that carries none
   */
  public Optional<String> requestId() {
    return requestId;
  }

  /**
   * The manager the call waited for.
   *
   * @return its {@code host:port}
   */
  public String managerAddress() {
    return managerAddress;
  }

  /**
   * How long the call waited: the {@code Duration} passed to the call, or {@code
   * shared-store.client.timeout}.
   *
   * @return the timeout that passed
   */
  public Duration timeout() {
    return timeout;
  }
}
