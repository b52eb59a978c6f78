package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Reply;
import java.util.OptionalLong;

/**
 * One change an operation (or the sweep) made to an engine's state, in the order made. Each
 * carries the engine's revision after it. Applied in order to an empty engine, the changes are
 * enough to rebuild it exactly (entries, deadlines, revision, the increment retry memory), and
 * they say what happened to each key (for a watcher).
 */
public sealed interface Change {

  /**
   * The key changed.
   *
   * @return the key
   */
  String key();

  /**
   * The engine's revision after this change.
   *
   * @return the revision
   */
  long revision();

  /** Why an entry went. */
  enum Cause {
    /** An operation deleted it (delete, deleteIfEquals, getAndDelete, deleteAll). */
    DELETED,
    /** An operation found it expired and freed it. */
    EXPIRED,
    /** The sweep (or a write making room) freed it after its deadline. */
    SWEPT
  }

  /**
   * A key now holds {@code value}.
   *
   * @param key the key
   * @param revision the revision this write produced
   * @param value the value stored
   * @param deadlineMillis when it expires, in epoch milliseconds; empty for never
   */
  record Written(String key, long revision, Bytes value, OptionalLong deadlineMillis)
      implements Change {}

  /**
   * A key's entry went.
   *
   * @param key the key
   * @param revision the revision of the removal
   * @param cause why
   */
  record Removed(String key, long revision, Cause cause) implements Change {}

  /**
   * The result of an operation with a request id was remembered, so that a retry gets it again.
   * Consumes no revision ({@code revision} is the engine's revision when it was remembered).
   *
   * @param key the key
   * @param revision the engine's current revision
   * @param requestId the request id
   * @param result the reply a retry gets
   * @param atMillis when, in epoch milliseconds (the memory lasts the retry window from then)
   */
  record Remembered(String key, long revision, String requestId, Reply result, long atMillis)
      implements Change {}
}
