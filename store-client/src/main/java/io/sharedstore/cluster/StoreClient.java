package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationRules;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.wire.WireSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;

/**
 * The store as one cluster node sees it. Every operation is one request to the manager with a
 * timeout ({@code shared-store.client.timeout} unless given); none blocks.
 *
 * <p>Argument errors (null or empty key, key over {@code max-key-length}, null value, bad
 * timeout) throw at the call and send nothing. Everything else fails the returned stage with a
 * {@link StoreException}: {@link StoreSerializationException}, {@link ValueTooLargeException},
 * {@link StoreTimeoutException}, {@link StoreRejectedException}. Stages complete on the client's
 * dispatcher, and their {@code *Async} callbacks without an executor run there too.
 *
 * <p>Operations issued from one client are applied by the manager in the order issued.
 */
public final class StoreClient {

  private final StoreCalls calls;
  private final ClientSettings settings;
  private final ValueCodec codec = ValueCodec.get();
  private final OperationRules rules;

  StoreClient(StoreCalls calls, ClientSettings settings) {
    this.calls = calls;
    this.settings = settings;
    this.rules = new OperationRules(settings.maxKeyLength(), settings.maxValueSize());
  }

  /**
   * Stores a value without a TTL, clearing any TTL the key had. A write that times out may
   * still have been applied; set is idempotent, so retrying it is safe.
   */
  public CompletionStage<Done> set(String key, Object value) {
    return set(key, value, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Done> set(String key, Object value, Duration timeout) {
    return set(key, value, SetOptions.none(), timeout);
  }

  /**
   * Stores a value with options, such as {@code SetOptions.ttl(Duration.ofSeconds(5))}. A write
   * that times out may still have been applied.
   */
  public CompletionStage<Done> set(String key, Object value, SetOptions options) {
    return set(key, value, options, settings.timeout());
  }

  public CompletionStage<Done> set(
      String key, Object value, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("set", key, value, bytes -> calls.ask(
        "set",
        key,
        timeout,
        new Operation.Set(key, Bytes.wrap(bytes), options.ttlMillis()),
        written -> Done.getInstance()));
  }

  /** The value of a key read as {@code type}; empty if missing or expired. */
  public <T> CompletionStage<Optional<T>> get(String key, Class<T> type) {
    return get(key, type, settings.timeout());
  }

  public <T> CompletionStage<Optional<T>> get(String key, Class<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type must not be null");
    return read(key, timeout, bytes -> codec.decode("get", key, bytes, type));
  }

  /** The value of a key read as a generic type, e.g. {@code new TypeReference<List<Foo>>() {}}. */
  public <T> CompletionStage<Optional<T>> get(String key, TypeReference<T> type) {
    return get(key, type, settings.timeout());
  }

  public <T> CompletionStage<Optional<T>> get(
      String key, TypeReference<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type must not be null");
    return read(key, timeout, bytes -> codec.decode("get", key, bytes, type));
  }

  /**
   * The value of a key as Jackson reads it untyped: String, Integer/Long/BigInteger, Double,
   * Boolean, List or Map.
   */
  public CompletionStage<Optional<Object>> get(String key) {
    return get(key, Object.class, settings.timeout());
  }

  public CompletionStage<Optional<Object>> get(String key, Duration timeout) {
    return get(key, Object.class, timeout);
  }

  /** True only if the key is present and not expired. */
  public CompletionStage<Boolean> has(String key) {
    return has(key, settings.timeout());
  }

  public CompletionStage<Boolean> has(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.ask(
        "has",
        key,
        timeout,
        new Operation.Has(key),
        Reply.Exists::exists);
  }

  /**
   * Removes a key; true if it existed (and had not expired). A delete that times out may still
   * have been applied.
   */
  public CompletionStage<Boolean> delete(String key) {
    return delete(key, settings.timeout());
  }

  public CompletionStage<Boolean> delete(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.ask(
        "delete",
        key,
        timeout,
        new Operation.Delete(key),
        Reply.Deleted::existed);
  }

  // ---- Counters -------------------------------------------------------------------------

  /**
   * Adds {@code delta} (negative to subtract) to the integer under {@code key} and answers the new
   * value; a missing key counts as 0. Fails with {@link StoreTypeException} if the value is not an
   * integer, {@link StoreOverflowException} if the sum leaves the long range (nothing changes).
   */
  public CompletionStage<Long> increment(String key, long delta) {
    return increment(key, delta, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Long> increment(String key, long delta, Duration timeout) {
    return increment(key, delta, SetOptions.none(), timeout);
  }

  /**
   * As {@link #increment(String, long)}; the TTL in {@code options} applies only when this call
   * creates the key, so the key expires a fixed time after its first increment (a window). A
   * timed-out increment may have been applied: retry it with {@code
   * options.withRequestId(e.requestId().get())} and the manager applies it at most once.
   */
  public CompletionStage<Long> increment(String key, long delta, SetOptions options) {
    return increment(key, delta, options, settings.timeout());
  }

  public CompletionStage<Long> increment(
      String key, long delta, SetOptions options, Duration timeout) {
    checkKey(key);
    checkOptions(options);
    checkTimeout(timeout);
    Optional<String> requestId = Optional.of(options.requestId().orElseGet(calls::nextRequestId));
    return calls.ask(
        "increment",
        key,
        timeout,
        requestId,
        new Operation.Increment(key, delta, options.ttlMillis(), requestId),
        Reply.Counter::value);
  }

  /**
   * Adds a positive {@code delta} only if the result stays at or below {@code max}: answers the
   * new value, or empty (and changes nothing) when it would pass {@code max}. With a TTL (applied
   * when the call creates the key) this is a whole fixed-window rate limiter in one round trip.
   * A call that times out may have counted: retry with {@code
   * options.withRequestId(e.requestId().get())} to count at most once.
   */
  public CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options) {
    return incrementBounded(key, delta, max, options, settings.timeout());
  }

  public CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options, Duration timeout) {
    checkKey(key);
    if (delta <= 0) {
      throw new IllegalArgumentException("delta must be positive, was " + delta);
    }
    checkOptions(options);
    checkTimeout(timeout);
    Optional<String> requestId = Optional.of(options.requestId().orElseGet(calls::nextRequestId));
    return calls.ask(
        "incrementBounded",
        key,
        timeout,
        requestId,
        new Operation.IncrementBounded(key, delta, max, options.ttlMillis(), requestId),
        Reply.BoundedCounter::value);
  }

  // ---- Conditional writes ----------------------------------------------------------------

  /**
   * Stores the value only if the key is absent (Redis SET NX); true if this call stored it. If it
   * times out it may still have stored the value: read the key to learn who holds it.
   */
  public CompletionStage<Boolean> setIfAbsent(String key, Object value) {
    return setIfAbsent(key, value, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Boolean> setIfAbsent(String key, Object value, Duration timeout) {
    return setIfAbsent(key, value, SetOptions.none(), timeout);
  }

  /** As {@link #setIfAbsent(String, Object)}, with a TTL: a claim or cooldown that expires. */
  public CompletionStage<Boolean> setIfAbsent(String key, Object value, SetOptions options) {
    return setIfAbsent(key, value, options, settings.timeout());
  }

  public CompletionStage<Boolean> setIfAbsent(
      String key, Object value, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("setIfAbsent", key, value, bytes -> calls.ask(
        "setIfAbsent",
        key,
        timeout,
        new Operation.SetIfAbsent(key, Bytes.wrap(bytes), options.ttlMillis()),
        Reply.Applied::applied));
  }

  /**
   * Replaces the value with {@code newValue} only if it currently equals {@code expected}, compared
   * as JSON trees (object key order ignored; numbers by value, so 1 == 1L == 1.0); {@code expected
   * == null} means "only if absent". True if it replaced the value. Without options the new value
   * has no TTL, as with {@code set}. A write that times out may still have been applied.
   */
  public CompletionStage<Boolean> compareAndSet(String key, Object expected, Object newValue) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, Duration timeout) {
    return compareAndSet(key, expected, newValue, SetOptions.none(), timeout);
  }

  public CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options) {
    return compareAndSet(key, expected, newValue, options, settings.timeout());
  }

  public CompletionStage<Boolean> compareAndSet(
      String key, Object expected, Object newValue, SetOptions options, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(newValue, "newValue must not be null (use deleteIfEquals)");
    checkOptions(options);
    checkTimeout(timeout);
    Optional<byte[]> expectedBytes;
    byte[] newBytes;
    try {
      expectedBytes =
          expected == null ? Optional.empty() : Optional.of(encode("compareAndSet", key, expected));
      newBytes = encode("compareAndSet", key, newValue);
    } catch (StoreException e) {
      return calls.failed(e);
    }
    return calls.ask(
        "compareAndSet",
        key,
        timeout,
        new Operation.CompareAndSet(
            key, expectedBytes.map(Bytes::wrap), Bytes.wrap(newBytes), options.ttlMillis()),
        Reply.Applied::applied);
  }

  /**
   * Deletes the key only if its value equals {@code expected} (as in {@link #compareAndSet}): the
   * safe release of a lock or claim, which never deletes another owner's value. If it times out
   * it may still have deleted the value; retrying is safe.
   */
  public CompletionStage<Boolean> deleteIfEquals(String key, Object expected) {
    return deleteIfEquals(key, expected, settings.timeout());
  }

  public CompletionStage<Boolean> deleteIfEquals(String key, Object expected, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(expected, "expected must not be null");
    checkTimeout(timeout);
    return withValue("deleteIfEquals", key, expected, bytes -> calls.ask(
        "deleteIfEquals",
        key,
        timeout,
        new Operation.DeleteIfEquals(key, Bytes.wrap(bytes)),
        Reply.Applied::applied));
  }

  /**
   * Deletes the key and answers the value it had, read as {@code type}. If it times out the key
   * may have been deleted and its value lost to this caller.
   */
  public <T> CompletionStage<Optional<T>> getAndDelete(String key, Class<T> type) {
    return getAndDelete(key, type, settings.timeout());
  }

  public <T> CompletionStage<Optional<T>> getAndDelete(
      String key, Class<T> type, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(type, "type must not be null");
    checkTimeout(timeout);
    return calls.<Reply.Previous, Optional<T>>ask(
        "getAndDelete",
        key,
        timeout,
        new Operation.GetAndDelete(key),
        previous -> previous.value().map(
            bytes -> codec.decode("getAndDelete", key, bytes.unsafeArray(), type)));
  }

  /**
   * Stores the value (as {@code set}) and answers the previous one, read as {@code type}. A write
   * that times out may still have been applied.
   */
  public <T> CompletionStage<Optional<T>> getAndSet(String key, Object value, Class<T> type) {
    return getAndSet(key, value, type, SetOptions.none(), settings.timeout());
  }

  public <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, Duration timeout) {
    return getAndSet(key, value, type, SetOptions.none(), timeout);
  }

  public <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options) {
    return getAndSet(key, value, type, options, settings.timeout());
  }

