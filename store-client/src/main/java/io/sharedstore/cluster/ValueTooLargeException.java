package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;

/** A serialized value is larger than {@code shared-store.max-value-size}. Nothing was sent. */
public final class ValueTooLargeException extends StoreException {

  private final long size;
  private final long limit;

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

  /** The serialized value's size in bytes. */
  public long size() {
    return size;
  }

  /** The configured limit in bytes. */
  public long limit() {
    return limit;
  }
}
