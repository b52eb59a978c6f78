package io.sharedstore.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.ManagerAddress;

import java.time.Duration;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import scala.concurrent.Await;

/**
 * One cluster node's connection to the shared store's manager (or to its store nodes).
 *
 * <p>{@link #connect} starts an ActorSystem of its own (remoting on a free port) and stops it on
 * {@link #close()}; {@link #create} uses an ActorSystem the application already runs, which must
 * have remoting enabled, and leaves it running on close. The store is addressed by its path
 * without a uid, so a restarted manager is reached again without a new client.
 *
 * <p>The client pings the manager every {@code shared-store.client.heartbeat-interval}. Once the
 * manager has answered, no answer for {@code heartbeat-timeout} (or the manager's notice that it
 * is shutting down) makes it unreachable: calls in flight fail at once, and new calls fail at once
 * without being sent, with {@link StoreUnavailableException}; when it answers again, calls are
 * sent again. Until the manager's first answer, calls are sent and wait their own timeouts, but
 * for at most {@code shared-store.client.connect-timeout} after the client was made; then the
 * manager is unreachable as above, and the errors name the last transport error (e.g.
 * "Connection refused"). {@link #isManagerReachable()}, {@link #awaitReachable} and {@link
 * #addListener} tell the application.
 *
 * <p><b>A cluster of store nodes.</b> {@link #connect} also takes several addresses, {@code
 * "H1:P1,H2:P2,H3:P3"} (and {@link #create} reads {@code shared-store.client.store-nodes}); any
 * one node of a cluster is enough. The client asks a node for the store's slot map ({@code
 * GetSlotMap}) at once and then every {@code shared-store.client.slot-map.interval} (every
 * {@code unsettled-interval} while a slot has no owner or a node is unreachable), keeps one
 * connection, with its own heartbeat and fail-fast as above, per node the map names (closing
 * those of nodes that left it), and sends each single-key call to its slot's owner; {@code
 * getAll} and {@code setAll} go to the owner of their first key's slot (which gathers, or
 * refuses keys of other slots), and {@code scan}, {@code keys}, {@code size}, {@code
 * deleteAll}, {@code info}, {@code stats} and {@code ping} (and calls for a slot no node
 * serves) to any reachable node. A node forwards a call for a slot it does not serve, so an
 * older map costs a hop, not an error, and the owner's answer names it ({@code Replies.owner}):
 * the client routes that slot there from then on, before its next map comes. A call for a slot whose owner's connection is
 * unreachable fails at once with {@link StoreUnavailableException} naming that node, until a
 * newer map names another owner. Order is kept per slot (one connection per node), except
 * across a slot's move: calls sent to the old owner may still be applied after ones sent to
 * the new one. {@link #isManagerReachable()} is true when every slot has an owner and every
 * owner answers. Watches go to the first address given, whose node hears every slot's changes
 * (in that node's own revision sequence, in order per slot; a slot that started again empty is
 * a {@link ResetReason#EPOCH_CHANGED} reset); near caches are refused with {@link
 * UnsupportedOperationException}. A client of one address whose node
 * answers that it is a single manager (or does not answer the map within {@code
 * connect-timeout}) is exactly a single manager's client; one given several addresses becomes
 * the client of the first that answers so.
 *
 * <p>The client publishes Micrometer meters (call timers by operation and result, a gauge of
 * the manager's reachability, its near caches' hits, misses and sizes) in {@link
 * io.micrometer.core.instrument.Metrics#globalRegistry} unless the factory is given other
 * {@link MetricsOptions}; {@link #close()} removes them.
 */
public final class ClusterClient implements AutoCloseable {

  private static final long CLOSE_WAIT_SECONDS = 30;
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final int id;
  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final List<ManagerAddress> seeds;
  private final ActorRef<Command> remoteStoreRef;
  private final NodeConnections nodes;
  private final StoreCalls calls;
  private final Watches watches;
  private final StoreClient store;
  private final ActorRef<StoreRequest> requests;
  private final ActorRef<SlotMapRefresher.Message> refresher;
  private final ClientMeters meters;
  private final Duration timeout;

