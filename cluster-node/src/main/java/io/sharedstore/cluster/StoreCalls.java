package io.sharedstore.cluster;

import io.sharedstore.store.KeyRules;
import io.sharedstore.store.StoreActor;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
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
            result.completeExceptionally(failure(operation, key, timeout, error));
          } else if (statusReply.isError()) {
            result.completeExceptionally(
                new StoreRejectedException(operation, key, statusReply.getError().getMessage()));
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

  private StoreException failure(String operation, String key, Duration timeout, Throwable error) {
    if (error instanceof TimeoutException) {
      return new StoreTimeoutException(operation, key, managerAddress, timeout, error);
    }
    if (error instanceof StoreException storeException) {
      return storeException;
    }
    return new StoreException(
        operation, key, operation + " failed: " + error.getMessage(), error);
  }
}
