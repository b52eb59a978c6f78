package io.sharedstore.cluster;

import io.sharedstore.store.internal.Refusal;
import java.util.concurrent.TimeoutException;

/** The store's typed exceptions for what went wrong with a request. */
final class StoreFailures {

  private StoreFailures() {}

  /** The exception for a refusal by the manager, by the refusal's kind. */
  static StoreException refused(String operation, String key, String errorText) {
    String message = Refusal.message(errorText);
    return switch (Refusal.of(errorText)) {
      case TYPE -> new StoreTypeException(operation, key, message);
      case OVERFLOW -> new StoreOverflowException(operation, key, message);
      case FULL -> new StoreFullException(operation, key, message);
      case INVALID -> new StoreRejectedException(operation, key, message);
      case PERSISTENCE -> new StorePersistenceException(operation, key, message);
      case READ_ONLY -> new StorePersistenceException(operation, key, message, false);
      case MOVING -> new StoreUnavailableException(operation, key, "a store node",
          java.time.Instant.now(), message, false, java.util.Optional.empty());
    };
  }

  /** The exception for a request that got no answer, or failed on the way. */
  static StoreException failed(Pending<?, ?> pending, String managerAddress, Throwable error) {
    return failed(pending, managerAddress, "", error);
  }

  /** As above; {@code situation} (may be empty) says what the client knew of the manager. */
  static StoreException failed(
      Pending<?, ?> pending, String managerAddress, String situation, Throwable error) {
    if (error == null || error instanceof TimeoutException) {
      return new StoreTimeoutException(
          pending.operation, pending.key, managerAddress, pending.timeout, pending.requestId,
          situation, error);
    }
    if (error instanceof StoreException storeException) {
      return storeException;
    }
    return new StoreException(
        pending.operation, pending.key, pending.operation + " failed: " + error.getMessage(), error);
  }
}
