package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import io.sharedstore.store.protocol.Reply.Applied;
import io.sharedstore.store.protocol.Reply.BoundedCounter;
import io.sharedstore.store.protocol.Reply.Count;
import io.sharedstore.store.protocol.Reply.Counter;
import io.sharedstore.store.protocol.Reply.Deleted;
import io.sharedstore.store.protocol.Reply.DeletedKeys;
import io.sharedstore.store.protocol.Reply.Echoed;
import io.sharedstore.store.protocol.Reply.Exists;
import io.sharedstore.store.protocol.Reply.KeyPage;
import io.sharedstore.store.protocol.Reply.Previous;
import io.sharedstore.store.protocol.Reply.Stats;
import io.sharedstore.store.protocol.Reply.TtlLeft;
import io.sharedstore.store.protocol.Reply.Value;
import io.sharedstore.store.protocol.Reply.Values;
import io.sharedstore.store.protocol.Reply.Written;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One thing the store can do, as data only: no reply address (the envelope adds it: {@link
 * Execute}, {@link Batch}), typed by its reply. Records check nothing in their constructors: a
 * misbehaving peer's malformed operation must reach the store to be refused with a reply ({@code
 * OperationRules}), not vanish in deserialization.
 *
 * <p>Every write answers the revision it produced ({@code revision} in its reply); a write that
 * changed nothing answers the store's current revision.
 *
 * <p>Adding an operation: a record here (and its {@link OperationVisitor} method, which every
 * visitor then fails to compile without: the engine, the rules, the wire table and the size
 * estimate).
 *
 * @param <R> the reply
 */
