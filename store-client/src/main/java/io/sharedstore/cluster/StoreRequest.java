package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * A request that actor code sends to {@link ClusterClient#storeRef()}, the client's local request
 * actor, usually with {@code context.askWithStatus}: one factory per {@link StoreClient}
 * operation, answering what that operation answers as a {@link StatusReply}. The request runs
 * through the same client as {@link ClusterClient#store()}, with the same behaviour: values
 * decoded to the requested type, arguments and sizes checked before anything is sent, fail-fast
 * while the manager is unreachable, coalescing, and ordering with the client's other calls. Every
 * failure, argument errors and values that cannot be decoded included, comes back as an error
 * reply carrying the {@link StoreException} (or {@link IllegalArgumentException}) that {@link
 * StoreClient} would have given; none is dropped.
 *
 * <pre>{@code
 * context.askWithStatus(
 *     StoreRequest.<Optional<Boolean>>replyClass(Optional.class),
 *     cluster.storeRef(),
 *     Duration.ofSeconds(6),
 *     replyTo -> StoreRequest.get("flag:beta", Boolean.class, replyTo),
 *     (flag, failure) -> failure != null ? new FlagUnknown(failure) : new FlagRead(flag.orElse(false)));
 * }</pre>
 *
 * <p>The store's own call timeout ({@link StoreClient#defaultTimeout()}, or {@link
 * #withTimeout}) applies; give the ask a longer one, so that the store's timeout error reaches
 * the actor rather than the ask's. A request lives in one JVM: it is never sent over the network.
 */
public final class StoreRequest {

  private final String operation;
  private final Call<?> call;
  private final Duration timeout;

  private StoreRequest(String operation, Call<?> call, Duration timeout) {
    this.operation = operation;
    this.call = call;
    this.timeout = timeout;
  }

  /** One operation on a client, and where its answer goes. */
  private record Call<R>(
      BiFunction<StoreClient, Duration, CompletionStage<R>> operation,
      ActorRef<StatusReply<R>> replyTo) {

    void run(StoreClient client, Duration timeout) {
      CompletionStage<R> stage;
      try {
        stage = operation.apply(client, timeout == null ? client.defaultTimeout() : timeout);
      } catch (RuntimeException e) {
        replyTo.tell(StatusReply.error(e));
        return;
      }
      stage.whenComplete(
          (value, error) ->
              replyTo.tell(error == null ? StatusReply.success(value) : StatusReply.error(unwrap(error))));
    }

    private static Throwable unwrap(Throwable error) {
      return error instanceof CompletionException && error.getCause() != null
          ? error.getCause()
          : error;
    }
  }

  private static <R> StoreRequest of(
      String operation,
      ActorRef<StatusReply<R>> replyTo,
      BiFunction<StoreClient, Duration, CompletionStage<R>> call) {
    Objects.requireNonNull(replyTo, "replyTo must not be null");
    return new StoreRequest(operation, new Call<>(call, replyTo), null);
  }

  /** Runs the request on {@code client}; the answer goes to its replyTo. */
  void run(StoreClient client) {
    call.run(client, timeout);
  }

  /**
   * This request with its own store timeout instead of the client's default ({@code
   * shared-store.client.timeout}), as the {@code timeout} overloads of {@link StoreClient}: when
   * it passes without the manager's answer, the reply is an error with a {@link
   * StoreTimeoutException} naming it. This request is unchanged.
   *
   * @param timeout how long the store call waits for the manager's answer, at least 1 ms
   * @return a copy of this request with that timeout
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   */
  public StoreRequest withTimeout(Duration timeout) {
    return new StoreRequest(operation, call, CallTimeouts.check(timeout));
  }

  /**
   * The class to hand to {@code askWithStatus} (or {@code ask}) for an answer of a generic type
   * such as {@code Optional<Boolean>}, which Java has no class literal for: {@code
   * StoreRequest.<Optional<Boolean>>replyClass(Optional.class)}.
   *
   * @param <R> the answer's type, e.g. {@code Optional<Boolean>}
   * @param rawClass the answer's class without type arguments, e.g. {@code Optional.class}
   * @return {@code rawClass}, typed as {@code Class<R>}
   * @throws NullPointerException if {@code rawClass} is null
   */
  @SuppressWarnings("unchecked")
  public static <R> Class<R> replyClass(Class<? super R> rawClass) {
    return (Class<R>) Objects.requireNonNull(rawClass, "rawClass");
  }

  // ---- Values ----------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#set(String, Object)}: stores a value without a TTL.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param replyTo where the answer goes: success with {@link Done}; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest set(String key, Object value, ActorRef<StatusReply<Done>> replyTo) {
    return of("set", replyTo, (c, t) -> c.set(key, value, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#set(String, Object, SetOptions)}: stores a value with
   * options.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the write's options, e.g. a TTL ({@link SetOptions#none()}: none)
   * @param replyTo where the answer goes: success with {@link Done}; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest set(
      String key, Object value, SetOptions options, ActorRef<StatusReply<Done>> replyTo) {
    return of("set", replyTo, (c, t) -> c.set(key, value, options, t));
  }

  /**
   * A request to {@link StoreClient#get(String, Class)}: reads a value as {@code type}; a value
   * that cannot be read as {@code type} is an error reply with {@link
   * StoreSerializationException}.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the value as
   * @param replyTo where the answer goes: success with the value, or empty if the key is missing
   *     or expired; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest get(
      String key, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, type, t));
  }

  /**
   * A request to {@link StoreClient#get(String, TypeReference)}: reads a value as a generic type.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the generic type to read the value as
   * @param replyTo where the answer goes: success with the value, or empty if the key is missing
   *     or expired; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest get(
      String key, TypeReference<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, type, t));
  }

  /**
   * A request to {@link StoreClient#get(String)}: reads a value as Jackson reads it untyped.
   *
   * @param key the key
   * @param replyTo where the answer goes: success with the value, or empty if the key is missing
   *     or expired; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest get(String key, ActorRef<StatusReply<Optional<Object>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, Object.class, t));
  }

  /**
   * A request to {@link StoreClient#has(String)}: whether a key is present.
   *
   * @param key the key
   * @param replyTo where the answer goes: success with true only if the key is present and not
   *     expired; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest has(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("has", replyTo, (c, t) -> c.has(key, t));
  }

  /**
   * A request to {@link StoreClient#delete(String)}: removes a key.
   *
   * @param key the key
   * @param replyTo where the answer goes: success with true if the key existed; or an error reply
   *     with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest delete(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("delete", replyTo, (c, t) -> c.delete(key, t));
  }

  // ---- Counters -------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#increment(String, long)}: adds {@code delta} to a counter.
   *
   * @param key the key
   * @param delta the amount to add
   * @param replyTo where the answer goes: success with the new value; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest increment(
      String key, long delta, ActorRef<StatusReply<Long>> replyTo) {
    return of("increment", replyTo, (c, t) -> c.increment(key, delta, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#increment(String, long, SetOptions)}: adds {@code delta} to a
   * counter, with a TTL for a key it creates and an optional request id for a retry.
   *
   * @param key the key
   * @param delta the amount to add
   * @param options the TTL for a key this request creates, and the request id of a retried call
   * @param replyTo where the answer goes: success with the new value; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest increment(
      String key, long delta, SetOptions options, ActorRef<StatusReply<Long>> replyTo) {
    return of("increment", replyTo, (c, t) -> c.increment(key, delta, options, t));
  }

  /**
   * A request to {@link StoreClient#incrementBounded(String, long, long, SetOptions)}: adds a
   * positive {@code delta} only if the result stays at or below {@code max}.
   *
   * @param key the key
   * @param delta the amount to add, positive
   * @param max the largest value the counter may reach
   * @param options the TTL for a key this request creates, and the request id of a retried call
   * @param replyTo where the answer goes: success with the new value, or empty if it would pass
   *     {@code max}; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest incrementBounded(
      String key, long delta, long max, SetOptions options,
      ActorRef<StatusReply<OptionalLong>> replyTo) {
    return of(
        "incrementBounded", replyTo, (c, t) -> c.incrementBounded(key, delta, max, options, t));
  }

  // ---- Conditional writes ----------------------------------------------------------------

  /**
   * A request to {@link StoreClient#setIfAbsent(String, Object)}: stores the value only if the
   * key is absent.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param replyTo where the answer goes: success with true if this request stored the value; or
   *     an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest setIfAbsent(
      String key, Object value, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("setIfAbsent", replyTo, (c, t) -> c.setIfAbsent(key, value, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#setIfAbsent(String, Object, SetOptions)}: stores the value,
   * with options, only if the key is absent.
   *
   * @param key the key
   * @param value the value, serialized with {@link ValueCodec}
   * @param options the TTL the value gets if this request stores it
   * @param replyTo where the answer goes: success with true if this request stored the value; or
   *     an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest setIfAbsent(
      String key, Object value, SetOptions options, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("setIfAbsent", replyTo, (c, t) -> c.setIfAbsent(key, value, options, t));
  }

  /**
   * A request to {@link StoreClient#compareAndSet(String, Object, Object)}: replaces the value
   * only if it equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @param replyTo where the answer goes: success with true if this request replaced the value;
   *     or an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest compareAndSet(
      String key, Object expected, Object newValue, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("compareAndSet", replyTo,
        (c, t) -> c.compareAndSet(key, expected, newValue, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#compareAndSet(String, Object, Object, SetOptions)}: replaces
   * the value, stored with {@code options}, only if it equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the key must hold now, or {@code null} for "the key is absent"
   * @param newValue the value to store, serialized with {@link ValueCodec}
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @param replyTo where the answer goes: success with true if this request replaced the value;
   *     or an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest compareAndSet(
      String key, Object expected, Object newValue, SetOptions options,
      ActorRef<StatusReply<Boolean>> replyTo) {
    return of("compareAndSet", replyTo,
        (c, t) -> c.compareAndSet(key, expected, newValue, options, t));
  }

  /**
   * A request to {@link StoreClient#deleteIfEquals(String, Object)}: deletes the key only if its
   * value equals {@code expected}.
   *
   * @param key the key
   * @param expected the value the key must hold for the delete to happen
   * @param replyTo where the answer goes: success with true if this request deleted the key; or
   *     an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest deleteIfEquals(
      String key, Object expected, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("deleteIfEquals", replyTo, (c, t) -> c.deleteIfEquals(key, expected, t));
  }

  /**
   * A request to {@link StoreClient#getAndDelete(String, Class)}: deletes the key and answers the
   * value it had.
   *
   * @param <T> the type to read the value as
   * @param key the key
   * @param type the class to read the deleted value as
   * @param replyTo where the answer goes: success with the deleted value, or empty if the key was
   *     missing; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest getAndDelete(
      String key, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndDelete", replyTo, (c, t) -> c.getAndDelete(key, type, t));
  }

  /**
   * A request to {@link StoreClient#getAndSet(String, Object, Class)}: stores the value and
   * answers the previous one.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @param replyTo where the answer goes: success with the previous value, or empty if the key
   *     was missing; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest getAndSet(
      String key, Object value, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndSet", replyTo,
        (c, t) -> c.getAndSet(key, value, type, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#getAndSet(String, Object, Class, SetOptions)}: stores the
   * value with {@code options} and answers the previous one.
   *
   * @param <T> the type to read the previous value as
   * @param key the key
   * @param value the new value, serialized with {@link ValueCodec}
   * @param type the class to read the previous value as
   * @param options the TTL the new value gets ({@link SetOptions#none()}: none)
   * @param replyTo where the answer goes: success with the previous value, or empty if the key
   *     was missing; or an error reply with the exception that {@link StoreClient} would throw or
   *     fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest getAndSet(
      String key, Object value, Class<T> type, SetOptions options,
      ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndSet", replyTo, (c, t) -> c.getAndSet(key, value, type, options, t));
  }

  // ---- Expiry -----------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#expire(String, Duration)}: gives a live key a new TTL.
   *
   * @param key the key
   * @param ttl the new time to live, at least 1 ms
   * @param replyTo where the answer goes: success with true if the key exists and got the TTL; or
   *     an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest expire(
      String key, Duration ttl, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("expire", replyTo, (c, t) -> c.expire(key, ttl, t));
  }

  /**
   * A request to {@link StoreClient#persist(String)}: removes a key's TTL.
   *
   * @param key the key
   * @param replyTo where the answer goes: success with true if the key had a TTL and now has
   *     none; or an error reply with the exception that {@link StoreClient} would throw or fail
   *     with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest persist(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("persist", replyTo, (c, t) -> c.persist(key, t));
  }

  /**
   * A request to {@link StoreClient#ttl(String)}: whether the key exists and how long it has
   * left.
   *
   * @param key the key
   * @param replyTo where the answer goes: success with the key's {@link Ttl}; or an error reply
   *     with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest ttl(String key, ActorRef<StatusReply<Ttl>> replyTo) {
    return of("ttl", replyTo, (c, t) -> c.ttl(key, t));
  }

  // ---- Key space ----------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#keys(String)}: every live key matching {@code glob}, in key
   * order; the store's timeout applies to each page.
   *
   * @param glob the pattern keys must match ({@code *} for every key)
   * @param replyTo where the answer goes: success with the matching keys; or an error reply with
   *     the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest keys(String glob, ActorRef<StatusReply<List<String>>> replyTo) {
    return of("keys", replyTo, (c, t) -> c.keys(glob, t));
  }

  /**
   * A request to {@link StoreClient#scan(String, String, int)}: one page of the live keys
   * matching {@code glob}.
   *
   * @param glob the pattern keys must match ({@code *} for every key)
   * @param cursor {@code ""} for the first page, else the previous page's {@link
   *     ScanPage#cursor()}
   * @param limit the most keys the page may hold, 1 to 100,000
   * @param replyTo where the answer goes: success with the page; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest scan(
      String glob, String cursor, int limit, ActorRef<StatusReply<ScanPage>> replyTo) {
    return of("scan", replyTo, (c, t) -> c.scan(glob, cursor, limit, t));
  }

  /**
   * A request to {@link StoreClient#size()}: the number of live keys.
   *
   * @param replyTo where the answer goes: success with the number of live keys; or an error reply
   *     with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest size(ActorRef<StatusReply<Long>> replyTo) {
    return of("size", replyTo, (c, t) -> c.size(t));
  }

  /**
   * A request to {@link StoreClient#info()}: what the manager tells of itself.
   *
   * @param replyTo where the answer goes: success with the {@link StoreInfo}; or an error reply
   *     with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest info(ActorRef<StatusReply<StoreInfo>> replyTo) {
    return of("info", replyTo, (c, t) -> c.info(t));
  }

  /**
   * A request to {@link StoreClient#ping()}: a round trip to the store.
   *
   * @param replyTo where the answer goes: success with the round trip as the client measured it;
   *     or an error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest ping(ActorRef<StatusReply<Duration>> replyTo) {
    return of("ping", replyTo, (c, t) -> c.ping(t));
  }

  /**
   * A request to {@link StoreClient#deleteAll(String)}: deletes every live key matching {@code
   * glob}.
   *
   * @param glob the pattern keys must match ({@code *} for every key)
   * @param replyTo where the answer goes: success with the number of keys deleted; or an error
   *     reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest deleteAll(String glob, ActorRef<StatusReply<Long>> replyTo) {
    return of("deleteAll", replyTo, (c, t) -> c.deleteAll(glob, t));
  }

  // ---- Batches -------------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#getAll(Collection, Class)}: reads many keys in one round
   * trip.
   *
   * @param <T> the type to read the values as
   * @param keys the keys to read
   * @param type the class to read every value as
   * @param replyTo where the answer goes: success with the present keys and their values; or an
   *     error reply with the exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static <T> StoreRequest getAll(
      Collection<String> keys, Class<T> type, ActorRef<StatusReply<Map<String, T>>> replyTo) {
    return of("getAll", replyTo, (c, t) -> c.getAll(keys, type, t));
  }

  /**
   * A request to {@link StoreClient#setAll(Map)}: stores every entry, all or nothing, without a
   * TTL.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @param replyTo where the answer goes: success with {@link Done}; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest setAll(Map<String, ?> entries, ActorRef<StatusReply<Done>> replyTo) {
    return of("setAll", replyTo, (c, t) -> c.setAll(entries, SetOptions.none(), t));
  }

  /**
   * A request to {@link StoreClient#setAll(Map, SetOptions)}: stores every entry, all or nothing,
   * with {@code options}.
   *
   * @param entries the keys and their values, each serialized with {@link ValueCodec}
   * @param options the TTL every entry gets ({@link SetOptions#none()}: none)
   * @param replyTo where the answer goes: success with {@link Done}; or an error reply with the
   *     exception that {@link StoreClient} would throw or fail with
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code replyTo} is null
   */
  public static StoreRequest setAll(
      Map<String, ?> entries, SetOptions options, ActorRef<StatusReply<Done>> replyTo) {
    return of("setAll", replyTo, (c, t) -> c.setAll(entries, options, t));
  }

  // ---- Watch ------------------------------------------------------------------------------

  /**
   * A request to {@link StoreClient#watch(String, Consumer)}: watches the keys matching {@code
   * glob} from now on, telling {@code events} of every {@link StoreEvent}, in revision order (an
   * actor's mailbox keeps them in order; it never blocks the client). The answer is the running
   * {@link Watch}, which the actor closes when done (or when it stops).
   *
   * @param glob the keys to watch
   * @param events the actor that gets the events
   * @param replyTo where the answer goes: success with the {@link Watch}; or an error reply with
   *     the exception that {@link StoreClient#watch} would throw (a bad glob, too many watches, a
   *     closed client)
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code events} or {@code replyTo} is null
   */
  public static StoreRequest watch(
      String glob, ActorRef<StoreEvent> events, ActorRef<StatusReply<Watch>> replyTo) {
    return watch(glob, WatchOptions.fromNow(), events, replyTo);
  }

  /**
   * A request to {@link StoreClient#watch(String, WatchOptions, Consumer)}: as {@link
   * #watch(String, ActorRef, ActorRef)}, starting where {@code options} say.
   *
   * @param glob the keys to watch
   * @param options where to start
   * @param events the actor that gets the events
   * @param replyTo where the answer goes: success with the {@link Watch}, or an error reply
   * @return the request, to tell or ask {@link ClusterClient#storeRef()}
   * @throws NullPointerException if {@code events} or {@code replyTo} is null
   */
  public static StoreRequest watch(String glob, WatchOptions options, ActorRef<StoreEvent> events,
      ActorRef<StatusReply<Watch>> replyTo) {
    Objects.requireNonNull(events, "events must not be null");
    return of("watch", replyTo, (c, t) ->
        CompletableFuture.completedFuture(c.watch(glob, options, events::tell)));
  }

  /** For logs: the operation and its own timeout if given, e.g. {@code StoreRequest[get]}. */
  @Override
  public String toString() {
    return "StoreRequest[" + operation + (timeout == null ? "" : ", timeout=" + timeout) + "]";
  }
}
