package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sharedstore.store.KeyRules;
import io.sharedstore.store.StoreActor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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

  StoreClient(StoreCalls calls, ClientSettings settings) {
    this.calls = calls;
    this.settings = settings;
  }

  /** Stores a value without a TTL, clearing any TTL the key had. */
  public CompletionStage<Done> set(String key, Object value) {
    return set(key, value, SetOptions.none(), settings.timeout());
  }

  public CompletionStage<Done> set(String key, Object value, Duration timeout) {
    return set(key, value, SetOptions.none(), timeout);
  }

  /** Stores a value with options, such as {@code SetOptions.ttl(Duration.ofSeconds(5))}. */
  public CompletionStage<Done> set(String key, Object value, SetOptions options) {
    return set(key, value, options, settings.timeout());
  }

  public CompletionStage<Done> set(
      String key, Object value, SetOptions options, Duration timeout) {
    checkKey(key);
    Objects.requireNonNull(value, "value must not be null (use delete to remove a key)");
    Objects.requireNonNull(options, "options must not be null (use SetOptions.none())");
    checkTimeout(timeout);
    byte[] bytes;
    try {
      bytes = codec.encode("set", key, value);
    } catch (StoreSerializationException e) {
      return calls.failed(e);
    }
    if (bytes.length > settings.maxValueSize()) {
      return calls.failed(
          new ValueTooLargeException("set", key, bytes.length, settings.maxValueSize()));
    }
    return calls.ask(
        "set",
        key,
        timeout,
        replyTo -> new StoreActor.Set(key, bytes, options.ttlMillis(), replyTo),
        Function.identity());
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
        replyTo -> new StoreActor.Has(key, replyTo),
        StoreActor.Exists::exists);
  }

  /** Removes a key; true if it existed (and had not expired). */
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
        replyTo -> new StoreActor.Delete(key, replyTo),
        StoreActor.Deleted::existed);
  }

  /** The timeout used when an operation is given none. */
  public Duration defaultTimeout() {
    return settings.timeout();
  }

  private <T> CompletionStage<Optional<T>> read(
      String key, Duration timeout, Function<byte[], T> decode) {
    checkKey(key);
    checkTimeout(timeout);
    return calls.<StoreActor.Value, Optional<T>>ask(
        "get",
        key,
        timeout,
        replyTo -> new StoreActor.Get(key, replyTo),
        value -> value.bytes().map(decode));
  }

  private void checkKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    KeyRules.problem(key, settings.maxKeyLength())
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
