package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.internal.Refusal;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The {@link StoreClient} of a {@link ClusterClient}: checks every argument at the call, encodes
 * values, and hands each request through {@link StoreCalls} to the {@link StoreConnection} of
 * the store node that serves its key (a single manager's one connection; see {@link
 * NodeConnections}). The overloads without a timeout come from the interface.
 */
final class DefaultStoreClient implements StoreClient {

  private final StoreCalls calls;
  private final ClientSettings settings;
  private final Watches watches;
  private final ValueCodec codec = ValueCodec.get();
  private final OperationRules rules;

  DefaultStoreClient(StoreCalls calls, ClientSettings settings, Watches watches) {
    this.calls = calls;
    this.settings = settings;
    this.watches = watches;
    this.rules = new OperationRules(settings.maxKeyLength(), settings.maxValueSize());
  }

  @Override
  public CompletionStage<Done> set(
      String key, Object value, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("set", key, value, bytes -> send(
        "set",
        key,
        timeout,
        new Operation.Set(key, Bytes.wrap(bytes), options.ttlMillis()),
        written -> Done.getInstance()));
  }

  @Override
  public <T> CompletionStage<Optional<T>> get(String key, Class<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type must not be null");
    return read(key, timeout, bytes -> codec.decode("get", key, bytes, type));
  }

  @Override
  public <T> CompletionStage<Optional<T>> get(
      String key, TypeReference<T> type, Duration timeout) {
    Objects.requireNonNull(type, "type must not be null");
    return read(key, timeout, bytes -> codec.decode("get", key, bytes, type));
  }

  @Override
  public CompletionStage<Boolean> has(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return send(
        "has",
        key,
        timeout,
        new Operation.Has(key),
        Reply.Exists::exists);
  }

  @Override
  public CompletionStage<Boolean> delete(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return send(
        "delete",
        key,
        timeout,
        new Operation.Delete(key),
        Reply.Deleted::existed);
  }

  // ---- Counters -------------------------------------------------------------------------

  @Override
  public CompletionStage<Long> increment(
      String key, long delta, SetOptions options, Duration timeout) {
    checkKey(key);
    checkOptions(options);
    checkTimeout(timeout);
    Optional<String> requestId = Optional.of(options.requestId().orElseGet(calls::nextRequestId));
    return send(
        "increment",
        key,
        timeout,
        requestId,
        new Operation.Increment(key, delta, options.ttlMillis(), requestId),
        Reply.Counter::value);
  }

