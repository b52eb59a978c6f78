package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;
import java.time.Instant;
import java.util.Optional;

/**
 * The manager is known to be unreachable: it stopped answering the client's heartbeats (killed,
 * frozen, network gone) or announced that it is shutting down. A call made while it is
 * unreachable fails at once and is not sent ({@link #mayHaveBeenApplied()} is false); a call
 * already in flight when the client finds out fails at that moment and may or may not have been
 * applied. Calls succeed again, with no action by the caller, as soon as the manager answers a
 * heartbeat (see {@link ClusterClient#addListener}).
 */
public final class StoreUnavailableException extends StoreException {

  /** The manager's {@code host:port}, as {@link #managerAddress()} answers it. */
  private final String managerAddress;

  /** When the manager was found unreachable, as {@link #unreachableSince()} answers it. */
  private final Instant unreachableSince;

  /** Whether the call was sent before, as {@link #mayHaveBeenApplied()} answers it. */
  private final boolean mayHaveBeenApplied;

  /** The increment's request id, as {@link #requestId()} answers it. */
  private final Optional<String> requestId;

  /**
   * A call that failed because the manager is unreachable.
   *
   * @param operation the failed operation
   * @param key the key it concerned
   * @param managerAddress the manager's {@code host:port}
   * @param unreachableSince when the client found the manager unreachable
   * @param reason why, e.g. {@code no answer to heartbeats for 1500 ms} or {@code the manager is
   *     shutting down}
   * @param mayHaveBeenApplied true for a call that was already sent, false for one refused
   *     without sending
   * @param requestId the request id an increment carried, or empty
   */
  public StoreUnavailableException(
      String operation,
      String key,
      String managerAddress,
      Instant unreachableSince,
      String reason,
      boolean mayHaveBeenApplied,
      Optional<String> requestId) {
    super(
        operation,
        key,
        operation
            + " of key "
            + KeyRules.show(key)
            + ": the manager at "
            + managerAddress
            + " is unreachable since "
            + unreachableSince
            + " ("
            + reason
            + "); "
            + (mayHaveBeenApplied
                ? "the request was sent before and may or may not have been applied"
                    + requestId
                        .map(id -> " (request id [" + id + "]: retry with"
                            + " SetOptions.withRequestId to apply it at most once)")
                        .orElse("")
                : "nothing was sent"),
        null);
    this.managerAddress = managerAddress;
    this.unreachableSince = unreachableSince;
    this.mayHaveBeenApplied = mayHaveBeenApplied;
    this.requestId = requestId;
  }

  /**
   * The manager that is unreachable.
   *
   * @return its {@code host:port}
   */
  public String managerAddress() {
    return managerAddress;
  }

  /**
   * When the client found the manager unreachable (the start of the current outage, not the time
   * of this call).
   *
   * @return the instant the outage was detected
   */
  public Instant unreachableSince() {
    return unreachableSince;
  }

  /**
   * True for a call that was in flight when the manager was found unreachable: the manager may
   * have applied it. False for a call refused without being sent.
   *
   * @return whether the manager may have applied the call
   */
  public boolean mayHaveBeenApplied() {
    return mayHaveBeenApplied;
  }

  /**
   * The request id an in-flight {@code increment} or {@code incrementBounded} carried: retry with
   * {@code options.withRequestId(id)} once the manager is back to apply it at most once.
   *
   * @return the id, or empty for an operation that carries none
   */
  public Optional<String> requestId() {
    return requestId;
  }
}