public sealed interface Operation<R extends Reply> extends CborSerializable
    permits Operation.Set, Operation.Get, Operation.Has, Operation.Delete, Operation.Increment,
        Operation.IncrementBounded, Operation.SetIfAbsent, Operation.CompareAndSet,
        Operation.DeleteIfEquals, Operation.GetAndDelete, Operation.GetAndSet, Operation.Expire,
        Operation.Persist, Operation.GetTtl, Operation.Scan, Operation.GetAll, Operation.SetAll,
        Operation.GetStats, Operation.GetInfo, Operation.Echo, SteppedOperation {

  /**
   * Calls the visitor's method for this operation (double dispatch: each record calls the
   * {@code visit} overload of its own type).
   *
   * @param visitor the visitor
   * @param <T> what the visitor returns
   * @return what the visitor returned
   */
  <T> T accept(OperationVisitor<T> visitor);

  /**
   * Stores {@code value} under {@code key}, replacing any previous value and TTL; without a TTL
   * the key never expires (as Redis {@code SET} clears a TTL). Answers {@link Written} with the
   * revision of the write. Refused as {@code full} if storing it would pass the store's
   * {@code max-entries} or {@code max-memory}.
   *
   * @param key the key
   * @param value the serialized value
   * @param ttlMillis the time to live, empty for none
   */
  record Set(String key, Bytes value, OptionalLong ttlMillis) implements Operation<Written> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Reads a key; answers {@link Value}, empty if missing or expired.
   *
   * @param key the key
   */
  record Get(String key) implements Operation<Value> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Asks whether a key is present and not expired; answers {@link Exists}.
   *
   * @param key the key
   */
  record Has(String key) implements Operation<Exists> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Removes a key; answers {@link Deleted}, true if it existed, with the revision of the removal
   * (the current revision if the key was missing).
   *
   * @param key the key
   */
  record Delete(String key) implements Operation<Deleted> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Adds {@code delta} to the integer stored under {@code key} (a missing key counts as 0) and
   * answers the new value. The TTL applies only when this call creates the key (a fixed window).
   * A request id makes a retry safe: the store answers a repeated id with the first result for
   * {@code shared-store.retry-window}. Refused as {@code type} if the value is not an integer, as
   * {@code overflow} if the sum leaves the long range.
   *
   * @param key the key
   * @param delta what to add (may be negative)
   * @param ttlMillis the TTL of a key this creates, empty for none
   * @param requestId the retry id, empty for none
   */
  record Increment(String key, long delta, OptionalLong ttlMillis, Optional<String> requestId)
      implements Operation<Counter> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Adds a positive {@code delta} only if the result stays at or below {@code max}; answers the
   * new value, or empty when the increment would pass {@code max} (and nothing changed, so the
   * reply carries the current revision): a rate limiter in one message. TTL, request id and
   * refusals ({@code type}) as for {@link Increment}; a {@code delta} that is not positive is
   * refused as {@code invalid}.
   *
   * @param key the key
   * @param delta what to add, positive
   * @param max the bound the result may reach
   * @param ttlMillis the TTL of a key this creates, empty for none
   * @param requestId the retry id, empty for none
   */
  record IncrementBounded(
      String key, long delta, long max, OptionalLong ttlMillis, Optional<String> requestId)
      implements Operation<BoundedCounter> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Stores the value only if the key is absent (missing or expired); answers {@link Applied},
   * true with the revision of the write if it stored it, false with the current revision if the
   * key was live.
   *
   * @param key the key
   * @param value the serialized value
   * @param ttlMillis the time to live, empty for none
   */
  record SetIfAbsent(String key, Bytes value, OptionalLong ttlMillis)
      implements Operation<Applied> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Replaces the value only if the current one equals {@code expected} as a JSON tree (object
   * key order ignored, numbers by value), or, with {@code expected} empty, only if the key is
   * absent. The new value takes {@code ttlMillis} (none: no TTL, as {@link Set}). Answers
   * {@link Applied}: true with the revision of the write, or false with the current revision.
   * Refused as {@code invalid} if {@code expected} cannot be read as a value.
   *
   * @param key the key
   * @param expected the value expected, empty for "absent"
   * @param value the new serialized value
   * @param ttlMillis the new value's time to live, empty for none
   */
  record CompareAndSet(String key, Optional<Bytes> expected, Bytes value, OptionalLong ttlMillis)
      implements Operation<Applied> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Deletes the key only if its value equals {@code expected} as a JSON tree; answers {@link
   * Applied}, true if it deleted it, with the revision after (the removal's, or the current one).
   * Refused as {@code invalid} if {@code expected} cannot be read as a value.
   *
   * @param key the key
   * @param expected the value expected
   */
  record DeleteIfEquals(String key, Bytes expected) implements Operation<Applied> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Deletes the key and answers the value it had ({@link Previous}, empty if none), with the
   * revision of the removal (the current revision if the key was missing).
   *
   * @param key the key
   */
  record GetAndDelete(String key) implements Operation<Previous> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Stores the value (as {@link Set}) and answers the previous one ({@link Previous}, empty if
   * the key was missing), with the revision of the write.
   *
   * @param key the key
   * @param value the serialized value
   * @param ttlMillis the time to live, empty for none
   */
  record GetAndSet(String key, Bytes value, OptionalLong ttlMillis)
      implements Operation<Previous> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Gives a live key a new TTL, counted from now; answers {@link Applied}: true with the
   * revision of the change, false with the current revision if the key is missing.
   *
   * @param key the key
   * @param ttlMillis the new time to live, positive
   */
  record Expire(String key, long ttlMillis) implements Operation<Applied> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Removes a key's TTL; answers {@link Applied}: true with the revision of the change, false
   * with the current revision if the key is missing or has no TTL (as Redis).
   *
   * @param key the key
   */
  record Persist(String key) implements Operation<Applied> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Asks a key's remaining time to live; answers {@link TtlLeft} (not live, live without a TTL,
   * or live with the milliseconds left).
   *
   * @param key the key
   */
  record GetTtl(String key) implements Operation<TtlLeft> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * One page of the live keys matching {@code glob}, in key order, after {@code cursor} ({@code
   * ""} to start). Examines at most {@code shared-store.scan-batch} keys, so a page may hold
   * fewer than {@code limit} keys before the end; the answer's cursor is {@code ""} when the
   * scan is complete. Keys present for the whole scan are listed exactly once. Answers {@link
   * KeyPage}.
   *
   * @param glob the pattern ({@code *}, {@code ?}, backslash escapes)
   * @param cursor where to resume, {@code ""} to start
   * @param limit the most keys on the page, 1..{@code OperationRules.MAX_SCAN_LIMIT}
   */
  record Scan(String glob, String cursor, int limit) implements Operation<KeyPage> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Reads many keys at once; answers {@link Values} with the present ones only. Refused as
   * {@code invalid} if the answer would be larger than {@code max-value-size}.
   *
   * @param keys the keys (copied; nulls are kept for the store to refuse)
   */
  record GetAll(List<String> keys) implements Operation<Values> {
    /**
     * Copies the keys.
     *
     * @param keys the keys (copied; nulls are kept for the store to refuse)
     */
    public GetAll {
      keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
    }

    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Stores every entry, all or nothing, each with {@code ttlMillis} (none: no TTL). Answers
   * {@link Written} with the revision of its last write; refused as {@code full} (and nothing
   * stored) if the entries together would pass the store's bounds, as {@code invalid} if they
   * are together larger than {@code max-value-size}.
   *
   * @param entries keys and serialized values (copied, in their order)
   * @param ttlMillis the time to live of every entry, empty for none
   */
  record SetAll(Map<String, Bytes> entries, OptionalLong ttlMillis)
      implements Operation<Written> {
    /**
     * Copies the entries.
     *
     * @param entries keys and serialized values (copied, in their order)
     * @param ttlMillis the time to live of every entry, empty for none
     */
    public SetAll {
      entries = entries == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /** Asks for the store's entry counts; answers {@link Stats}. */
  record GetStats() implements Operation<Stats> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Asks what the manager tells of itself (Redis's {@code INFO}); answers {@link ManagerInfo}.
   * Answered by the store's host, which adds the server section and the clients to what the
   * engine counts; sent alone, never in a {@link Batch} (which refuses it).
   */
  record GetInfo() implements Operation<ManagerInfo> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Asks the store to answer, and nothing else (Redis's {@code PING}); answers {@link Echoed}.
   * Queued and applied like any other operation, also inside a {@link Batch}, so the time to its
   * answer is the round trip plus the store's queueing: what a latency probe measures. Changes
   * nothing. (Not the heartbeat's {@link Ping}, which the store's heartbeat answers apart.)
   */
  record Echo() implements Operation<Echoed> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /** Asks the number of live keys; answers {@link Count} after freeing expired entries in steps. */
  record Size() implements SteppedOperation<Count> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Deletes every live key matching {@code glob}, in bounded steps ({@code shared-store.scan-batch}
   * keys examined per step); answers {@link DeletedKeys}: how many, with the store's revision
   * when the last step ran. Keys written between steps may or may not be deleted. Refused as
   * {@code invalid} (before any step deletes) if the glob breaks the rules.
   *
   * @param glob the pattern
   */
  record DeleteAll(String glob) implements SteppedOperation<DeletedKeys> {
    @Override
    public <T> T accept(OperationVisitor<T> visitor) {
      return visitor.visit(this);
    }
  }
}