  public <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    Objects.requireNonNull(type, "type must not be null");
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("getAndSet", key, value, bytes -> calls.<Reply.Previous, Optional<T>>ask(
        "getAndSet",
        key,
        timeout,
        new Operation.GetAndSet(key, Bytes.wrap(bytes), options.ttlMillis()),
        previous -> previous.value().map(
            b -> codec.decode("getAndSet", key, b.unsafeArray(), type))));
  }

  // ---- Expiry -----------------------------------------------------------------------------

  /**
   * Gives a live key a new TTL (positive, else IllegalArgumentException); false if missing. If it
   * times out it may still have been applied; retrying is safe.
   */
  public CompletionStage<Boolean> expire(String key, Duration ttl) {
    return expire(key, ttl, settings.timeout());
  }

  public CompletionStage<Boolean> expire(String key, Duration ttl, Duration timeout) {
    checkKey(key);
    long ttlMillis = SetOptions.ttl(ttl).ttlMillis().getAsLong();
    checkTimeout(timeout);
    return calls.ask(
        "expire",
        key,
        timeout,
        new Operation.Expire(key, ttlMillis),
        Reply.Applied::applied);
  }

  /**
   * Removes a key's TTL; false if the key is missing or has none (as Redis PERSIST). If it times
   * out it may still have been applied; retrying is safe.
   */
  public CompletionStage<Boolean> persist(String key) {
    return persist(key, settings.timeout());
  }

  public CompletionStage<Boolean> persist(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.ask(
        "persist",
        key,
        timeout,
        new Operation.Persist(key),
        Reply.Applied::applied);
  }

  /** Whether the key exists and how long it has left (empty: no expiry). */
  public CompletionStage<Ttl> ttl(String key) {
    return ttl(key, settings.timeout());
  }

  public CompletionStage<Ttl> ttl(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.<Reply.TtlLeft, Ttl>ask(
        "ttl",
        key,
        timeout,
        new Operation.GetTtl(key),
        left ->
            new Ttl(
                left.exists(),
                left.remainingMillis().isPresent()
                    ? Optional.of(Duration.ofMillis(left.remainingMillis().getAsLong()))
                    : Optional.empty()));
  }

  // ---- Key space ----------------------------------------------------------------------------

  /**
   * Every live key matching {@code glob} ({@code *} any run, {@code ?} one character, {@code \}
   * escapes), in key order. Pages through the store with {@link #scan}, so the manager never does
   * more than {@code shared-store.scan-batch} keys of work per message; {@code timeout} applies
   * to each page.
   */
  public CompletionStage<List<String>> keys(String glob) {
    return keys(glob, settings.timeout());
  }

  public CompletionStage<List<String>> keys(String glob, Duration timeout) {
    checkGlob(glob);
    checkTimeout(timeout);
    return collectKeys(glob, "", new ArrayList<>(), timeout);
  }

  /**
   * One page of the live keys matching {@code glob}, in key order: start with cursor {@code ""},
   * pass each answer's cursor to the next call, and stop when it is {@code ""}. A page may hold
   * fewer than {@code limit} keys (even none) before the end, as Redis SCAN. Keys present for the
   * whole scan are returned exactly once; expired keys never.
   */
  public CompletionStage<ScanPage> scan(String glob, String cursor, int limit) {
    return scan(glob, cursor, limit, settings.timeout());
  }

  public CompletionStage<ScanPage> scan(String glob, String cursor, int limit, Duration timeout) {
    checkGlob(glob);
    Objects.requireNonNull(cursor, "cursor must not be null (\"\" to start)");
    if (limit < 1 || limit > OperationRules.MAX_SCAN_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be in 1.." + OperationRules.MAX_SCAN_LIMIT + ", was " + limit);
    }
    checkTimeout(timeout);
    return calls.<Reply.KeyPage, ScanPage>ask(
        "scan",
        glob,
        timeout,
        new Operation.Scan(glob, cursor, limit),
        page -> new ScanPage(page.keys(), page.cursor()));
  }

  /** The number of live keys. */
  public CompletionStage<Long> size() {
    return size(settings.timeout());
  }

  public CompletionStage<Long> size(Duration timeout) {
    checkTimeout(timeout);
    return calls.ask(
        "size", "", timeout, new Operation.Size(), Reply.Count::count);
  }

  /**
   * Deletes every live key matching {@code glob} and answers how many; the manager works in
   * bounded steps, so other callers are served meanwhile. (There is no clear(): {@code
   * deleteAll("*")} says what it does.) If it times out the manager still finishes the deletion.
   */
  public CompletionStage<Long> deleteAll(String glob) {
    return deleteAll(glob, settings.timeout());
  }

  public CompletionStage<Long> deleteAll(String glob, Duration timeout) {
    checkGlob(glob);
    checkTimeout(timeout);
    return calls.ask(
        "deleteAll",
        glob,
        timeout,
        new Operation.DeleteAll(glob),
        Reply.DeletedKeys::count);
  }

  // ---- Batches -------------------------------------------------------------------------------

  /**
   * Reads many keys in one round trip; the answer holds the present keys only. Every key is
   * checked before anything is sent. Keys plus values must fit {@code shared-store.max-value-size}.
   */
  public <T> CompletionStage<Map<String, T>> getAll(Collection<String> keys, Class<T> type) {
    return getAll(keys, type, settings.timeout());
  }

  public <T> CompletionStage<Map<String, T>> getAll(
      Collection<String> keys, Class<T> type, Duration timeout) {
    Objects.requireNonNull(keys, "keys must not be null");
    Objects.requireNonNull(type, "type must not be null");
    List<String> keyList = List.copyOf(keys);
    long bytes = 0;
    for (String key : keyList) {
      checkKey(key);
      bytes += WireSizes.keyBytes(key);
    }
    if (bytes > settings.maxValueSize()) {
      throw new IllegalArgumentException("keys: " + keyList.size() + " keys take up to " + bytes
          + " bytes, more than max-value-size " + settings.maxValueSize() + ": split the batch");
    }
    checkTimeout(timeout);
    return calls.<Reply.Values, Map<String, T>>ask(
        "getAll",
        "",
        timeout,
        new Operation.GetAll(keyList),
        values -> decodeAll(values.values(), type));
  }

  /**
   * Stores every entry in one round trip, all or nothing; the options apply to every entry. Every
   * key and value is checked, and every value serialized, before anything is sent. A batch that
   * times out may still have been applied (whole); retrying is safe.
   */
  public CompletionStage<Done> setAll(Map<String, ?> entries) {
    return setAll(entries, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Done> setAll(Map<String, ?> entries, Duration timeout) {
    return setAll(entries, SetOptions.none(), timeout);
  }

  public CompletionStage<Done> setAll(Map<String, ?> entries, SetOptions options) {
    return setAll(entries, options, settings.timeout());
  }

  public CompletionStage<Done> setAll(
      Map<String, ?> entries, SetOptions options, Duration timeout) {
    Objects.requireNonNull(entries, "entries must not be null");
    entries.forEach(
        (key, value) -> {
          checkKey(key);
          Objects.requireNonNull(value, () -> "value of key " + KeyRules.show(key)
              + " must not be null (use delete)");
        });
    checkOptions(options);
    checkTimeout(timeout);
    Map<String, Bytes> encoded = new LinkedHashMap<>();
    long bytes = 0;
    try {
      for (Map.Entry<String, ?> entry : entries.entrySet()) {
        byte[] value = encode("setAll", entry.getKey(), entry.getValue());
        encoded.put(entry.getKey(), Bytes.wrap(value));
        bytes += WireSizes.entryBytes(entry.getKey(), value.length);
      }
    } catch (StoreException e) {
      return calls.failed(e);
    }
    if (bytes > settings.maxValueSize()) {
      return calls.failed(new ValueTooLargeException(
          "setAll", "(batch of " + entries.size() + " entries)", bytes, settings.maxValueSize()));
    }
    return calls.ask(
        "setAll",
        "",
        timeout,
        new Operation.SetAll(encoded, options.ttlMillis()),
        written -> Done.getInstance());
  }

  /** The timeout used when an operation is given none. */
  public Duration defaultTimeout() {
    return settings.timeout();
  }

  private <T> CompletionStage<Optional<T>> read(
      String key, Duration timeout, Function<byte[], T> decode) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.<Reply.Value, Optional<T>>ask(
        "get",
        key,
        timeout,
        new Operation.Get(key),
        value -> value.bytes().map(bytes -> decode.apply(bytes.unsafeArray())));
  }

  /**
   * Serializes a value and, if it is within the size limit, sends the request built from its
   * bytes; otherwise fails without sending anything.
   */
  private <V> CompletionStage<V> withValue(
      String operation, String key, Object value, Function<byte[], CompletionStage<V>> send) {
    byte[] bytes;
    try {
      bytes = encode(operation, key, value);
    } catch (StoreException e) {
      return calls.failed(e);
    }
    return send.apply(bytes);
  }

  /** A value's bytes, or a StoreException if it cannot be serialized or is too large. */
  private byte[] encode(String operation, String key, Object value) {
    byte[] bytes = codec.encode(operation, key, value);
    if (bytes.length > settings.maxValueSize()) {
      throw new ValueTooLargeException(operation, key, bytes.length, settings.maxValueSize());
    }
    return bytes;
  }

  private <T> Map<String, T> decodeAll(Map<String, Bytes> values, Class<T> type) {
    Map<String, T> decoded = new LinkedHashMap<>();
    values.forEach(
        (key, bytes) -> decoded.put(key, codec.decode("getAll", key, bytes.unsafeArray(), type)));
    return Collections.unmodifiableMap(decoded);
  }

  private CompletionStage<List<String>> collectKeys(
      String glob, String cursor, List<String> found, Duration timeout) {
    return scan(glob, cursor, OperationRules.MAX_SCAN_LIMIT, timeout)
        .thenCompose(
            page -> {
              found.addAll(page.keys());
              return page.isComplete()
                  ? CompletableFuture.completedFuture(Collections.unmodifiableList(found))
                  : collectKeys(glob, page.cursor(), found, timeout);
            });
  }

  private static void checkValue(Object value) {
    Objects.requireNonNull(value, "value must not be null (use delete to remove a key)");
  }

  private static void checkOptions(SetOptions options) {
    Objects.requireNonNull(options, "options must not be null (use SetOptions.none())");
  }

  private void checkGlob(String glob) {
    Objects.requireNonNull(glob, "glob must not be null");
    rules.globProblem(glob)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  private void checkKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    rules.keyProblem(key)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }
}
