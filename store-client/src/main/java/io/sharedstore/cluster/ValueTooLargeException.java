package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;

/**
 * A serialized value is larger than {@code shared-store.max-value-size} (1 MiB by default). The
 * client checks the size after serializing and before sending, so nothing was sent and nothing
 * changed. A {@code setAll} batch is refused the same way when its keys and values together
 * pass the limit; its {@link #key()} then reads {@code (batch of N entries)}.
 */
public final class ValueTooLargeException extends StoreException {

  /** The serialized size, as {@link #size()} answers it. */
  private final long size;

  /** The configured limit, as {@link #limit()} answers it. */
  private final long limit;

  /**
   * A value too large to send.
   *
   * @param operation the write that carried the value
   * @param key the key it would have written
   * @param size the serialized size in bytes
   * @param limit the configured limit in bytes
   */
  public ValueTooLargeException(String operation, String key, long size, long limit) {
    super(
        operation,
        key,
        operation
            + " of key "
            + KeyRules.show(key)
            + ": the serialized value is "
            + size
            + " bytes, larger than shared-store.max-value-size ("
            + limit
            + " bytes)",
        null);
    this.size = size;
    this.limit = limit;
  }

  /**
   * The size that was over the limit.
   *
   * @return the serialized value's size in bytes
   */
  public long size() {
    return size;
  }

  /**
   * The limit the value passed.
   *
   * @return {@code shared-store.max-value-size} in bytes
   */
  public long limit() {
    return limit;
  }
}
