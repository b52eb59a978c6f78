package io.sharedstore.cluster;

import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.GetClusterInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One {@link ClusterClient#clusterInfo()} call: asks the store actor of the node a call for no
 * key goes to ({@link NodeConnections#any()}) for its {@link ClusterInfo}, refused at once while
 * that node is unreachable, and completed on the client's dispatcher. Stateless.
 */
final class ClusterInfoCall {

  static final String OPERATION = "clusterInfo";

  private ClusterInfoCall() {}

  /**
   * Asks now; the stage fails with {@link StoreUnavailableException} at once if the node is
   * unreachable, with {@link StoreTimeoutException} if it does not answer within {@code
   * timeout}.
   */
  static CompletionStage<ClusterInfo> ask(NodeConnections nodes, Duration timeout,
      Scheduler scheduler, Executor executor) {
    NodeLink node = nodes.any();
    Optional<StoreUnavailableException> refusal =
        node.refusal(OPERATION, "", Optional.empty());
    if (refusal.isPresent()) {
      return DispatcherFuture.failed(executor, refusal.get());
    }
    DispatcherFuture<ClusterInfo> result = new DispatcherFuture<>(executor);
    AskPattern.<io.sharedstore.store.protocol.Command, ClusterInfo>ask(
            node.store(), GetClusterInfo::new, timeout, scheduler)
        .whenCompleteAsync((info, error) -> {
          if (error == null) {
            result.complete(info);
          } else {
            result.completeExceptionally(failure(node.address(), timeout, error));
          }
        }, executor);
    return result;
  }

  private static StoreException failure(String address, Duration timeout, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return new StoreTimeoutException(OPERATION, "", address, timeout, Optional.empty(), cause);
    }
    return new StoreException(OPERATION, "", OPERATION + " failed: " + cause.getMessage(), cause);
  }
}
