package io.sharedstore.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
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
   * This request with its own store timeout instead of the client's default, as the {@code
   * timeout} overloads of {@link StoreClient}.
   *
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   */
  public StoreRequest withTimeout(Duration timeout) {
    return new StoreRequest(operation, call, CallTimeouts.check(timeout));
  }

  /**
   * The class to hand to {@code askWithStatus} (or {@code ask}) for an answer of a generic type
   * such as {@code Optional<Boolean>}, which Java has no class literal for: {@code
   * StoreRequest.<Optional<Boolean>>replyClass(Optional.class)}.
   */
  @SuppressWarnings("unchecked")
  public static <R> Class<R> replyClass(Class<? super R> rawClass) {
    return (Class<R>) Objects.requireNonNull(rawClass, "rawClass");
  }

  // ---- Values ----------------------------------------------------------------------------

  /** {@link StoreClient#set(String, Object)}. */
  public static StoreRequest set(String key, Object value, ActorRef<StatusReply<Done>> replyTo) {
    return of("set", replyTo, (c, t) -> c.set(key, value, SetOptions.none(), t));
  }

  /** {@link StoreClient#set(String, Object, SetOptions)}. */
  public static StoreRequest set(
      String key, Object value, SetOptions options, ActorRef<StatusReply<Done>> replyTo) {
    return of("set", replyTo, (c, t) -> c.set(key, value, options, t));
  }

  /** {@link StoreClient#get(String, Class)}: a value that cannot be read as {@code type} is an error reply. */
  public static <T> StoreRequest get(
      String key, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, type, t));
  }

  /** {@link StoreClient#get(String, TypeReference)}. */
  public static <T> StoreRequest get(
      String key, TypeReference<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, type, t));
  }

  /** {@link StoreClient#get(String)}: the value as Jackson reads it untyped. */
  public static StoreRequest get(String key, ActorRef<StatusReply<Optional<Object>>> replyTo) {
    return of("get", replyTo, (c, t) -> c.get(key, Object.class, t));
  }

  /** {@link StoreClient#has(String)}. */
  public static StoreRequest has(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("has", replyTo, (c, t) -> c.has(key, t));
  }

  /** {@link StoreClient#delete(String)}. */
  public static StoreRequest delete(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("delete", replyTo, (c, t) -> c.delete(key, t));
  }

  // ---- Counters -------------------------------------------------------------------------

  /** {@link StoreClient#increment(String, long)}. */
  public static StoreRequest increment(
      String key, long delta, ActorRef<StatusReply<Long>> replyTo) {
    return of("increment", replyTo, (c, t) -> c.increment(key, delta, SetOptions.none(), t));
  }

  /** {@link StoreClient#increment(String, long, SetOptions)}. */
  public static StoreRequest increment(
      String key, long delta, SetOptions options, ActorRef<StatusReply<Long>> replyTo) {
    return of("increment", replyTo, (c, t) -> c.increment(key, delta, options, t));
  }

  /** {@link StoreClient#incrementBounded(String, long, long, SetOptions)}. */
  public static StoreRequest incrementBounded(
      String key, long delta, long max, SetOptions options,
      ActorRef<StatusReply<OptionalLong>> replyTo) {
    return of(
        "incrementBounded", replyTo, (c, t) -> c.incrementBounded(key, delta, max, options, t));
  }

  // ---- Conditional writes ----------------------------------------------------------------

  /** {@link StoreClient#setIfAbsent(String, Object)}. */
  public static StoreRequest setIfAbsent(
      String key, Object value, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("setIfAbsent", replyTo, (c, t) -> c.setIfAbsent(key, value, SetOptions.none(), t));
  }

  /** {@link StoreClient#setIfAbsent(String, Object, SetOptions)}. */
  public static StoreRequest setIfAbsent(
      String key, Object value, SetOptions options, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("setIfAbsent", replyTo, (c, t) -> c.setIfAbsent(key, value, options, t));
  }

  /** {@link StoreClient#compareAndSet(String, Object, Object)}. */
  public static StoreRequest compareAndSet(
      String key, Object expected, Object newValue, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("compareAndSet", replyTo,
        (c, t) -> c.compareAndSet(key, expected, newValue, SetOptions.none(), t));
  }

  /** {@link StoreClient#compareAndSet(String, Object, Object, SetOptions)}. */
  public static StoreRequest compareAndSet(
      String key, Object expected, Object newValue, SetOptions options,
      ActorRef<StatusReply<Boolean>> replyTo) {
    return of("compareAndSet", replyTo,
        (c, t) -> c.compareAndSet(key, expected, newValue, options, t));
  }

  /** {@link StoreClient#deleteIfEquals(String, Object)}. */
  public static StoreRequest deleteIfEquals(
      String key, Object expected, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("deleteIfEquals", replyTo, (c, t) -> c.deleteIfEquals(key, expected, t));
  }

  /** {@link StoreClient#getAndDelete(String, Class)}. */
  public static <T> StoreRequest getAndDelete(
      String key, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndDelete", replyTo, (c, t) -> c.getAndDelete(key, type, t));
  }

  /** {@link StoreClient#getAndSet(String, Object, Class)}. */
  public static <T> StoreRequest getAndSet(
      String key, Object value, Class<T> type, ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndSet", replyTo,
        (c, t) -> c.getAndSet(key, value, type, SetOptions.none(), t));
  }

  /** {@link StoreClient#getAndSet(String, Object, Class, SetOptions)}. */
  public static <T> StoreRequest getAndSet(
      String key, Object value, Class<T> type, SetOptions options,
      ActorRef<StatusReply<Optional<T>>> replyTo) {
    return of("getAndSet", replyTo, (c, t) -> c.getAndSet(key, value, type, options, t));
  }

  // ---- Expiry -----------------------------------------------------------------------------

  /** {@link StoreClient#expire(String, Duration)}. */
  public static StoreRequest expire(
      String key, Duration ttl, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("expire", replyTo, (c, t) -> c.expire(key, ttl, t));
  }

  /** {@link StoreClient#persist(String)}. */
  public static StoreRequest persist(String key, ActorRef<StatusReply<Boolean>> replyTo) {
    return of("persist", replyTo, (c, t) -> c.persist(key, t));
  }

  /** {@link StoreClient#ttl(String)}. */
  public static StoreRequest ttl(String key, ActorRef<StatusReply<Ttl>> replyTo) {
    return of("ttl", replyTo, (c, t) -> c.ttl(key, t));
  }

  // ---- Key space ----------------------------------------------------------------------------

  /** {@link StoreClient#keys(String)}; the timeout applies to each page. */
  public static StoreRequest keys(String glob, ActorRef<StatusReply<List<String>>> replyTo) {
    return of("keys", replyTo, (c, t) -> c.keys(glob, t));
  }

  /** {@link StoreClient#scan(String, String, int)}. */
  public static StoreRequest scan(
      String glob, String cursor, int limit, ActorRef<StatusReply<ScanPage>> replyTo) {
    return of("scan", replyTo, (c, t) -> c.scan(glob, cursor, limit, t));
  }

  /** {@link StoreClient#size()}. */
  public static StoreRequest size(ActorRef<StatusReply<Long>> replyTo) {
    return of("size", replyTo, (c, t) -> c.size(t));
  }

  /** {@link StoreClient#deleteAll(String)}. */
  public static StoreRequest deleteAll(String glob, ActorRef<StatusReply<Long>> replyTo) {
    return of("deleteAll", replyTo, (c, t) -> c.deleteAll(glob, t));
  }

  // ---- Batches -------------------------------------------------------------------------------

  /** {@link StoreClient#getAll(Collection, Class)}. */
  public static <T> StoreRequest getAll(
      Collection<String> keys, Class<T> type, ActorRef<StatusReply<Map<String, T>>> replyTo) {
    return of("getAll", replyTo, (c, t) -> c.getAll(keys, type, t));
  }

  /** {@link StoreClient#setAll(Map)}. */
  public static StoreRequest setAll(Map<String, ?> entries, ActorRef<StatusReply<Done>> replyTo) {
    return of("setAll", replyTo, (c, t) -> c.setAll(entries, SetOptions.none(), t));
  }

  /** {@link StoreClient#setAll(Map, SetOptions)}. */
  public static StoreRequest setAll(
      Map<String, ?> entries, SetOptions options, ActorRef<StatusReply<Done>> replyTo) {
    return of("setAll", replyTo, (c, t) -> c.setAll(entries, options, t));
  }

  @Override
  public String toString() {
    return "StoreRequest[" + operation + (timeout == null ? "" : ", timeout=" + timeout) + "]";
  }
}
