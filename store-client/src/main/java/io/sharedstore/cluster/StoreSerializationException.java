package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;

/**
 * A value could not be serialized for a write, or a stored value could not be read as the
 * requested type. Jackson's exception is the cause. Nothing was sent for a failed write.
 */
public final class StoreSerializationException extends StoreException {

  /**
   * A value that Jackson could not write or read.
   *
   * @param operation the operation whose value failed, e.g. {@code set} or {@code get}
   * @param key the key of that value
   * @param problem what failed, e.g. {@code cannot read the stored value as java.lang.Integer}
   * @param cause Jackson's exception
   */
  public StoreSerializationException(
      String operation, String key, String problem, Throwable cause) {
    super(operation, key, operation + " of key " + KeyRules.show(key) + ": " + problem, cause);
  }
}
