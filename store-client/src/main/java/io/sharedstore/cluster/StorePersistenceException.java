package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;

/**
 * The manager keeps its data on disk ({@code shared-store.persistence.dir}) and its log failed: a
 * write or fsync of it failed (a full disk, an I/O error). The message names the manager's file
 * and the OS error. Two cases, told apart by {@link #mayHaveBeenApplied()}:
 *
 * <ul>
 *   <li>the call's change (or a change it read) could not be made durable: the manager applied
 *       the call in memory before its log failed, so the change may have been applied and may
 *       or may not survive a restart of the manager ({@code true});
 *   <li>the store was read-only already (since an earlier failure, until the disk takes writes
 *       again): the write was refused at once and changed nothing ({@code false}). Reads keep
 *       working meanwhile.
 * </ul>
 */
public final class StorePersistenceException extends StoreException {

  /** As {@link #mayHaveBeenApplied()} answers it. */
  private final boolean mayHaveBeenApplied;

  /**
   * A call whose change the manager applied in memory but could not make durable.
   *
   * @param operation the failed operation, e.g. {@code set}
   * @param key the key it concerned
   * @param reason the manager's reason, naming the file and the OS error
   */
  public StorePersistenceException(String operation, String key, String reason) {
    this(operation, key, reason, true);
  }

  /**
   * A call that failed on the manager's disk.
   *
   * @param operation the failed operation, e.g. {@code set}
   * @param key the key it concerned
   * @param reason the manager's reason, naming the file and the OS error
   * @param mayHaveBeenApplied true if the manager applied the call in memory before its log
   *     failed; false if it refused the write because it was read-only
   */
  public StorePersistenceException(
      String operation, String key, String reason, boolean mayHaveBeenApplied) {
    super(operation, key, operation + " of key " + KeyRules.show(key) + " failed on the manager's"
        + " disk: " + reason + (mayHaveBeenApplied
            ? "; the manager applied it in memory, it may not survive a restart"
            : "; nothing was changed, retry once the manager's disk takes writes again"),
        null);
    this.mayHaveBeenApplied = mayHaveBeenApplied;
  }

  /**
   * True if the manager applied the call in memory before its log failed (the change may or may
   * not survive a restart); false if the manager was read-only and refused it unapplied.
   *
   * @return whether the call may have been applied
   */
  public boolean mayHaveBeenApplied() {
    return mayHaveBeenApplied;
  }
}
