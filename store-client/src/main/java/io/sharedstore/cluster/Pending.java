package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.Cancellable;

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
  private Cancellable timer;

  Pending(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Operation<R> op,
      Function<R, V> onReply,
      DispatcherFuture<V> result) {
    this.operation = operation;
    this.key = key;
    this.timeout = timeout;
    this.requestId = requestId;
    this.op = op;
    this.onReply = onReply;
    this.result = result;
  }

  void timer(Cancellable timer) {
    this.timer = timer;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
    }
  }

  /** Completes with a reply (from a batch or answered alone). */
  @SuppressWarnings("unchecked")
  void succeed(Object reply, Executor executor) {
    Object value = reply;
    executor.execute(
        () -> {
          try {
            result.complete(onReply.apply((R) value));
          } catch (StoreException e) {
            result.completeExceptionally(e);
          } catch (RuntimeException e) {
            result.completeExceptionally(
                new StoreException(operation, key, operation + " failed: " + e, e));
          }
        });
  }

  void fail(StoreException error, Executor executor) {
    executor.execute(() -> result.completeExceptionally(error));
  }
}
