package io.sharedstore.cluster;

import io.sharedstore.store.KeyRules;
import io.sharedstore.store.Refusal;
import io.sharedstore.store.StoreActor;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * One request to the store: an ask with a timeout whose outcome is delivered on the client's
 * dispatcher, with Pekko's failures turned into the store's typed exceptions.
 */
final class StoreCalls {

  private final ActorRef<StoreActor.Command> store;
  private final ActorSystem<?> system;
  private final Executor executor;
  private final String managerAddress;
  private final String requestIdPrefix = UUID.randomUUID() + "-";
  private final AtomicLong requestCounter = new AtomicLong();
  private volatile boolean closed;

  StoreCalls(ActorRef<StoreActor.Command> store, ActorSystem<?> system, String managerAddress) {
    this.store = store;
    this.system = system;
    this.executor = system.executionContext();
    this.managerAddress = managerAddress;
  }

  /**
   * Sends the request made by {@code request} and completes with {@code onReply} applied to the
   * reply's value. A timeout fails with {@link StoreTimeoutException}, a refusal with {@link
   * StoreRejectedException}, and a {@link StoreException} thrown by {@code onReply} fails the
   * stage as it is.
   */
  <R, V> DispatcherFuture<V> ask(
      String operation,
      String key,
      Duration timeout,
      Function<ActorRef<StatusReply<R>>, StoreActor.Command> request,
      Function<R, V> onReply) {
    return ask(operation, key, timeout, Optional.empty(), request, onReply);
  }

  /** As above, for a request that carries a request id (named by a timeout, for a retry). */
  <R, V> DispatcherFuture<V> ask(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Function<ActorRef<StatusReply<R>>, StoreActor.Command> request,
      Function<R, V> onReply) {
    if (closed) {
      throw new IllegalStateException(
          operation + " of key " + KeyRules.show(key) + ": this client is closed");
    }
    DispatcherFuture<V> result = new DispatcherFuture<>(executor);
    CompletionStage<StatusReply<R>> reply =
        AskPattern.ask(store, request::apply, timeout, system.scheduler());
    // The ask's own stage runs non-async callbacks on the common pool; name the executor.
    reply.whenCompleteAsync(
        (statusReply, error) -> {
          if (error != null) {
            result.completeExceptionally(failure(operation, key, timeout, requestId, error));
          } else if (statusReply.isError()) {
            result.completeExceptionally(
                refused(operation, key, statusReply.getError().getMessage()));
          } else {
            complete(result, statusReply.getValue(), onReply);
          }
        },
        executor);
    return result;
  }

  private static <R, V> void complete(
      DispatcherFuture<V> result, R reply, Function<R, V> onReply) {
    try {
      result.complete(onReply.apply(reply));
    } catch (StoreException e) {
      result.completeExceptionally(e);
    }
  }

  /** After this, every call throws {@link IllegalStateException}. */
  void close() {
    closed = true;
  }

  <T> DispatcherFuture<T> failed(Throwable error) {
    return DispatcherFuture.failed(executor, error);
  }

  String managerAddress() {
    return managerAddress;
  }

  /** A fresh request id: unique per client and call, cheap to make. */
  String nextRequestId() {
    return requestIdPrefix + requestCounter.incrementAndGet();
  }

  private static StoreException refused(String operation, String key, String errorText) {
    String message = Refusal.message(errorText);
    return switch (Refusal.of(errorText)) {
      case TYPE -> new StoreTypeException(operation, key, message);
      case OVERFLOW -> new StoreOverflowException(operation, key, message);
      case INVALID -> new StoreRejectedException(operation, key, message);
    };
  }

  private StoreException failure(
      String operation, String key, Duration timeout, Optional<String> requestId, Throwable error) {
    if (error instanceof TimeoutException) {
      return new StoreTimeoutException(operation, key, managerAddress, timeout, requestId, error);
    }
    if (error instanceof StoreException storeException) {
      return storeException;
    }
    return new StoreException(
        operation, key, operation + " failed: " + error.getMessage(), error);
  }
}
