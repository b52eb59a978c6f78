package io.sharedstore.cluster;

import io.sharedstore.store.StoreActor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * One call waiting for its answer: how to build its request, how to turn the reply into the
 * caller's value, and the future the caller holds. Completed on the client's executor, never on
 * the connection actor's thread, so a caller's callbacks cannot stall the connection.
 */
final class Pending<R, V> {

  final String operation;
  final String key;
  final Duration timeout;
  final Optional<String> requestId;
  private final Function<ActorRef<StatusReply<R>>, StoreActor.Command> request;
  private final Function<R, V> onReply;
  private final DispatcherFuture<V> result;

  Pending(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Function<ActorRef<StatusReply<R>>, StoreActor.Command> request,
      Function<R, V> onReply,
      DispatcherFuture<V> result) {
    this.operation = operation;
    this.key = key;
    this.timeout = timeout;
    this.requestId = requestId;
    this.request = request;
    this.onReply = onReply;
    this.result = result;
  }

  /** The request, answered to {@code replyTo} (null inside a batch, where it is unused). */
  StoreActor.Command request(ActorRef<StatusReply<R>> replyTo) {
    return request.apply(replyTo);
  }

  /** Completes with a reply from a batch ({@code Ack} stands for {@code Done}). */
  void succeed(Object reply, Executor executor) {
    executor.execute(succeeding(reply));
  }

  void fail(StoreException error, Executor executor) {
    executor.execute(failing(error));
  }

  /** What completes this call with {@code reply}: to run on the client's executor. */
  @SuppressWarnings("unchecked")
  Runnable succeeding(Object reply) {
    Object value = reply instanceof StoreActor.Ack ? Done.getInstance() : reply;
    return () -> {
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

  /** What fails this call with {@code error}: to run on the client's executor. */
  Runnable failing(StoreException error) {
    return () -> result.completeExceptionally(error);
  }
}