  @Override
  public CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options, Duration timeout) {
    checkKey(key);
    if (delta <= 0) {
      throw new IllegalArgumentException("delta must be positive, was " + delta);
    }
    checkOptions(options);
    checkTimeout(timeout);
    Optional<String> requestId = Optional.of(options.requestId().orElseGet(calls::nextRequestId));
    return send(
        "incrementBounded",
        key,
        timeout,
        requestId,
        new Operation.IncrementBounded(key, delta, max, options.ttlMillis(), requestId),
        Reply.BoundedCounter::value);
  }

  // ---- Conditional writes ----------------------------------------------------------------

  @Override
  public CompletionStage<Boolean> setIfAbsent(
      String key, Object value, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("setIfAbsent", key, value, bytes -> send(
        "setIfAbsent",
        key,
        timeout,
        new Operation.SetIfAbsent(key, Bytes.wrap(bytes), options.ttlMillis()),
        Reply.Applied::applied));
  }

  @Override
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
      return calls.failedAtOnce("compareAndSet", e);
    }
    return send(
        "compareAndSet",
        key,
        timeout,
        new Operation.CompareAndSet(
            key, expectedBytes.map(Bytes::wrap), Bytes.wrap(newBytes), options.ttlMillis()),
        Reply.Applied::applied);
  }

  @Override
  public CompletionStage<Boolean> deleteIfEquals(String key, Object expected, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(expected, "expected must not be null");
    checkTimeout(timeout);
    return withValue("deleteIfEquals", key, expected, bytes -> send(
        "deleteIfEquals",
        key,
        timeout,
        new Operation.DeleteIfEquals(key, Bytes.wrap(bytes)),
        Reply.Applied::applied));
  }

  @Override
  public <T> CompletionStage<Optional<T>> getAndDelete(
      String key, Class<T> type, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(type, "type must not be null");
    checkTimeout(timeout);
    return this.<Reply.Previous, Optional<T>>send(
        "getAndDelete",
        key,
        timeout,
        new Operation.GetAndDelete(key),
        previous -> previous.value().map(
            bytes -> codec.decode("getAndDelete", key, bytes.unsafeArray(), type)));
  }

  @Override
  public <T> CompletionStage<Optional<T>> getAndSet(
      String key, Object value, Class<T> type, SetOptions options, Duration timeout) {
    checkKey(key);
    checkValue(value);
    Objects.requireNonNull(type, "type must not be null");
    checkOptions(options);
    checkTimeout(timeout);
    return withValue("getAndSet", key, value, bytes -> this.<Reply.Previous, Optional<T>>send(
        "getAndSet",
        key,
        timeout,
        new Operation.GetAndSet(key, Bytes.wrap(bytes), options.ttlMillis()),
        previous -> previous.value().map(
            b -> codec.decode("getAndSet", key, b.unsafeArray(), type))));
  }

  // ---- Expiry -----------------------------------------------------------------------------

  @Override
  public CompletionStage<Boolean> expire(String key, Duration ttl, Duration timeout) {
    checkKey(key);
    long ttlMillis = SetOptions.ttl(ttl).ttlMillis().getAsLong();
    checkTimeout(timeout);
    return send(
        "expire",
        key,
        timeout,
        new Operation.Expire(key, ttlMillis),
        Reply.Applied::applied);
  }

  @Override
  public CompletionStage<Boolean> persist(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return send(
        "persist",
        key,
        timeout,
        new Operation.Persist(key),
        Reply.Applied::applied);
  }

  @Override
  public CompletionStage<Ttl> ttl(String key, Duration timeout) {
    checkKey(key);
    checkTimeout(timeout);
    return this.<Reply.TtlLeft, Ttl>send(
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

  @Override
  public CompletionStage<List<String>> keys(String glob, Duration timeout) {
    checkGlob(glob);
    checkTimeout(timeout);
    return collectKeys(glob, "", new ArrayList<>(), timeout);
  }

  @Override
  public CompletionStage<ScanPage> scan(String glob, String cursor, int limit, Duration timeout) {
    checkGlob(glob);
    Objects.requireNonNull(cursor, "cursor must not be null (\"\" to start)");
    if (limit < 1 || limit > OperationRules.MAX_SCAN_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be in 1.." + OperationRules.MAX_SCAN_LIMIT + ", was " + limit);
    }
    checkTimeout(timeout);
    return this.<Reply.KeyPage, ScanPage>send(
        "scan",
        glob,
        timeout,
        new Operation.Scan(glob, cursor, limit),
        page -> new ScanPage(page.keys(), page.cursor()));
  }

  @Override
  public CompletionStage<Long> size(Duration timeout) {
    checkTimeout(timeout);
    return send(
        "size", "", timeout, new Operation.Size(), Reply.Count::count);
  }

  @Override
  public CompletionStage<StoreInfo> info(Duration timeout) {
    checkTimeout(timeout);
    return send("info", "", timeout, new Operation.GetInfo(), ManagerInfos::toStoreInfo);
  }

  @Override
  public CompletionStage<Duration> ping(Duration timeout) {
    checkTimeout(timeout);
    long sent = System.nanoTime();
    return send("ping", "", timeout, new Operation.Echo(),
        echoed -> Duration.ofNanos(System.nanoTime() - sent));
  }

  @Override
  public CompletionStage<Long> deleteAll(String glob, Duration timeout) {
    checkGlob(glob);
    checkTimeout(timeout);
    return send(
        "deleteAll",
        glob,
        timeout,
        new Operation.DeleteAll(glob),
        Reply.DeletedKeys::count);
  }

  // ---- Batches -------------------------------------------------------------------------------

  @Override
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
    return this.<Reply.Values, Map<String, T>>send(
        "getAll",
        "",
        timeout,
        new Operation.GetAll(keyList),
        values -> decodeAll(values.values(), type));
  }

  @Override
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
      return calls.failedAtOnce("setAll", e);
    }
    if (bytes > settings.maxValueSize()) {
      return calls.failedAtOnce("setAll", new ValueTooLargeException(
          "setAll", "(batch of " + entries.size() + " entries)", bytes, settings.maxValueSize()));
    }
    return send(
        "setAll",
        "",
        timeout,
        new Operation.SetAll(encoded, options.ttlMillis()),
        written -> Done.getInstance());
  }

  // ---- Watch and near cache -------------------------------------------------------------

  @Override
  public Watch watch(String glob, WatchOptions options, Consumer<StoreEvent> listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    return watches.open(glob, options, handle -> new ListenerSink(listener));
  }

  @Override
  public Source<StoreEvent, Watch> watchSource(String glob, WatchOptions options) {
    return WatchSource.create(watches, glob, options, settings.watch().buffer(), ackEvery());
  }

  @Override
  public <T> NearCache<T> nearCache(String glob, Class<T> type) {
    Objects.requireNonNull(type, "type must not be null");
    return openNearCache(glob, key -> get(key, type));
  }

  @Override
  public <T> NearCache<T> nearCache(String glob, TypeReference<T> type) {
    Objects.requireNonNull(type, "type must not be null");
    return openNearCache(glob, key -> get(key, type));
  }

  /**
   * A near cache of {@code glob} reading missing keys with {@code read}, with its watch, known
   * to the client's writes, and its meters in the client's registry.
   */
  private <T> DefaultNearCache<T> openNearCache(
      String glob, Function<String, CompletionStage<Optional<T>>> read) {
    watches.checkGlob(glob);
    if (!calls.nodes().watchesSeeEverything()) {
      throw new UnsupportedOperationException("nearCache of " + glob + ": near caches are not"
          + " supported with a cluster of store nodes yet (this client's are "
          + calls.nodes().describe() + "), nor with several addresses of which the first is not"
          + " the single manager: a near cache needs every change of its keys in one order with"
          + " its reads, which only a single manager's watch gives, and the watches go to the"
          + " first address given");
    }
    NearCaches registry = calls.nearCaches();
    DefaultNearCache<T> cache = new DefaultNearCache<>(glob, settings.maxKeyLength(),
        settings.nearCacheMaxEntries(), calls.executor(), read, registry, calls::managerAway);
    cache.attach(watches.open(glob, WatchOptions.fromNow(), handle -> cache));
    registry.add(cache);
    cache.meteredBy(calls.meters().nearCache(cache));
    if (calls.isClosed()) {
      cache.clientClosed(); // closed while this one was being made: it refuses gets too
    }
    return cache;
  }

  /** How often a watch acknowledges: often enough that the manager's buffer never waits. */
  int ackEvery() {
    return ackEvery(settings.watch().buffer());
  }

  static int ackEvery(int buffer) {
    return Math.max(1, Math.min(256, buffer / 4));
  }

  /** The client's calls: a seam for tests (e.g. to count what was sent). */
  StoreCalls calls() {
    return calls;
  }

  @Override
  public Duration defaultTimeout() {
    return settings.timeout();
  }

  /**
   * Sends {@code operation} after the checks the manager runs on receipt ({@link OperationRules},
   * the one copy of them): an operation the manager would refuse fails here with the same
   * {@link StoreRejectedException}, and nothing is sent.
   */
  private <R extends Reply, V> DispatcherFuture<V> send(
      String name, String key, Duration timeout, Optional<String> requestId,
      Operation<R> operation, Function<R, V> onReply) {
    Optional<String> problem = rules.problem(operation);
    if (problem.isPresent()) {
      String subject = key.isEmpty() ? "" : " of key " + KeyRules.show(key);
      return calls.failedAtOnce(name, StoreFailures.refused(
          name, key, Refusal.INVALID.describe(name + subject + " refused: " + problem.get())));
    }
    return calls.ask(name, key, timeout, requestId, operation, onReply);
  }

  /** As above, for an operation without a request id. */
  private <R extends Reply, V> DispatcherFuture<V> send(
      String name, String key, Duration timeout, Operation<R> operation, Function<R, V> onReply) {
    return send(name, key, timeout, Optional.empty(), operation, onReply);
  }

  private <T> CompletionStage<Optional<T>> read(
      String key, Duration timeout, Function<byte[], T> decode) {
    checkKey(key);
    checkTimeout(timeout);
    return this.<Reply.Value, Optional<T>>send(
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
      return calls.failedAtOnce(operation, e);
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
    CallTimeouts.check(timeout);
  }
}
