package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The store as one cluster node sees it. Every operation is one request to the manager with a
 * timeout ({@code shared-store.client.timeout} unless given); none blocks.
 *
 * <p>Argument errors (null or empty key, key over {@code max-key-length}, null value, a timeout
 * below 1 ms) throw at the call and send nothing. Everything else fails the returned stage with
 * a {@link StoreException}: {@link StoreSerializationException}, {@link ValueTooLargeException},
 * {@link StoreTimeoutException}, {@link StoreUnavailableException}, {@link
 * StoreRejectedException}. Stages complete on the client's dispatcher, and their {@code *Async}
 * callbacks without an executor run there too.
 *
 * <p>Operations issued from one client are applied by the manager in the order issued.
 *
 * <p>Each operation has an overload that takes a {@code timeout}: it is the same operation, with
 * that timeout instead of {@link #defaultTimeout()}. An interface, so that an application can
 * fake the store in its own tests; {@link ClusterClient#store()} gives the real one.
 */
public interface StoreClient {

  // ---- Values ----------------------------------------------------------------------------

  /**
   * Stores a value without a TTL, clearing any TTL the key had. A write that times out may
   * still have been applied; set is idempotent, so retrying it is safe.
   */
  default CompletionStage<Done> set(String key, Object value) {
    return set(key, value, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #set(String, Object)}, failing with {@link StoreTimeoutException} after {@code timeout}. */
  default CompletionStage<Done> set(String key, Object value, Duration timeout) {
    return set(key, value, SetOptions.none(), timeout);
  }

  /**
   * Stores a value with options, such as {@code SetOptions.ttl(Duration.ofSeconds(5))}. A write
   * that times out may still have been applied.
   */
  default CompletionStage<Done> set(String key, Object value, SetOptions options) {
    return set(key, value, options, defaultTimeout());
  }

  /** As {@link #set(String, Object, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<Done> set(String key, Object value, SetOptions options, Duration timeout);

  /**
   * The value of a key read as {@code type}; empty if missing or expired. A stored value that
   * cannot be read as {@code type} fails the stage with {@link StoreSerializationException}.
   */
  default <T> CompletionStage<Optional<T>> get(String key, Class<T> type) {
    return get(key, type, defaultTimeout());
  }

  /** As {@link #get(String, Class)}, with its own {@code timeout}. */
  <T> CompletionStage<Optional<T>> get(String key, Class<T> type, Duration timeout);

  /** The value of a key read as a generic type, e.g. {@code new TypeReference<List<Foo>>() {}}. */
  default <T> CompletionStage<Optional<T>> get(String key, TypeReference<T> type) {
    return get(key, type, defaultTimeout());
  }

  /** As {@link #get(String, TypeReference)}, with its own {@code timeout}. */
  <T> CompletionStage<Optional<T>> get(String key, TypeReference<T> type, Duration timeout);

  /**
   * The value of a key as Jackson reads it untyped: String, Integer/Long/BigInteger, Double,
   * Boolean, List or Map.
   */
  default CompletionStage<Optional<Object>> get(String key) {
    return get(key, Object.class, defaultTimeout());
  }

  /** As {@link #get(String)}, with its own {@code timeout}. */
  default CompletionStage<Optional<Object>> get(String key, Duration timeout) {
    return get(key, Object.class, timeout);
  }

  /** True only if the key is present and not expired. */
  default CompletionStage<Boolean> has(String key) {
    return has(key, defaultTimeout());
  }

  /** As {@link #has(String)}, with its own {@code timeout}. */
  CompletionStage<Boolean> has(String key, Duration timeout);

  /**
   * Removes a key; true if it existed (and had not expired). A delete that times out may still
   * have been applied.
   */
  default CompletionStage<Boolean> delete(String key) {
    return delete(key, defaultTimeout());
  }

  /** As {@link #delete(String)}, with its own {@code timeout}. */
  CompletionStage<Boolean> delete(String key, Duration timeout);

  // ---- Counters -------------------------------------------------------------------------

  /**
   * Adds {@code delta} (negative to subtract) to the integer under {@code key} and answers the new
   * value; a missing key counts as 0. Fails with {@link StoreTypeException} if the value is not an
   * integer, {@link StoreOverflowException} if the sum leaves the long range (nothing changes).
   */
  default CompletionStage<Long> increment(String key, long delta) {
    return increment(key, delta, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #increment(String, long)}, with its own {@code timeout}. */
  default CompletionStage<Long> increment(String key, long delta, Duration timeout) {
    return increment(key, delta, SetOptions.none(), timeout);
  }

  /**
   * As {@link #increment(String, long)}; the TTL in {@code options} applies only when this call
   * creates the key, so the key expires a fixed time after its first increment (a window). A
   * timed-out increment may have been applied: retry it with {@code
   * options.withRequestId(e.requestId().get())} and the manager applies it at most once.
   */
  default CompletionStage<Long> increment(String key, long delta, SetOptions options) {
    return increment(key, delta, options, defaultTimeout());
  }

  /** As {@link #increment(String, long, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<Long> increment(String key, long delta, SetOptions options, Duration timeout);

  /**
   * Adds a positive {@code delta} only if the result stays at or below {@code max}: answers the
   * new value, or empty (and changes nothing) when it would pass {@code max}. With a TTL (applied
   * when the call creates the key) this is a whole fixed-window rate limiter in one round trip.
   * A call that times out may have counted: retry with {@code
   * options.withRequestId(e.requestId().get())} to count at most once.
   */
  default CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options) {
    return incrementBounded(key, delta, max, options, defaultTimeout());
  }

  /** As {@link #incrementBounded(String, long, long, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options, Duration timeout);

  // ---- Conditional writes ----------------------------------------------------------------

  /**
   * Stores the value only if the key is absent (Redis SET NX); true if this call stored it. If it
   * times out it may still have stored the value: read the key to learn who holds it.
   */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value) {
    return setIfAbsent(key, value, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #setIfAbsent(String, Object)}, with its own {@code timeout}. */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value, Duration timeout) {
    return setIfAbsent(key, value, SetOptions.none(), timeout);
  }

  /** As {@link #setIfAbsent(String, Object)}, with a TTL: a claim or cooldown that expires. */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value, SetOptions options) {
    return setIfAbsent(key, value, options, defaultTimeout());
  }

  /** As {@link #setIfAbsent(String, Object, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<Boolean> setIfAbsent(
      String key, Object value, SetOptions options, Duration timeout);

  /**
   * Replaces the value with {@code newValue} only if it currently equals {@code expected}, compared
   * as JSON trees (object key order ignored; numbers by value, so 1 == 1L == 1.0); {@code expected
   * == null} means "only if absent". True if it replaced the value. Without options the new value
   * has no TTL, as with {@code set}. A write that times out may still have been applied.
   */
  default CompletionStage<Boolean> compareAndSet(String key, Object expected, Object newValue) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #compareAndSet(String, Object, Object)}, with its own {@code timeout}. */
  default CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, Duration timeout) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), timeout);
  }

  /**
   * As {@link #compareAndSet(String, Object, Object)}, the new value stored with {@code options}
   * (e.g. a TTL).
   */
  default CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options) {
    return compareAndSet(key, expected, newValue, options, defaultTimeout());
  }

  /** As {@link #compareAndSet(String, Object, Object, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options, Duration timeout);

  /**
   * Deletes the key only if its value equals {@code expected} (as in {@link #compareAndSet}): the
   * safe release of a lock or claim, which never deletes another owner's value. If it times out
   * it may still have deleted the value; retrying is safe.
   */
  default CompletionStage<Boolean> deleteIfEquals(String key, Object expected) {
    return deleteIfEquals(key, expected, defaultTimeout());
  }

  /** As {@link #deleteIfEquals(String, Object)}, with its own {@code timeout}. */
  CompletionStage<Boolean> deleteIfEquals(String key, Object expected, Duration timeout);

  /**
   * Deletes the key and answers the value it had, read as {@code type}. If it times out the key
   * may have been deleted and its value lost to this caller.
   */
  default <T> CompletionStage<Optional<T>> getAndDelete(String key, Class<T> type) {
    return getAndDelete(key, type, defaultTimeout());
  }

  /** As {@link #getAndDelete(String, Class)}, with its own {@code timeout}. */
  <T> CompletionStage<Optional<T>> getAndDelete(String key, Class<T> type, Duration timeout);

  /**
   * Stores the value (as {@code set}) and answers the previous one, read as {@code type}. A write
   * that times out may still have been applied.
   */
  default <T> CompletionStage<Optional<T>> getAndSet(String key, Object value, Class<T> type) {
    return getAndSet(key, value, type, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #getAndSet(String, Object, Class)}, with its own {@code timeout}. */
  default <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, Duration timeout) {
    return getAndSet(key, value, type, SetOptions.none(), timeout);
  }

  /** As {@link #getAndSet(String, Object, Class)}, the new value stored with {@code options}. */
  default <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options) {
    return getAndSet(key, value, type, options, defaultTimeout());
  }

  /** As {@link #getAndSet(String, Object, Class, SetOptions)}, with its own {@code timeout}. */
  <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options, Duration timeout);

  // ---- Expiry -----------------------------------------------------------------------------

  /**
   * Gives a live key a new TTL (positive, else IllegalArgumentException); false if missing. If it
   * times out it may still have been applied; retrying is safe.
   */
  default CompletionStage<Boolean> expire(String key, Duration ttl) {
    return expire(key, ttl, defaultTimeout());
  }

  /** As {@link #expire(String, Duration)}, with its own {@code timeout}. */
  CompletionStage<Boolean> expire(String key, Duration ttl, Duration timeout);

  /**
   * Removes a key's TTL; false if the key is missing or has none (as Redis PERSIST). If it times
   * out it may still have been applied; retrying is safe.
   */
  default CompletionStage<Boolean> persist(String key) {
    return persist(key, defaultTimeout());
  }

  /** As {@link #persist(String)}, with its own {@code timeout}. */
  CompletionStage<Boolean> persist(String key, Duration timeout);

  /** Whether the key exists and how long it has left (empty: no expiry). */
  default CompletionStage<Ttl> ttl(String key) {
    return ttl(key, defaultTimeout());
  }

  /** As {@link #ttl(String)}, with its own {@code timeout}. */
  CompletionStage<Ttl> ttl(String key, Duration timeout);

  // ---- Key space ----------------------------------------------------------------------------

  /**
   * Every live key matching {@code glob} ({@code *} any run, {@code ?} one character, {@code \}
   * escapes), in key order. Pages through the store with {@link #scan}, so the manager never does
   * more than {@code shared-store.scan-batch} keys of work per message.
   */
  default CompletionStage<List<String>> keys(String glob) {
    return keys(glob, defaultTimeout());
  }

  /** As {@link #keys(String)}; {@code timeout} applies to each page. */
  CompletionStage<List<String>> keys(String glob, Duration timeout);

  /**
   * One page of the live keys matching {@code glob}, in key order: start with cursor {@code ""},
   * pass each answer's cursor to the next call, and stop when it is {@code ""}. A page may hold
   * fewer than {@code limit} keys (even none) before the end, as Redis SCAN. Keys present for the
   * whole scan are returned exactly once; expired keys never.
   */
  default CompletionStage<ScanPage> scan(String glob, String cursor, int limit) {
    return scan(glob, cursor, limit, defaultTimeout());
  }

  /** As {@link #scan(String, String, int)}, with its own {@code timeout}. */
  CompletionStage<ScanPage> scan(String glob, String cursor, int limit, Duration timeout);

  /** The number of live keys. */
  default CompletionStage<Long> size() {
    return size(defaultTimeout());
  }

  /** As {@link #size()}, with its own {@code timeout}. */
  CompletionStage<Long> size(Duration timeout);

  /**
   * Deletes every live key matching {@code glob} and answers how many; the manager works in
   * bounded steps, so other callers are served meanwhile. (There is no clear(): {@code
   * deleteAll("*")} says what it does.) If it times out the manager still finishes the deletion.
   */
  default CompletionStage<Long> deleteAll(String glob) {
    return deleteAll(glob, defaultTimeout());
  }

  /** As {@link #deleteAll(String)}, with its own {@code timeout}. */
  CompletionStage<Long> deleteAll(String glob, Duration timeout);

  // ---- Batches -------------------------------------------------------------------------------

  /**
   * Reads many keys in one round trip; the answer holds the present keys only. Every key is
   * checked before anything is sent. Keys plus values must fit {@code shared-store.max-value-size}.
   */
  default <T> CompletionStage<Map<String, T>> getAll(Collection<String> keys, Class<T> type) {
    return getAll(keys, type, defaultTimeout());
  }

  /** As {@link #getAll(Collection, Class)}, with its own {@code timeout}. */
  <T> CompletionStage<Map<String, T>> getAll(
      Collection<String> keys, Class<T> type, Duration timeout);

  /**
   * Stores every entry in one round trip, all or nothing. Every key and value is checked, and
   * every value serialized, before anything is sent. A batch that times out may still have been
   * applied (whole); retrying is safe.
   */
  default CompletionStage<Done> setAll(Map<String, ?> entries) {
    return setAll(entries, SetOptions.none(), defaultTimeout());
  }

  /** As {@link #setAll(Map)}, with its own {@code timeout}. */
  default CompletionStage<Done> setAll(Map<String, ?> entries, Duration timeout) {
    return setAll(entries, SetOptions.none(), timeout);
  }

  /** As {@link #setAll(Map)}; the options (e.g. a TTL) apply to every entry. */
  default CompletionStage<Done> setAll(Map<String, ?> entries, SetOptions options) {
    return setAll(entries, options, defaultTimeout());
  }

  /** As {@link #setAll(Map, SetOptions)}, with its own {@code timeout}. */
  CompletionStage<Done> setAll(Map<String, ?> entries, SetOptions options, Duration timeout);

  /** The timeout used when an operation is given none ({@code shared-store.client.timeout}). */
  Duration defaultTimeout();
}
