package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every answer an {@link Operation} can get. The answers of writes carry the {@code revision}
 * the write produced (the store's current revision when it changed nothing).
 */
public sealed interface Reply extends CborSerializable
    permits Reply.Written, Reply.Value, Reply.Exists, Reply.Deleted, Reply.Counter,
        Reply.BoundedCounter, Reply.Applied, Reply.Previous, Reply.TtlLeft, Reply.KeyPage,
        Reply.Count, Reply.DeletedKeys, Reply.Values, Reply.Stats, Reply.Echoed, ManagerInfo {

  /**
   * A write that has nothing to say but "done": the answer of {@link Operation.Set} and {@link
   * Operation.SetAll}.
   *
   * @param revision the revision of the write (of a setAll, its last write; the current revision
   *     if it stored nothing)
   */
  record Written(long revision) implements Reply {}

  /**
   * A serialized value, or empty when the key is missing or expired.
   *
   * @param bytes the value
   */
  record Value(Optional<Bytes> bytes) implements Reply {}

  /**
   * Whether a key is present and not expired.
   *
   * @param exists true if present
   */
  record Exists(boolean exists) implements Reply {}

  /**
   * Whether a deleted key existed.
   *
   * @param existed true if it was live
   * @param revision the revision of the delete, the current revision if the key was missing
   */
  record Deleted(boolean existed, long revision) implements Reply {}

  /**
   * A counter's value after an increment.
   *
   * @param value the new value
   * @param revision the revision of the increment
   */
  record Counter(long value, long revision) implements Reply {}

  /**
   * A bounded counter's value after an increment, or empty when the bound refused it.
   *
   * @param value the new value, empty if the bound refused it
   * @param revision the revision of the increment, the current revision if the bound refused it
   */
  record BoundedCounter(OptionalLong value, long revision) implements Reply {}

  /**
   * Whether a conditional operation changed the store.
   *
   * @param applied true if it did
   * @param revision the revision of the change, the current revision if nothing changed
   */
  record Applied(boolean applied, long revision) implements Reply {}

  /**
   * The value a key had before a write replaced or deleted it.
   *
   * @param value the previous value, empty if none
   * @param revision the revision of the write, the current revision if nothing changed (a
   *     getAndDelete of a missing key)
   */
  record Previous(Optional<Bytes> value, long revision) implements Reply {}

  /**
   * A key's remaining time to live.
   *
   * @param exists whether the key is live
   * @param remainingMillis the milliseconds it has left (positive), empty when it has no TTL or
   *     is not live
   */
  record TtlLeft(boolean exists, OptionalLong remainingMillis) implements Reply {}

  /**
   * One page of a scan.
   *
   * @param keys the matching keys (copied)
   * @param cursor where the next page starts, {@code ""} when the scan is complete
   */
  record KeyPage(List<String> keys, String cursor) implements Reply {
    /**
     * Copies the keys.
     *
     * @param keys the matching keys (copied)
     * @param cursor where the next page starts, {@code ""} when the scan is complete
     * @throws NullPointerException if {@code keys} is or holds null
     */
    public KeyPage {
      keys = List.copyOf(keys);
    }
  }

  /**
   * A number of keys: the answer of {@link Operation.Size}, the live keys once the expired ones
   * are freed.
   *
   * @param count how many
   */
  record Count(long count) implements Reply {}

  /**
   * How many keys a pattern delete removed.
   *
   * @param count how many
   * @param revision the store's revision when the last step ran (that of its last removal
   *     unless other writes came between the steps)
   */
  record DeletedKeys(long count, long revision) implements Reply {}

  /**
   * The present keys of a {@link Operation.GetAll}, with their serialized values.
   *
   * @param values by key, in the order asked (copied)
   */
  record Values(Map<String, Bytes> values) implements Reply {
    /**
     * Copies the values.
     *
     * @param values by key, in the order asked (copied)
     * @throws NullPointerException if {@code values} is null
     */
    public Values {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * Entry counts: {@code storedEntries} includes expired entries the sweep has not yet freed.
   *
   * @param storedEntries entries stored
   * @param entriesWithTtl entries stored with a TTL
   * @param revision the store's current revision
   */
  record Stats(long storedEntries, long entriesWithTtl, long revision) implements Reply {}

  /** The answer of {@link Operation.Echo}: the store got to it. */
  record Echoed() implements Reply {}
}