  private ClusterClient(
      int id, ActorSystem<?> system, boolean ownsSystem, ClientSettings settings,
      SlotMapRefresh refresh, List<ManagerAddress> seeds, MetricsOptions metrics) {
    this.id = id;
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.seeds = List.copyOf(seeds);
    this.meters = ClientMeters.create(metrics);
    this.timeout = settings.timeout();
    long number = CONNECTIONS.incrementAndGet();
    List<NodeLink> links = new ArrayList<>();
    for (ManagerAddress seed : seeds) {
      links.add(NodeLink.open(system, seed, settings, id));
    }
    this.nodes = new NodeConnections(links, node -> {
      NodeLink link = NodeLink.open(system, ManagerAddress.parse(node), settings, id);
      link.whenRetired(meters.watch(link.state()));
      return link;
    });
    NodeLink first = nodes.first();
    this.remoteStoreRef = first.store();
    this.calls = new StoreCalls(nodes, system, meters);
    this.watches = Watches.start(system, remoteStoreRef, first.state(), settings,
        "shared-store-watches-" + id + "-" + number);
    this.store = new DefaultStoreClient(calls, settings, watches);
    this.requests =
        system.systemActorOf(
            StoreRequestActor.create(store), "shared-store-requests-" + id + "-" + number,
            Props.empty());
    for (NodeLink link : links) { // a constructor that threw registered nothing
      link.whenRetired(meters.watch(link.state()));
    }
    // last: no map retires a seed before its meters are known
    this.refresher = system.systemActorOf(
        SlotMapRefresher.create(nodes, refresh, settings.heartbeat().connectTimeout(),
            seeds.size() == 1),
        "shared-store-slot-map-" + id + "-" + number, Props.empty());
  }

  /**
   * Connects cluster {@code clusterId} to the manager at {@code managerAddress} ({@code
   * host:port}), in an ActorSystem of its own configured from {@code application.conf} (with the
   * library's Pekko settings and {@code reference.conf} below it). It does not wait for the
   * manager: {@link #awaitReachable} or a {@link #addListener listener} tells when it answered.
   *
   * @param clusterId this cluster's id, not negative; it names the ActorSystem ({@code
   *     shared-store-cluster-<id>})
   * @param managerAddress the manager's {@code host:port}; an IPv6 host in brackets, e.g. {@code
   *     [::1]:17355}; or several store nodes' addresses separated by commas, {@code
   *     "H1:P1,H2:P2"} (see the class comment)
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code managerAddress} is null
   * @throws IllegalArgumentException if {@code clusterId} is negative or {@code managerAddress}
   *     is not {@code host:port} with a port in 1..65535 (or a list with an empty, bad or
   *     repeated entry, which the message names)
   */
  public static ClusterClient connect(int clusterId, String managerAddress) {
    return connect(clusterId, managerAddress, LibraryConfig.load(), MetricsOptions.global());
  }

  /**
   * As {@link #connect(int, String)}, with the client's meters where {@code metrics} says.
   *
   * @param clusterId this cluster's id, not negative
   * @param managerAddress the manager's {@code host:port}
   * @param metrics where the client publishes its meters, e.g. {@code
   *     MetricsOptions.registry(registry).withTag("cluster_id", "3")}
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code managerAddress} or {@code metrics} is null
   * @throws IllegalArgumentException if {@code clusterId} is negative or {@code managerAddress}
   *     is not {@code host:port} with a port in 1..65535 (or a list with an empty, bad or
   *     repeated entry, which the message names)
   */
  public static ClusterClient connect(
      int clusterId, String managerAddress, MetricsOptions metrics) {
    Objects.requireNonNull(metrics, "metrics");
    return connect(clusterId, managerAddress, LibraryConfig.load(), metrics);
  }

  /**
   * As {@link #connect(int, String)}, with the given configuration instead of the default: the
   * client's ActorSystem and its {@code shared-store.client} settings (timeouts, heartbeat, host)
   * come from {@code config}, over which the client sets only remoting on a free port and the
   * manager's address.
   *
   * @param clusterId this cluster's id, not negative
   * @param managerAddress the manager's {@code host:port}
   * @param config the configuration to run with, e.g. {@code ConfigFactory.load()} with some
   *     overrides; it must hold the {@code shared-store} settings of {@code reference.conf}
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code managerAddress} or {@code config} is null
   * @throws IllegalArgumentException if {@code clusterId} is negative or {@code managerAddress}
   *     is not {@code host:port} with a port in 1..65535 (or a list with an empty, bad or
   *     repeated entry, which the message names)
   * @throws com.typesafe.config.ConfigException if a {@code shared-store} setting is missing or
   *     invalid
   */
  public static ClusterClient connect(int clusterId, String managerAddress, Config config) {
    return connect(clusterId, managerAddress, config, MetricsOptions.global());
  }

