package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One call waiting for its answer: its operation, how to turn the reply into the
 * caller's value, and the future the caller holds. Completed on the client's executor, never on
 * the connection actor's thread, so a caller's callbacks cannot stall the connection.
 */
final class Pending<R extends Reply, V> {

  final String operation;
  final String key;
  final Duration timeout;
  final Optional<String> requestId;
  final Operation<R> op;
  private final Function<R, V> onReply;
  private final DispatcherFuture<V> result;
  private final NearCaches nearCaches;

  Pending(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Operation<R> op,
      Function<R, V> onReply,
      DispatcherFuture<V> result,
      NearCaches nearCaches) {
    this.operation = operation;
    this.key = key;
    this.timeout = timeout;
    this.requestId = requestId;
    this.op = op;
    this.onReply = onReply;
    this.result = result;
    this.nearCaches = nearCaches;
  }

  /** Completes with a reply (from a batch or answered alone). */
  void succeed(Object reply, Executor executor) {
    executor.execute(succeeding(reply));
  }

  void fail(StoreException error, Executor executor) {
    executor.execute(failing(error));
  }

  /**
   * What completes this call with {@code reply}: to run on the client's executor. The client's
   * near caches drop what a write touched first, so its caller's next read sees the write.
   */
  @SuppressWarnings("unchecked")
  Runnable succeeding(Object reply) {
    Object value = reply;
    return () -> {
      nearCaches.written(op);
      try {
        result.complete(onReply.apply((R) value));
      } catch (StoreException e) {
        result.completeExceptionally(e);
      } catch (RuntimeException e) {
        result.completeExceptionally(
            new StoreException(operation, key, operation + " failed: " + e, e));
      }
    };
  }

  /**
   * What fails this call with {@code error}: to run on the client's executor. A failed write may
   * have been applied, so the near caches drop what it touched first here too.
   */
  Runnable failing(StoreException error) {
    return () -> {
      nearCaches.written(op);
      result.completeExceptionally(error);
    };
  }
}
