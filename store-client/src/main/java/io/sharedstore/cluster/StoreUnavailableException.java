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

  private final String managerAddress;
  private final Instant unreachableSince;
  private final boolean mayHaveBeenApplied;
  private final Optional<String> requestId;

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

  /** The manager's {@code host:port}. */
  public String managerAddress() {
    return managerAddress;
  }

  /** When the client found the manager unreachable. */
  public Instant unreachableSince() {
    return unreachableSince;
  }

  /**
   * True for a call that was in flight when the manager was found unreachable: the manager may
   * have applied it. False for a call refused without being sent.
   */
  public boolean mayHaveBeenApplied() {
    return mayHaveBeenApplied;
  }

  /** The request id an increment carried: retry with it to apply the increment at most once. */
  public Optional<String> requestId() {
    return requestId;
  }
}
