package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;

/**
 * The manager keeps its data on disk ({@code shared-store.persistence.dir}) and could not make
 * durable what this call changed or read: a write or fsync of its log failed (a full disk, an I/O
 * error). The message names the manager's file and the OS error. The manager applied the call in
 * memory before it wrote the log, so the change {@linkplain #mayHaveBeenApplied() may have been
 * applied}, and may or may not survive a restart of the manager; a read failed this way saw a
 * change that may not survive one either.
 */
public final class StorePersistenceException extends StoreException {

  /**
   * A call whose change the manager could not make durable.
   *
   * @param operation the failed operation, e.g. {@code set}
   * @param key the key it concerned
   * @param reason the manager's reason, naming the file and the OS error
   */
  public StorePersistenceException(String operation, String key, String reason) {
    super(operation, key, operation + " of key " + KeyRules.show(key) + " failed on the manager's"
        + " disk: " + reason + "; the manager applied it in memory, it may not survive a restart",
        null);
  }

  /**
   * Always true: the manager applied the call in memory before its log failed.
   *
   * @return true
   */
  public boolean mayHaveBeenApplied() {
    return true;
  }
}
