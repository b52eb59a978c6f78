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
  private final ClientMeters meters;
  /** When the call was made, for its timer ({@link ClientMeters#start}). */
  private final long startNanos;

  Pending(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Operation<R> op,
      Function<R, V> onReply,
      DispatcherFuture<V> result,
      NearCaches nearCaches,
      ClientMeters meters,
      long startNanos) {
    this.operation = operation;
    this.key = key;
    this.timeout = timeout;
    this.requestId = requestId;
    this.op = op;
    this.onReply = onReply;
    this.result = result;
    this.nearCaches = nearCaches;
    this.meters = meters;
    this.startNanos = startNanos;
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
   * near caches drop what a write touched first, so its caller's next read sees the write. The
   * call's timer is recorded just before its stage completes (the caller's callbacks run in
   * {@code complete} and are not the call's time).
   */
  @SuppressWarnings("unchecked")
  Runnable succeeding(Object reply) {
    Object answer = reply;
    return () -> {
      nearCaches.written(op);
      V value;
      try {
        value = onReply.apply((R) answer);
      } catch (StoreException e) {
        failNow(e);
        return;
      } catch (RuntimeException e) {
        failNow(new StoreException(operation, key, operation + " failed: " + e, e));
        return;
      }
      meters.completed(op, null, startNanos);
      result.complete(value);
    };
  }

  /**
   * What fails this call with {@code error}: to run on the client's executor. A failed write may
   * have been applied, so the near caches drop what it touched first here too.
   */
  Runnable failing(StoreException error) {
    return () -> {
      nearCaches.written(op);
      failNow(error);
    };
  }

  private void failNow(StoreException error) {
    meters.completed(op, error, startNanos);
    result.completeExceptionally(error);
  }
}
