package io.sharedstore.store;

import io.sharedstore.store.wire.Opcode;

/**
 * Told what the store does, for the manager's metrics: each operation it handled and each fsync
 * of its log. Called on the store's own threads while they work, so an implementation records
 * and returns (no I/O, no locks held long, nothing allocated per call if it can help it); an
 * exception it throws is a bug of the manager's, and resumes the store as any other.
 */
public interface StoreObserver {

  /** Observes nothing. */
  StoreObserver NONE = new StoreObserver() {};

  /**
   * One operation was handled, on the store's thread.
   *
   * @param opcode the operation's opcode ({@link Opcode#typeName()} names it as the info does)
   * @param refused true if it was refused (bad input, full, read-only ...), false if it was
   *     applied
   * @param nanos how long the store's handling took: the engine's apply (every step of a stepped
   *     operation together), not the time queued nor the wait for the log
   */
  default void handled(Opcode opcode, boolean refused, long nanos) {}

  /**
   * The journal fsynced its log, on the journal's (or the store's) thread.
   *
   * @param nanos how long the fsync took
   */
  default void fsynced(long nanos) {}
}
