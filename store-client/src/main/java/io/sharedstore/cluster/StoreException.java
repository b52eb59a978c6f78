package io.sharedstore.cluster;

/**
 * The root of every failure the store reports through a returned stage. Unchecked; each subtype
 * names the operation and the key it concerns. Catch this type to handle every store failure in
 * one place, or a subtype to tell them apart: {@link StoreTimeoutException} (no answer in time),
 * {@link StoreUnavailableException} (the manager is known to be unreachable), {@link
 * StoreRejectedException}, {@link StoreFullException}, {@link StoreTypeException}, {@link
 * StoreOverflowException} (the manager refused the operation and changed nothing), {@link
 * StorePersistenceException} (the manager applied it but could not make it durable on its disk),
 * {@link StoreSerializationException} and {@link ValueTooLargeException} (the value, on the
 * client).
 *
 * <p>A plain {@code StoreException} is a failure that fits none of those, for example an error
 * inside the client while it handled the call; its message says what happened and its cause, if
 * any, is the original exception.
 */
public class StoreException extends RuntimeException {

  /** The failed operation's name, as {@link #operation()} answers it. */
  private final String operation;

  /** The key the failed operation concerned, as {@link #key()} answers it. */
  private final String key;

  /**
   * A failure of {@code operation} on {@code key}.
   *
   * @param operation the operation's name as the client's method is called, e.g. {@code get}
   * @param key the key the operation concerned ({@code ""} for operations without one, such as
   *     {@code size})
   * @param message the whole message, naming the operation, the key and the reason
   * @param cause the exception that caused this one, or {@code null}
   */
  public StoreException(String operation, String key, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.key = key;
  }

  /**
   * The operation that failed, named as the {@link StoreClient} method that issued it.
   *
   * @return the operation's name, e.g. {@code get}, {@code set}, {@code increment}
   */
  public String operation() {
    return operation;
  }

  /**
   * The key the operation concerned: the glob of {@code keys}, {@code scan} and {@code
   * deleteAll}; {@code ""} for {@code size}, {@code getAll} and a {@code setAll} failure on the
   * manager; the failing entry's key for a {@code setAll} value that cannot be serialized.
   *
   * @return the key, as the caller passed it
   */
  public String key() {
    return key;
  }
}
