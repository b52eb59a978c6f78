package io.sharedstore.cluster;

import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Ping;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * A client's connection to one store node (or its single manager): the node's {@link
 * ManagerState}, the {@link CallQueue} callers add to, and the {@link StoreConnection} actor that
 * drains it, with its own heartbeat and fail-fast. A link is retired when the node leaves the
 * slot map: its actor stops and fails what it holds with {@link StoreUnavailableException}
 * (sent calls as possibly applied), and a call that still reaches its queue (routed by the map
 * before) fails the same way, unsent.
 */
final class NodeLink {

  private static final int PROBE_TIMEOUT_MILLIS = 1000;
  private static final AtomicLong NUMBERS = new AtomicLong();

  private final String address;
  private final ManagerState state;
  private final ActorRef<Command> store;
  private final ActorRef<StoreConnection.Message> connection;
  private final CallQueue queue = new CallQueue();
  private final StoreConnection.Drain drain = new StoreConnection.Drain(queue);
  private final Executor executor;
  private volatile boolean retired;
  private volatile Runnable whenRetired = () -> {};

  NodeLink(String address, ManagerState state, ActorRef<Command> store,
      ActorRef<StoreConnection.Message> connection, Executor executor) {
    this.address = address;
    this.executor = executor;
    this.state = state;
    this.store = store;
    this.connection = connection;
  }

  /** Opens a connection to the node at {@code node}, a system actor of {@code system}. */
  static NodeLink open(ActorSystem<?> system, ManagerAddress node, ClientSettings settings,
      int clusterId) {
    ActorRefResolver resolver = ActorRefResolver.get(system);
    ActorRef<Command> store = resolver.resolveActorRef(node.storePath());
    ManagerState state = new ManagerState(node.toString(), system.executionContext());
    ActorRef<StoreConnection.Message> connection = system.systemActorOf(
        StoreConnection.create(
            store,
            resolver.<Ping>resolveActorRef(node.heartbeatPath()),
            pingBySelection(system, node.heartbeatPath()),
            state,
            settings.maxValueSize(),
            settings.heartbeat(),
            ConnectProbe.tcp(node.host(), node.port(), PROBE_TIMEOUT_MILLIS,
                system.dispatchers().lookup(DispatcherSelector.blocking()))),
        "shared-store-connection-" + clusterId + "-" + NUMBERS.incrementAndGet(),
        Props.empty());
    return new NodeLink(node.toString(), state, store, connection, system.executionContext());
  }

  /** The node's {@code host:port}. */
  String address() {
    return address;
  }

  ManagerState state() {
    return state;
  }

  /** The node's store actor, by its path without a uid. */
  ActorRef<Command> store() {
    return store;
  }

  /**
   * Queues {@code pending} for the node and wakes the connection if it was idle. A link retired
   * meanwhile fails it (and anything else still queued) with {@link StoreUnavailableException}.
   */
  void submit(Pending<?, ?> pending) {
    if (queue.add(pending)) {
      connection.tell(drain);
    }
    if (retired) {
      Pending<?, ?> left;
      while ((left = queue.poll()) != null) {
        left.fail(new StoreUnavailableException(left.operation, left.key, address,
            Instant.now(), "the node left the slot map; the call was not sent", false,
            left.requestId), executor);
      }
    }
  }

  boolean isRetired() {
    return retired;
  }

  /** Stops the connection: calls in flight and queued fail. */
  void close() {
    connection.tell(StoreConnection.Close.INSTANCE);
  }

  /** Closes the link for good: the node is no longer in the slot map. */
  void retire() {
    retired = true;
    connection.tell(StoreConnection.LeftSlotMap.INSTANCE);
    whenRetired.run();
  }

  /** Runs {@code action} when the link is retired (e.g. its meters leave the registry). */
  void whenRetired(Runnable action) {
    whenRetired = action;
  }

  /** The refusal of a call made now, if the node is unreachable. */
  Optional<StoreUnavailableException> refusal(
      String operation, String key, Optional<String> requestId) {
    return state.refusal(operation, key, requestId);
  }

  @Override
  public String toString() {
    return "NodeLink[" + address + ", " + state.phase() + (retired ? ", retired" : "") + "]";
  }

  /**
   * Sends a ping to the node's heartbeat by actor selection, which passes Artery's quarantine
   * of a gracefully stopped incarnation (see {@link StoreConnection}); used only while the
   * node is unreachable.
   */
  private static Consumer<Ping> pingBySelection(ActorSystem<?> system, String heartbeatPath) {
    ActorSelection heartbeat = Adapter.toClassic(system).actorSelection(heartbeatPath);
    return ping -> heartbeat.tell(ping, org.apache.pekko.actor.ActorRef.noSender());
  }
}