  /**
   * As {@link #connect(int, String, Config)}, with the client's meters where {@code metrics}
   * says.
   *
   * @param clusterId this cluster's id, not negative
   * @param managerAddress the manager's {@code host:port}
   * @param config the configuration to run with; it must hold the {@code shared-store}
   *     settings of {@code reference.conf}
   * @param metrics where the client publishes its meters
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code managerAddress}, {@code config} or {@code metrics}
   *     is null
   * @throws IllegalArgumentException if {@code clusterId} is negative or {@code managerAddress}
   *     is not {@code host:port} with a port in 1..65535 (or a list with an empty, bad or
   *     repeated entry, which the message names)
   * @throws com.typesafe.config.ConfigException if a {@code shared-store} setting is missing or
   *     invalid
   */
  public static ClusterClient connect(
      int clusterId, String managerAddress, Config config, MetricsOptions metrics) {
    checkId(clusterId);
    List<ManagerAddress> seeds = addresses(managerAddress);
    ManagerAddress manager = seeds.get(0);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metrics, "metrics");
    Config effective =
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.actor.provider", "remote",
                    "pekko.remote.artery.canonical.hostname",
                        config.getString("shared-store.client.host"),
                    "pekko.remote.artery.canonical.port", 0,
                    "shared-store.manager.host", manager.host(),
                    "shared-store.manager.port", manager.port()))
            .withFallback(config)
            .resolve();
    ClientSettings settings = ClientSettings.create(effective);
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "shared-store-cluster-" + clusterId, effective);
    try {
      return new ClusterClient(clusterId, system, true, settings,
          SlotMapRefresh.create(effective), seeds, metrics);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * A client inside an ActorSystem the application runs (with {@code pekko.actor.provider =
   * remote} or {@code cluster}); the manager's address comes from {@code shared-store.manager}
   * ({@code host} and {@code port}) and the client's settings from {@code shared-store.client},
   * both in the system's configuration. {@link #close()} stops the client but leaves the system
   * running. Several clients may share one system.
   *
   * @param system the application's ActorSystem, with remoting enabled
   * @param clusterId this cluster's id, not negative
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code system} is null
   * @throws IllegalArgumentException if {@code clusterId} is negative, the system's provider is
   *     neither remote nor cluster, or the manager's port is outside 1..65535
   * @throws com.typesafe.config.ConfigException if a {@code shared-store} setting is missing or
   *     invalid
   */
  public static ClusterClient create(ActorSystem<?> system, int clusterId) {
    return create(system, clusterId, MetricsOptions.global());
  }

  /**
   * As {@link #create(ActorSystem, int)}, with the client's meters where {@code metrics} says.
   *
   * @param system the application's ActorSystem, with remoting enabled
   * @param clusterId this cluster's id, not negative
   * @param metrics where the client publishes its meters
   * @return a new client, which the caller closes
   * @throws NullPointerException if {@code system} or {@code metrics} is null
   * @throws IllegalArgumentException if {@code clusterId} is negative, the system's provider is
   *     neither remote nor cluster, or the manager's port is outside 1..65535
   * @throws com.typesafe.config.ConfigException if a {@code shared-store} setting is missing or
   *     invalid
   */
  public static ClusterClient create(
      ActorSystem<?> system, int clusterId, MetricsOptions metrics) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(metrics, "metrics");
    checkId(clusterId);
    Config config = system.settings().config();
    String provider = config.getString("pekko.actor.provider");
    if (!provider.equals("remote") && !provider.equals("cluster") && !provider.contains("Remote")
        && !provider.contains("Cluster")) {
      throw new IllegalArgumentException(
          "ClusterClient.create needs an ActorSystem with pekko.actor.provider = remote (or"
              + " cluster), was [" + provider + "]");
    }
    List<String> listed = config.getStringList("shared-store.client.store-nodes");
    List<ManagerAddress> seeds = listed.isEmpty()
        ? List.of(new ManagerAddress(
            config.getString("shared-store.manager.host"),
            config.getInt("shared-store.manager.port")))
        : StoreNodes.parse(listed, "shared-store.client.store-nodes " + listed);
    return new ClusterClient(clusterId, system, false, ClientSettings.create(config),
        SlotMapRefresh.create(config), seeds, metrics);
  }

  /**
   * This cluster's id, as given to {@link #connect} or {@link #create}.
   *
   * @return the id
   */
  public int id() {
    return id;
  }

  /**
   * The store's operations, for application code (for actor code, see {@link #storeRef()}). The
   * same instance on every call; it stops working when this client is closed.
   *
   * @return this client's {@link StoreClient}
   */
  public StoreClient store() {
    return store;
  }

  /**
   * The client's local request actor, for actor code: ask it with {@code context.askWithStatus}
   * and a {@link StoreRequest}, and get what {@link #store()} would answer, with the same
   * checks, fail-fast, coalescing and ordering; every failure (a value that cannot be decoded
   * included) comes back as an error reply.
   *
   * @return the client's local request actor, in this JVM
   */
  public ActorRef<StoreRequest> storeRef() {
    return requests;
  }

  /**
   * The store actor on the manager itself, for experts only: messages sent to it bypass the
   * client entirely (no argument or size checks, no fail-fast while the manager is unreachable,
   * no coalescing, no ordering with this client's calls; a message over Artery's frame size is
   * dropped silently and the ask times out). Values are serialized with {@link ValueCodec}. Use
   * {@link #storeRef()} instead.
   *
   * <p>With a cluster of store nodes this is the first address's store actor, which forwards
   * what it does not serve.
   *
   * @return a reference to the manager's store actor, resolved by its path without a uid
   */
  public ActorRef<Command> remoteStoreRef() {
    return remoteStoreRef;
  }

  /**
   * The manager this client talks to, or the store nodes it was given.
   *
   * @return its {@code host:port}, as the errors name it; for several addresses, them as given,
   *     {@code H1:P1,H2:P2} (each node's errors name that node)
   */
  public String managerAddress() {
    return seeds.stream().map(ManagerAddress::toString).collect(Collectors.joining(","));
  }

  /**
   * Whether the manager answers this client's heartbeats now. False until its first answer (a
   * new client's calls are sent meanwhile and wait their own timeouts, for at most {@code
   * connect-timeout}: a starting manager is not refused), and while it is unreachable (calls then
   * fail at once with {@link StoreUnavailableException}).
   *
   * <p>With a cluster of store nodes: true while every slot has an owner and every owner's
   * connection answers its heartbeats (false before the first slot map, for a client given
   * several addresses).
   *
   * @return true while the manager answers the heartbeats
   */
  public boolean isManagerReachable() {
    return nodes.allOwnersReachable();
  }

  /**
   * Blocks until the manager has answered this client, e.g. at an application's start; returns
   * at once if it has. It never waits past the manager's connect-timeout: a client whose manager
   * never answered is unreachable then, and this throws. With a cluster of store nodes it waits
   * until {@link #isManagerReachable()}, and throws at once if a slot owner's connection is
   * unreachable.
   *
   * @param timeout the longest wait, at least 1 ms
   * @throws NullPointerException if {@code timeout} is null
   * @throws StoreUnavailableException if the manager is unreachable (its connect-timeout passed
   *     without an answer, or it stopped answering), or if {@code timeout} passes first; the
   *     message names the address and the last transport error
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   * @throws IllegalStateException if the thread is interrupted (its interrupt flag is set again)
   */
  public void awaitReachable(Duration timeout) {
    CallTimeouts.check(timeout);
    try {
      nodes.awaitReachable(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the manager", e);
    }
  }

  /**
   * Tells {@code listener} of every later {@link ManagerEvent}: {@link ManagerEvent.Reachable} on
   * the manager's first answer and after an outage, {@link ManagerEvent.Unreachable}, and {@link
   * ManagerEvent.Restarted} when a new store (with no data) answers. Events come one at a time,
   * in order, on the client's dispatcher, which also runs Pekko's remoting: a listener must
   * return quickly and hand slow or blocking work to an executor of its own. An exception it
   * throws is logged and ignored. A listener added twice is told twice. With a cluster of store
   * nodes it hears every node's events (each names its node), also of nodes added later.
   *
   * @param listener what to tell; called with each event
   * @throws NullPointerException if {@code listener} is null
   */
  public void addListener(Consumer<ManagerEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    nodes.addListener(listener);
  }

  /**
   * Stops telling {@code listener} (one registration of it, if it was added more than once).
   *
   * @param listener a listener given to {@link #addListener}
   * @return true if it was registered, false if not
   */
  public boolean removeListener(Consumer<ManagerEvent> listener) {
    return nodes.removeListener(listener);
  }

  /**
   * The store cluster as one of its nodes sees it now: its members with their status,
   * reachability, roles and the slots each serves, and the slots no node serves. The node asked
   * is the one a call for no key goes to (the first reachable one, as for {@code info}); a
   * single manager answers {@link ClusterInfo#NOT_A_CLUSTER} ({@link ClusterInfo#isCluster()}
   * false). The call is not coalesced or ordered with the store's calls and is not counted by
   * the client's meters. The stage completes on the client's dispatcher.
   *
   * @return the answer, within {@code shared-store.client.timeout}; the stage fails with {@link
   *     StoreUnavailableException} at once (nothing sent) while that node is unreachable, or
   *     with {@link StoreTimeoutException} if it does not answer in time
   * @throws IllegalStateException if the client is closed
   */
  public CompletionStage<ClusterInfo> clusterInfo() {
    return clusterInfo(timeout);
  }

  /**
   * As {@link #clusterInfo()}, with this call's own timeout instead of {@code
   * shared-store.client.timeout}.
   *
   * @param timeout how long the node's answer is waited for, at least 1 ms
   * @return the answer, as {@link #clusterInfo()}'s
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is below 1 ms
   * @throws IllegalStateException if the client is closed
   */
  public CompletionStage<ClusterInfo> clusterInfo(Duration timeout) {
    CallTimeouts.check(timeout);
    if (calls.isClosed()) {
      throw new IllegalStateException("clusterInfo: this client is closed");
    }
    return ClusterInfoCall.ask(nodes, timeout, system.scheduler(), calls.executor());
  }

  /** The client's store nodes and routing: a seam for tests. */
  NodeConnections nodes() {
    return nodes;
  }

  /**
   * The ActorSystem the client runs in: its own one for a client made by {@link #connect}
   * (stopped by {@link #close()}), else the application's.
   *
   * @return the client's ActorSystem
   */
  public ActorSystem<?> system() {
    return system;
  }

  /**
   * Closes the client: further calls throw {@link IllegalStateException}, calls in flight fail,
   * its watches and near caches close (the manager forgets them), the heartbeat stops, its meters
   * leave the registry (unless another open client shares them). A client made by {@link #connect} also stops its ActorSystem and waits
   * for it to terminate; its threads (all the ActorSystem's) end shortly after. An interrupt
   * while waiting ends the wait and sets the thread's interrupt flag again.
   *
   * @throws IllegalStateException if the client's own ActorSystem does not terminate within 30 s
   */
  @Override
  public void close() {
    refresher.tell(SlotMapRefresher.Stop.INSTANCE);
    watches.closeAll();
    calls.close();
    meters.close();
    if (!ownsSystem) {
      return;
    }
    system.terminate();
    try {
      Await.ready(
          system.whenTerminated(),
          scala.concurrent.duration.Duration.create(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cluster " + id + ": ActorSystem did not terminate in " + CLOSE_WAIT_SECONDS + " s", e);
    }
  }

  /** For logs: {@code ClusterClient[id=3, manager=127.0.0.1:17355]}. */
  @Override
  public String toString() {
    return "ClusterClient[id=" + id + ", manager=" + managerAddress() + "]";
  }

  /**
   * One {@code host:port}, parsed as it always was, or several separated by commas (see {@link
   * StoreNodes}).
   */
  private static List<ManagerAddress> addresses(String managerAddress) {
    Objects.requireNonNull(managerAddress, "managerAddress");
    return managerAddress.contains(",")
        ? StoreNodes.parse(managerAddress)
        : List.of(ManagerAddress.parse(managerAddress));
  }

  private static void checkId(int clusterId) {
    if (clusterId < 0) {
      throw new IllegalArgumentException("clusterId must not be negative, was " + clusterId);
    }
  }
}
