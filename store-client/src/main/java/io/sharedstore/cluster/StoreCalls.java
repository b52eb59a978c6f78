package io.sharedstore.cluster;

import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One request to the store: handed to the {@link StoreConnection} of the store node that
 * serves its key (see {@link NodeConnections}; a single manager's one connection), with a timeout, and
 * answered on the client's dispatcher with the store's typed exceptions for what went wrong.
 * Calls join their node's {@link CallQueue}; only a call that finds it idle wakes the connection, which
 * then takes every queued call at once, so calls from many threads cost one message, not one each.
 */
final class StoreCalls {

  private final NodeConnections nodes;
  private final Executor executor;
  private final String requestIdPrefix = UUID.randomUUID() + "-";
  private final AtomicLong requestCounter = new AtomicLong();
  private final NearCaches nearCaches = new NearCaches();
  private final LongAdder queued = new LongAdder();
  private final ClientMeters meters;
  private volatile boolean closed;

  /** Calls without meters (for tests of the connection). */
  StoreCalls(
      ActorRef<StoreConnection.Message> connection, ManagerState manager, ActorSystem<?> system) {
    this(connection, manager, system, ClientMeters.OFF);
  }

  /** Calls timed by {@code meters}. */
  StoreCalls(ActorRef<StoreConnection.Message> connection, ManagerState manager,
      ActorSystem<?> system, ClientMeters meters) {
    this(NodeConnections.single(new NodeLink(manager.managerAddress(), manager, null,
        connection, system.executionContext())), system, meters);
  }

  /** Calls routed by {@code nodes} to the store's nodes, timed by {@code meters}. */
  StoreCalls(NodeConnections nodes, ActorSystem<?> system, ClientMeters meters) {
    this.nodes = nodes;
    this.executor = system.executionContext();
    this.meters = meters;
  }

  /**
   * Sends {@code request} and completes with {@code onReply} applied to the
   * reply's value. A timeout fails with {@link StoreTimeoutException}, a refusal with the
   * refusal's exception, and a {@link StoreException} thrown by {@code onReply} fails the stage
   * as it is. While the manager is unreachable the stage fails at once, on the caller's thread,
   * with {@link StoreUnavailableException}, and nothing is sent.
   */
  <R extends Reply, V> DispatcherFuture<V> ask(
      String operation,
      String key,
      Duration timeout,
      Operation<R> request,
      Function<R, V> onReply) {
    return ask(operation, key, timeout, Optional.empty(), request, onReply);
  }

  /** As above, for a request that carries a request id (named by a timeout, for a retry). */
  <R extends Reply, V> DispatcherFuture<V> ask(
      String operation,
      String key,
      Duration timeout,
      Optional<String> requestId,
      Operation<R> request,
      Function<R, V> onReply) {
    if (closed) {
      throw new IllegalStateException(
          operation + " of key " + KeyRules.show(key) + ": this client is closed");
    }
    long start = meters.start();
    NodeLink node = nodes.route(RoutingKeys.of(key, request));
    var refusal = node.refusal(operation, key, requestId);
    if (refusal.isPresent()) {
      meters.completed(request, refusal.get(), start);
      return failed(refusal.get());
    }
    DispatcherFuture<V> result = new DispatcherFuture<>(executor);
    queued.increment();
    node.submit(new Pending<>(operation, key, timeout, requestId, request, onReply, result,
        nearCaches, meters, start));
    return result;
  }

  /** A fresh request id: unique per client and call, cheap to make. */
  String nextRequestId() {
    return requestIdPrefix + requestCounter.incrementAndGet();
  }

  /** The client's dispatcher, where calls complete. */
  Executor executor() {
    return executor;
  }

  /** Whether the manager (a node, in a cluster) is unreachable now: calls fail at once. */
  boolean managerAway() {
    return nodes.anyUnreachable();
  }

  /** The store's nodes and the routing of the calls to them. */
  NodeConnections nodes() {
    return nodes;
  }

  boolean isClosed() {
    return closed;
  }

  /** The client's near caches, told of every write completed here. */
  NearCaches nearCaches() {
    return nearCaches;
  }

  /** The client's meters (its near caches publish theirs through it). */
  ClientMeters meters() {
    return meters;
  }

  /** How many calls were handed to the connection so far: a seam for tests. */
  long callsQueued() {
    return queued.sum();
  }

  /**
   * After this, every call throws {@link IllegalStateException}; calls in flight fail, and so
   * does every near cache's get.
   */
  void close() {
    closed = true;
    nearCaches.closeAll();
    nodes.closeAll();
  }

  <T> DispatcherFuture<T> failed(Throwable error) {
    return DispatcherFuture.failed(executor, error);
  }

  /**
   * A call of {@code operation} that fails before it is sent (the client's checks refused it,
   * or its value could not be encoded): counted by the meters, as its caller sees a failed call.
   */
  <T> DispatcherFuture<T> failedAtOnce(String operation, StoreException error) {
    meters.failedAtOnce(operation, error);
    return DispatcherFuture.failed(executor, error);
  }
}
