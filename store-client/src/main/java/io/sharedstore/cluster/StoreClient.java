package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The store as one cluster node sees it. Every operation is one request to the manager with a
 * timeout ({@code shared-store.client.timeout} unless given); none blocks.
 *
 * <p><b>Refused at the call.</b> Argument errors throw at the call and send nothing: {@link
 * NullPointerException} for a null key, value, type, options or timeout; {@link
 * IllegalArgumentException} for an empty key, a key longer than {@code shared-store.max-key-length}
 * UTF-8 bytes or with an unpaired surrogate, an invalid glob, and a timeout below 1 ms (zero and
 * negative included); {@link IllegalStateException} once the client is {@linkplain
 * ClusterClient#close() closed}.
 *
 * <p><b>Failures of the stage.</b> Everything else fails the returned stage with a {@link
 * StoreException}: {@link StoreSerializationException} (a value that Jackson cannot write, or a
 * stored value that cannot be read as the requested type), {@link ValueTooLargeException} (a
 * serialized value over {@code shared-store.max-value-size}; nothing is sent), {@link
 * StoreTimeoutException} (no answer within the call's timeout), {@link StoreUnavailableException}
 * (the manager is unreachable: a new call fails at once and is not sent), {@link
 * StoreFullException} (a write that would pass the manager's limits) and {@link
 * StoreRejectedException} (an argument the manager refused). Stages complete on the client's
 * dispatcher, and their {@code *Async} callbacks without an executor run there too.
 *
 * <p>Operations issued from one client are applied by the manager in the order issued.
 *
 * <p><b>Timeout overloads.</b> Each operation has an overload that takes a {@code Duration
 * timeout}: it is the same operation, with that timeout for this call instead of {@link
 * #defaultTimeout()} ({@code shared-store.client.timeout}). A timeout below 1 ms is refused with
 * {@link IllegalArgumentException} at the call, and a call that gets no answer in time fails with
 * a {@link StoreTimeoutException} whose {@link StoreTimeoutException#timeout()} is that timeout.
 *
 * <p>An interface, so that an application can fake the store in its own tests; {@link
 * ClusterClient#store()} gives the real one.
 */
public interface StoreClient {

  // ---- Values ----------------------------------------------------------------------------

  /**
   * Stores a value without a TTL, clearing any TTL the key had. A write that times out may
   * still have been applied; set is idempotent, so retrying it is safe.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @return a stage that completes with {@link Done} once the manager stored the value, or fails
   *     with a {@link StoreException} (e.g. {@link ValueTooLargeException}, {@link
   *     StoreFullException})
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> set(String key, Object value) {
    return set(key, value, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #set(String, Object)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with {@link Done} once the manager stored the value, or fails
   *     with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if
   *     no answer came within it
   * @throws NullPointerException if {@code key}, {@code value} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> set(String key, Object value, Duration timeout) {
    return set(key, value, SetOptions.none(), timeout);
  }

  /**
   * Stores a value with options, such as {@code SetOptions.ttl(Duration.ofSeconds(5))}; without a
   * TTL in them, any TTL the key had is cleared. A write that times out may still have been
   * applied.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the TTL, if any ({@link SetOptions#none()} for none)
   * @return a stage that completes with {@link Done} once the manager stored the value, or fails
   *     with a {@link StoreException}
   * @throws NullPointerException if {@code key}, {@code value} or {@code options} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> set(String key, Object value, SetOptions options) {
    return set(key, value, options, defaultTimeout());
  }

  /**
   * As {@link #set(String, Object, SetOptions)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the TTL, if any ({@link SetOptions#none()} for none)
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with {@link Done} once the manager stored the value, or fails
   *     with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if
   *     no answer came within it
   * @throws NullPointerException if {@code key}, {@code value}, {@code options} or {@code
   *     timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Done> set(String key, Object value, SetOptions options, Duration timeout);

  /**
   * The value of a key read as {@code type}; empty if missing or expired. A stored value that
   * cannot be read as {@code type} fails the stage with {@link StoreSerializationException}. A
   * read that times out changed nothing and can be retried.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the value as
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code type} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> get(String key, Class<T> type) {
    return get(key, type, defaultTimeout());
  }

  /**
   * As {@link #get(String, Class)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the value as
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code type} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<Optional<T>> get(String key, Class<T> type, Duration timeout);

  /**
   * The value of a key read as a generic type, e.g. {@code new TypeReference<List<Foo>>() {}};
   * otherwise as {@link #get(String, Class)}.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the generic type to read the value as
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException} ({@link StoreSerializationException} if the value
   *     cannot be read as {@code type})
   * @throws NullPointerException if {@code key} or {@code type} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> get(String key, TypeReference<T> type) {
    return get(key, type, defaultTimeout());
  }

  /**
   * As {@link #get(String, TypeReference)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the generic type to read the value as
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code type} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<Optional<T>> get(String key, TypeReference<T> type, Duration timeout);

  /**
   * The value of a key as Jackson reads it untyped: String, Integer/Long/BigInteger, Double,
   * Boolean, List or Map.
   *
   * @param key the key
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Optional<Object>> get(String key) {
    return get(key, Object.class, defaultTimeout());
  }

  /**
   * As {@link #get(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the value, or empty if the key is missing or expired; or
   *     fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Optional<Object>> get(String key, Duration timeout) {
    return get(key, Object.class, timeout);
  }

  /**
   * Whether a key is present; the value is not transferred.
   *
   * @param key the key
   * @return a stage that completes with true only if the key is present and not expired, or
   *     fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> has(String key) {
    return has(key, defaultTimeout());
  }

  /**
   * As {@link #has(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true only if the key is present and not expired, or
   *     fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> has(String key, Duration timeout);

  /**
   * Removes a key. A delete that times out may still have been applied; retrying is safe.
   *
   * @param key the key
   * @return a stage that completes with true if the key existed (and had not expired), or fails
   *     with a {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> delete(String key) {
    return delete(key, defaultTimeout());
  }

  /**
   * As {@link #delete(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if the key existed (and had not expired), or fails
   *     with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if
   *     no answer came within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> delete(String key, Duration timeout);

  // ---- Counters -------------------------------------------------------------------------

  /**
   * Adds {@code delta} (negative to subtract) to the integer under {@code key} and answers the new
   * value; a missing key counts as 0 and is created without a TTL, an existing key keeps its TTL.
   * Each call carries a fresh request id, which a {@link StoreTimeoutException} names for a retry
   * (see {@link #increment(String, long, SetOptions)}).
   *
   * @param key the key
   * @param delta the amount to add
   * @return a stage that completes with the new value, or fails with {@link StoreTypeException}
   *     if the stored value is not an integer, {@link StoreOverflowException} if the sum leaves
   *     the long range (nothing changes in either case), or another {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Long> increment(String key, long delta) {
    return increment(key, delta, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #increment(String, long)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param delta the amount to add
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the new value, or fails with a {@link StoreException}
   *     (as {@link #increment(String, long)}); a {@link StoreTimeoutException} naming {@code
   *     timeout} and the request id if no answer came within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Long> increment(String key, long delta, Duration timeout) {
    return increment(key, delta, SetOptions.none(), timeout);
  }

  /**
   * As {@link #increment(String, long)}; the TTL in {@code options} applies only when this call
   * creates the key, so the key expires a fixed time after its first increment (a window). A
   * timed-out increment may have been applied: retry it with {@code
   * options.withRequestId(e.requestId().get())} and the manager applies it at most once.
   *
   * @param key the key
   * @param delta the amount to add
   * @param options the TTL for a key this call creates, and the request id of a retried call
   * @return a stage that completes with the new value, or fails with a {@link StoreException}
   *     (as {@link #increment(String, long)})
   * @throws NullPointerException if {@code key} or {@code options} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Long> increment(String key, long delta, SetOptions options) {
    return increment(key, delta, options, defaultTimeout());
  }

  /**
   * As {@link #increment(String, long, SetOptions)}, with this call's own timeout instead of
   * {@code shared-store.client.timeout}.
   *
   * @param key the key
   * @param delta the amount to add
   * @param options the TTL for a key this call creates, and the request id of a retried call
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the new value, or fails with a {@link StoreException}
   *     (as {@link #increment(String, long)}); a {@link StoreTimeoutException} naming {@code
   *     timeout} and the request id if no answer came within it
   * @throws NullPointerException if {@code key}, {@code options} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Long> increment(String key, long delta, SetOptions options, Duration timeout);

  /**
   * Adds a positive {@code delta} only if the result stays at or below {@code max}: answers the
   * new value, or empty (and changes nothing) when it would pass {@code max}. With a TTL (applied
   * when the call creates the key) this is a whole fixed-window rate limiter in one round trip.
   * A call that times out may have counted: retry with {@code
   * options.withRequestId(e.requestId().get())} to count at most once.
   *
   * @param key the key; a missing key counts as 0
   * @param delta the amount to add, positive
   * @param max the largest value the counter may reach
   * @param options the TTL for a key this call creates, and the request id of a retried call
   * @return a stage that completes with the new value, or empty if it would pass {@code max};
   *     or fails with {@link StoreTypeException} if the stored value is not an integer, or another
   *     {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code options} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code delta} is not positive
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options) {
    return incrementBounded(key, delta, max, options, defaultTimeout());
  }

  /**
   * As {@link #incrementBounded(String, long, long, SetOptions)}, with this call's own timeout
   * instead of {@code shared-store.client.timeout}.
   *
   * @param key the key; a missing key counts as 0
   * @param delta the amount to add, positive
   * @param max the largest value the counter may reach
   * @param options the TTL for a key this call creates, and the request id of a retried call
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the new value, or empty if it would pass {@code max};
   *     or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} and the request id if no answer came within it
   * @throws NullPointerException if {@code key}, {@code options} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid, {@code delta} is not positive or
   *     {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options, Duration timeout);

  // ---- Conditional writes ----------------------------------------------------------------

  /**
   * Stores the value only if the key is absent (Redis SET NX), without a TTL. If it times out it
   * may still have stored the value: read the key to learn who holds it.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @return a stage that completes with true if this call stored the value, false if the key was
   *     present; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value) {
    return setIfAbsent(key, value, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #setIfAbsent(String, Object)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if this call stored the value, false if the key was
   *     present; or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming
   *     {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code value} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value, Duration timeout) {
    return setIfAbsent(key, value, SetOptions.none(), timeout);
  }

  /**
   * As {@link #setIfAbsent(String, Object)}, with a TTL: a claim or cooldown that expires.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the TTL the value gets if this call stores it
   * @return a stage that completes with true if this call stored the value, false if the key was
   *     present; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key}, {@code value} or {@code options} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> setIfAbsent(String key, Object value, SetOptions options) {
    return setIfAbsent(key, value, options, defaultTimeout());
  }

  /**
   * As {@link #setIfAbsent(String, Object, SetOptions)}, with this call's own timeout instead of
   * {@code shared-store.client.timeout}.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the TTL the value gets if this call stores it
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if this call stored the value, false if the key was
   *     present; or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming
   *     {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code value}, {@code options} or {@code
   *     timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> setIfAbsent(
      String key, Object value, SetOptions options, Duration timeout);

  /**
   * Replaces the value with {@code newValue} only if it currently equals {@code expected}, compared
   * as JSON trees (object key order ignored; numbers by value, so 1 == 1L == 1.0); {@code expected
   * == null} means "only if absent". Without options the new value has no TTL, as with {@code
   * set}. A write that times out may still have been applied.
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @return a stage that completes with true if this call replaced the value, false if the key
   *     held something else; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code newValue} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> compareAndSet(String key, Object expected, Object newValue) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #compareAndSet(String, Object, Object)}, with this call's own timeout instead of
   * {@code shared-store.client.timeout}.
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if this call replaced the value, false if the key
   *     held something else; or fails with a {@link StoreException}; a {@link
   *     StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code newValue} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, Duration timeout) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), timeout);
  }

  /**
   * As {@link #compareAndSet(String, Object, Object)}, the new value stored with {@code options}
   * (e.g. a TTL).
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @return a stage that completes with true if this call replaced the value, false if the key
   *     held something else; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key}, {@code newValue} or {@code options} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options) {
    return compareAndSet(key, expected, newValue, options, defaultTimeout());
  }

  /**
   * As {@link #compareAndSet(String, Object, Object, SetOptions)}, with this call's own timeout
   * instead of {@code shared-store.client.timeout}.
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if this call replaced the value, false if the key
   *     held something else; or fails with a {@link StoreException}; a {@link
   *     StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code newValue}, {@code options} or {@code
   *     timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options, Duration timeout);

  /**
   * Deletes the key only if its value equals {@code expected} (as in {@link #compareAndSet}): the
   * safe release of a lock or claim, which never deletes another owner's value. If it times out
   * it may still have deleted the value; retrying is safe.
   *
   * @param key the key
   * @param expected the value the key must hold for the delete to happen
   * @return a stage that completes with true if this call deleted the key, false if it was
   *     missing or held something else; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code expected} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> deleteIfEquals(String key, Object expected) {
    return deleteIfEquals(key, expected, defaultTimeout());
  }

  /**
   * As {@link #deleteIfEquals(String, Object)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param expected the value the key must hold for the delete to happen
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if this call deleted the key, false if it was
   *     missing or held something else; or fails with a {@link StoreException}; a {@link
   *     StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code expected} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> deleteIfEquals(String key, Object expected, Duration timeout);

  /**
   * Deletes the key and answers the value it had, read as {@code type}. If it times out the key
   * may have been deleted and its value lost to this caller.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the deleted value as
   * @return a stage that completes with the deleted value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException} ({@link StoreSerializationException} if
   *     the value cannot be read as {@code type}: the key is deleted all the same)
   * @throws NullPointerException if {@code key} or {@code type} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> getAndDelete(String key, Class<T> type) {
    return getAndDelete(key, type, defaultTimeout());
  }

  /**
   * As {@link #getAndDelete(String, Class)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the deleted value as
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the deleted value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming
   *     {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code type} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<Optional<T>> getAndDelete(String key, Class<T> type, Duration timeout);

  /**
   * Stores the value (as {@code set}, without a TTL) and answers the previous one, read as {@code
   * type}. A write that times out may still have been applied.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @return a stage that completes with the previous value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException} ({@link StoreSerializationException} if
   *     the previous value cannot be read as {@code type}: the new value is stored all the same)
   * @throws NullPointerException if {@code key}, {@code value} or {@code type} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> getAndSet(String key, Object value, Class<T> type) {
    return getAndSet(key, value, type, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #getAndSet(String, Object, Class)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the previous value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming
   *     {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code value}, {@code type} or {@code timeout}
   *     is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, Duration timeout) {
    return getAndSet(key, value, type, SetOptions.none(), timeout);
  }

  /**
   * As {@link #getAndSet(String, Object, Class)}, the new value stored with {@code options}.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @return a stage that completes with the previous value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key}, {@code value}, {@code type} or {@code options}
   *     is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options) {
    return getAndSet(key, value, type, options, defaultTimeout());
  }

  /**
   * As {@link #getAndSet(String, Object, Class, SetOptions)}, with this call's own timeout
   * instead of {@code shared-store.client.timeout}.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the previous value, or empty if the key was missing or
   *     expired; or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming
   *     {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code value}, {@code type}, {@code options} or
   *     {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options, Duration timeout);

  // ---- Expiry -----------------------------------------------------------------------------

  /**
   * Gives a live key a new TTL, replacing any it had. If it times out it may still have been
   * applied; retrying is safe.
   *
   * @param key the key
   * @param ttl the new time to live, at least 1 ms
   * @return a stage that completes with true if the key exists and got the TTL, false if it is
   *     missing or expired; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} or {@code ttl} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code ttl} is not positive
   *     (or under a millisecond)
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> expire(String key, Duration ttl) {
    return expire(key, ttl, defaultTimeout());
  }

  /**
   * As {@link #expire(String, Duration)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param ttl the new time to live, at least 1 ms
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if the key exists and got the TTL, false if it is
   *     missing or expired; or fails with a {@link StoreException}; a {@link
   *     StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key}, {@code ttl} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid, {@code ttl} is not positive (or
   *     under a millisecond) or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> expire(String key, Duration ttl, Duration timeout);

  /**
   * Removes a key's TTL (as Redis PERSIST). If it times out it may still have been applied;
   * retrying is safe.
   *
   * @param key the key
   * @return a stage that completes with true if the key had a TTL and now has none, false if the
   *     key is missing or has no TTL; or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Boolean> persist(String key) {
    return persist(key, defaultTimeout());
  }

  /**
   * As {@link #persist(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with true if the key had a TTL and now has none, false if the
   *     key is missing or has no TTL; or fails with a {@link StoreException}; a {@link
   *     StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Boolean> persist(String key, Duration timeout);

  /**
   * Whether the key exists and how long it has left.
   *
   * @param key the key
   * @return a stage that completes with the key's {@link Ttl} (its remaining time empty when the
   *     key has no expiry or does not exist), or fails with a {@link StoreException}
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Ttl> ttl(String key) {
    return ttl(key, defaultTimeout());
  }

  /**
   * As {@link #ttl(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param key the key
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the key's {@link Ttl}, or fails with a {@link
   *     StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if no answer came
   *     within it
   * @throws NullPointerException if {@code key} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code key} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Ttl> ttl(String key, Duration timeout);

  // ---- Key space ----------------------------------------------------------------------------

  /**
   * Every live key matching {@code glob} ({@code *} any run, {@code ?} one character, {@code \}
   * escapes), in key order. Pages through the store with {@link #scan}, so the manager never does
   * more than {@code shared-store.scan-batch} keys of work per message.
   *
   * @param glob the pattern keys must match ({@code *} for every key)
   * @return a stage that completes with the matching keys (an unmodifiable list), or fails with
   *     the {@link StoreException} of the first page that failed
   * @throws NullPointerException if {@code glob} is null
   * @throws IllegalArgumentException if {@code glob} is empty, longer than {@code
   *     max-key-length}, ends in a lone backslash or is not valid Unicode
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<List<String>> keys(String glob) {
    return keys(glob, defaultTimeout());
  }

  /**
   * As {@link #keys(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}, applied to each page: the whole listing can take longer.
   *
   * @param glob the pattern keys must match ({@code *} for every key)
   * @param timeout how long each page's request waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the matching keys (an unmodifiable list), or fails with
   *     the {@link StoreException} of the first page that failed; a {@link StoreTimeoutException}
   *     naming {@code timeout} if a page got no answer within it
   * @throws NullPointerException if {@code glob} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code glob} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<List<String>> keys(String glob, Duration timeout);

  /**
   * One page of the live keys matching {@code glob}, in key order: start with cursor {@code ""},
   * pass each answer's cursor to the next call, and stop when it is {@code ""}. A page may hold
   * fewer than {@code limit} keys (even none) before the end, as Redis SCAN. Keys present for the
   * whole scan are returned exactly once; expired keys never.
   *
   * @param glob the pattern keys must match, as in {@link #keys(String)}
   * @param cursor {@code ""} for the first page, else the previous page's {@link
   *     ScanPage#cursor()}
   * @param limit the most keys the page may hold, 1 to 100,000
   * @return a stage that completes with the page, or fails with a {@link StoreException}
   * @throws NullPointerException if {@code glob} or {@code cursor} is null
   * @throws IllegalArgumentException if {@code glob} is invalid or {@code limit} is out of range
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<ScanPage> scan(String glob, String cursor, int limit) {
    return scan(glob, cursor, limit, defaultTimeout());
  }

  /**
   * As {@link #scan(String, String, int)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param glob the pattern keys must match, as in {@link #keys(String)}
   * @param cursor {@code ""} for the first page, else the previous page's {@link
   *     ScanPage#cursor()}
   * @param limit the most keys the page may hold, 1 to 100,000
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the page, or fails with a {@link StoreException}; a
   *     {@link StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code glob}, {@code cursor} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code glob} is invalid, {@code limit} is out of range or
   *     {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<ScanPage> scan(String glob, String cursor, int limit, Duration timeout);

  /**
   * The number of live keys; the manager first frees expired keys in bounded steps, serving
   * other callers meanwhile.
   *
   * @return a stage that completes with the number of keys present and not expired, or fails
   *     with a {@link StoreException}
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Long> size() {
    return size(defaultTimeout());
  }

  /**
   * As {@link #size()}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the number of live keys, or fails with a {@link
   *     StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if no answer came
   *     within it
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Long> size(Duration timeout);

  /**
   * What the manager tells of itself, as Redis's {@code INFO}: its server (version, epoch,
   * uptime, process id, address, persistence), the clients connected (address, cluster id, first
   * seen, last heartbeat), memory (the entries' estimated bytes, entries, with a TTL, the heap),
   * stats since it started (calls per operation, keyspace hits and misses, expired keys, refusals
   * by reason, watches) and the keyspace (keys, with a TTL). Sent alone, not coalesced with other
   * calls; the call itself counts as an {@code info} call.
   *
   * @return a stage that completes with the info, or fails with a {@link StoreException}
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<StoreInfo> info() {
    return info(defaultTimeout());
  }

  /**
   * As {@link #info()}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the info, or fails with a {@link StoreException}; a
   *     {@link StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<StoreInfo> info(Duration timeout);

  /**
   * A round trip to the store, as Redis's {@code PING}: the manager's store answers it like any
   * other request, in its turn (so the time includes the store's queueing), and the stage
   * completes with the time from this call to the answer as this client measured it (its
   * connection's batching and the hop to the client's dispatcher included). It reads and changes
   * nothing; the manager counts it as an {@code echo} call.
   *
   * @return a stage that completes with the round trip, or fails with a {@link StoreException}
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Duration> ping() {
    return ping(defaultTimeout());
  }

  /**
   * As {@link #ping()}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the round trip, or fails with a {@link StoreException};
   *     a {@link StoreTimeoutException} naming {@code timeout} if no answer came within it
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Duration> ping(Duration timeout);

  /**
   * Deletes every live key matching {@code glob} and answers how many; the manager works in
   * bounded steps, so other callers are served meanwhile. (There is no clear(): {@code
   * deleteAll("*")} says what it does.) If it times out the manager still finishes the deletion.
   *
   * @param glob the pattern keys must match, as in {@link #keys(String)}
   * @return a stage that completes with the number of keys deleted, or fails with a {@link
   *     StoreException}
   * @throws NullPointerException if {@code glob} is null
   * @throws IllegalArgumentException if {@code glob} is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Long> deleteAll(String glob) {
    return deleteAll(glob, defaultTimeout());
  }

  /**
   * As {@link #deleteAll(String)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param glob the pattern keys must match, as in {@link #keys(String)}
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the number of keys deleted, or fails with a {@link
   *     StoreException}; a {@link StoreTimeoutException} naming {@code timeout} if no answer came
   *     within it (the manager still finishes the deletion)
   * @throws NullPointerException if {@code glob} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code glob} is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Long> deleteAll(String glob, Duration timeout);

  // ---- Batches -------------------------------------------------------------------------------

  /**
   * Reads many keys in one round trip; the answer holds the present keys only. Every key is
   * checked before anything is sent. Keys plus values must fit {@code shared-store.max-value-size}.
   *
   * @param <T> the type to read the values as
   * @param keys the keys to read
   * @param type the class to read every value as
   * @return a stage that completes with the present keys and their values (an unmodifiable
   *     map); or fails with a {@link StoreException} ({@link
   *     StoreSerializationException} if a value cannot be read as {@code type}, {@link
   *     StoreRejectedException} if the present values would make the answer larger than {@code
   *     max-value-size})
   * @throws NullPointerException if {@code keys}, one of them, or {@code type} is null
   * @throws IllegalArgumentException if a key is invalid, or the keys alone could pass {@code
   *     max-value-size}
   * @throws IllegalStateException if the client is closed
   */
  default <T> CompletionStage<Map<String, T>> getAll(Collection<String> keys, Class<T> type) {
    return getAll(keys, type, defaultTimeout());
  }

  /**
   * As {@link #getAll(Collection, Class)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param <T> the type to read the values as
   * @param keys the keys to read
   * @param type the class to read every value as
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with the present keys and their values (an unmodifiable map),
   *     or fails with a {@link StoreException}; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code keys}, one of them, {@code type} or {@code timeout} is
   *     null
   * @throws IllegalArgumentException if a key is invalid, the keys alone could pass {@code
   *     max-value-size}, or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  <T> CompletionStage<Map<String, T>> getAll(
      Collection<String> keys, Class<T> type, Duration timeout);

  /**
   * Stores every entry in one round trip, all or nothing, without a TTL. Every key and value is
   * checked, and every value serialized, before anything is sent. A batch that times out may
   * still have been applied (whole); retrying is safe.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @return a stage that completes with {@link Done} once every entry is stored, or fails with a
   *     {@link StoreException} and stores none ({@link ValueTooLargeException} if the batch's keys
   *     and values pass {@code max-value-size}; nothing is sent)
   * @throws NullPointerException if {@code entries}, one of its keys or one of its values is null
   * @throws IllegalArgumentException if a key is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> setAll(Map<String, ?> entries) {
    return setAll(entries, SetOptions.none(), defaultTimeout());
  }

  /**
   * As {@link #setAll(Map)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with {@link Done} once every entry is stored, or fails with a
   *     {@link StoreException} and stores none; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code entries}, one of its keys or values, or {@code
   *     timeout} is null
   * @throws IllegalArgumentException if a key is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> setAll(Map<String, ?> entries, Duration timeout) {
    return setAll(entries, SetOptions.none(), timeout);
  }

  /**
   * As {@link #setAll(Map)}; the options (e.g. a TTL) apply to every entry.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @param options the TTL every entry gets ({@link SetOptions#none()}: none)
   * @return a stage that completes with {@link Done} once every entry is stored, or fails with a
   *     {@link StoreException} and stores none
   * @throws NullPointerException if {@code entries}, one of its keys or values, or {@code
   *     options} is null
   * @throws IllegalArgumentException if a key is invalid
   * @throws IllegalStateException if the client is closed
   */
  default CompletionStage<Done> setAll(Map<String, ?> entries, SetOptions options) {
    return setAll(entries, options, defaultTimeout());
  }

  /**
   * As {@link #setAll(Map, SetOptions)}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @param options the TTL every entry gets ({@link SetOptions#none()}: none)
   * @param timeout how long this call waits for the manager's answer, at least 1 ms
   * @return a stage that completes with {@link Done} once every entry is stored, or fails with a
   *     {@link StoreException} and stores none; a {@link StoreTimeoutException} naming {@code
   *     timeout} if no answer came within it
   * @throws NullPointerException if {@code entries}, one of its keys or values, {@code options}
   *     or {@code timeout} is null
   * @throws IllegalArgumentException if a key is invalid or {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  CompletionStage<Done> setAll(Map<String, ?> entries, SetOptions options, Duration timeout);

  // ---- Watch and near cache -------------------------------------------------------------

  /**
   * Watches the keys matching {@code glob} from now on: {@code listener} gets every later change
   * of a matching key once, in revision order, with its revision. As {@link #watch(String,
   * WatchOptions, Consumer)} with {@link WatchOptions#fromNow()}.
   *
   * @param glob the keys to watch ({@code *} any run of characters, {@code ?} one, backslash
   *     escapes the next)
   * @param listener what to tell of each event
   * @return the running watch, which the caller closes
   * @throws NullPointerException if {@code glob} or {@code listener} is null
   * @throws IllegalArgumentException if {@code glob} is invalid or longer than {@code
   *     shared-store.max-key-length}
   * @throws StoreRejectedException if this client already holds {@code
   *     shared-store.watch.max-per-client} watches (nothing is registered)
   * @throws IllegalStateException if the client is closed
   */
  default Watch watch(String glob, Consumer<StoreEvent> listener) {
    return watch(glob, WatchOptions.fromNow(), listener);
  }

  /**
   * Watches the keys matching {@code glob}: {@code listener} gets every change of a matching key
   * after the start {@code options} give, once, in revision order (one order over all keys),
   * then every later one. Events come one at a time on the client's dispatcher, which also runs
   * Pekko's remoting: the listener must return quickly and hand slow or blocking work to an
   * executor of its own (a slow listener delays the client's other watches, and one that falls
   * more than {@code shared-store.watch.buffer} events behind gets {@link ResetReason#OVERFLOW}).
   * An exception it throws is logged and the watch goes on.
   *
   * <p>When the manager is unreachable and answers again, the watch resumes from its {@link
   * Watch#revision()} on its own; after a restart that lost the data it delivers {@link
   * ResetReason#EPOCH_CHANGED} and goes on from the new store's present. The manager refusing
   * the watch fails {@link Watch#started()}.
   *
   * <p>Limit, with a cluster of store nodes: a watch is registered on the first node address
   * the client was given (not per slot), follows that node's reachability only, and sees the
   * changes that node's watch delivers; the routing of watches per slot is not built yet.
   *
   * @param glob the keys to watch
   * @param options where to start
   * @param listener what to tell of each event
   * @return the running watch, which the caller closes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code glob} is invalid or too long
   * @throws StoreRejectedException if this client already holds {@code
   *     shared-store.watch.max-per-client} watches (nothing is registered)
   * @throws IllegalStateException if the client is closed
   */
  Watch watch(String glob, WatchOptions options, Consumer<StoreEvent> listener);

  /**
   * The keys matching {@code glob} as a Pekko Streams source, from now on. As {@link
   * #watchSource(String, WatchOptions)} with {@link WatchOptions#fromNow()}.
   *
   * @param glob the keys to watch
   * @return a source of events; each materialization is a watch of its own
   * @throws NullPointerException if {@code glob} is null
   * @throws IllegalArgumentException if {@code glob} is invalid or too long
   */
  default Source<StoreEvent, Watch> watchSource(String glob) {
    return watchSource(glob, WatchOptions.fromNow());
  }

  /**
   * The keys matching {@code glob} as a Pekko Streams source: the events {@link #watch(String,
   * WatchOptions, Consumer)} would deliver, with backpressure. The watch acknowledges what the
   * stream pulled, so the manager sends at most {@code shared-store.watch.buffer} events ahead
   * of the consumer; a consumer that stays behind longer gets {@link ResetReason#OVERFLOW} and
   * goes on from the present. Each materialization starts its own watch (materialized as its
   * {@link Watch}); cancelling the stream or closing the watch ends it. A refused watch fails
   * the stream with {@link StoreRejectedException}.
   *
   * @param glob the keys to watch
   * @param options where to start
   * @return a source of events
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code glob} is invalid or too long
   */
  Source<StoreEvent, Watch> watchSource(String glob, WatchOptions options);

  /**
   * A near cache of the keys matching {@code glob}, read as {@code type}: see {@link NearCache}.
   *
   * @param <T> the type values are read as
   * @param glob the keys to hold
   * @param type the class to read values as
   * @return the cache, which the caller closes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code glob} is invalid or too long
   * @throws StoreRejectedException if this client already holds {@code
   *     shared-store.watch.max-per-client} watches
   * @throws IllegalStateException if the client is closed
   * @throws UnsupportedOperationException if the client talks to a cluster of store nodes (or
   *     was given several addresses and has not yet learned that one is a single manager):
   *     near caches are for a single manager only, for now
   */
  <T> NearCache<T> nearCache(String glob, Class<T> type);

  /**
   * As {@link #nearCache(String, Class)}, reading values as a generic type such as {@code
   * List<Foo>}.
   *
   * @param <T> the type values are read as
   * @param glob the keys to hold
   * @param type the type to read values as
   * @return the cache, which the caller closes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code glob} is invalid or too long
   * @throws StoreRejectedException if this client already holds {@code
   *     shared-store.watch.max-per-client} watches
   * @throws IllegalStateException if the client is closed
   * @throws UnsupportedOperationException if the client talks to a cluster of store nodes (or
   *     was given several addresses and has not yet learned that one is a single manager):
   *     near caches are for a single manager only, for now
   */
  <T> NearCache<T> nearCache(String glob, TypeReference<T> type);

  /**
   * The timeout used when an operation is given none, read once from {@code
   * shared-store.client.timeout} when the client is made.
   *
   * @return the default call timeout
   */
  Duration defaultTimeout();
}
