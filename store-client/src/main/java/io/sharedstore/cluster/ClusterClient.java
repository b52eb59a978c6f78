package io.sharedstore.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Ping;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import scala.concurrent.Await;

/**
 * One cluster node's connection to the shared store's manager.
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
 * sent again. {@link #isManagerReachable()} and {@link #addListener} tell the application.
 */
public final class ClusterClient implements AutoCloseable {

  private static final long CLOSE_WAIT_SECONDS = 30;
  private static final AtomicLong CONNECTIONS = new AtomicLong();

  private final int id;
  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final ManagerAddress manager;
  private final ActorRef<Command> storeRef;
  private final ManagerState managerState;
  private final StoreCalls calls;
  private final StoreClient store;

  private ClusterClient(
      int id, ActorSystem<?> system, boolean ownsSystem, ClientSettings settings,
      ManagerAddress manager) {
    this.id = id;
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.manager = manager;
    this.storeRef = ActorRefResolver.get(system).resolveActorRef(manager.storePath());
    this.managerState = new ManagerState(manager.toString(), system.executionContext());
    ActorRef<StoreConnection.Message> connection =
        system.systemActorOf(
            StoreConnection.create(
                storeRef,
                ActorRefResolver.get(system).<Ping>resolveActorRef(
                    manager.heartbeatPath()),
                managerState,
                settings.maxValueSize(),
                settings.heartbeat()),
            "shared-store-connection-" + id + "-" + CONNECTIONS.incrementAndGet(),
            Props.empty());
    this.calls = new StoreCalls(connection, managerState, system);
    this.store = new StoreClient(calls, settings);
  }

  /**
   * Connects cluster {@code clusterId} to the manager at {@code managerAddress} ({@code
   * host:port}), in an ActorSystem of its own configured from {@code application.conf}.
   */
  public static ClusterClient connect(int clusterId, String managerAddress) {
    return connect(clusterId, managerAddress, LibraryConfig.load());
  }

  /** As {@link #connect(int, String)}, with the given configuration instead of the default. */
  public static ClusterClient connect(int clusterId, String managerAddress, Config config) {
    checkId(clusterId);
    ManagerAddress manager = ManagerAddress.parse(managerAddress);
    Objects.requireNonNull(config, "config");
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
      return new ClusterClient(clusterId, system, true, settings, manager);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * A client inside an ActorSystem the application runs (with {@code pekko.actor.provider =
   * remote} or {@code cluster}); the manager's address comes from {@code shared-store.manager}.
   */
  public static ClusterClient create(ActorSystem<?> system, int clusterId) {
    Objects.requireNonNull(system, "system");
    checkId(clusterId);
    Config config = system.settings().config();
    String provider = config.getString("pekko.actor.provider");
    if (!provider.equals("remote") && !provider.equals("cluster") && !provider.contains("Remote")
        && !provider.contains("Cluster")) {
      throw new IllegalArgumentException(
          "ClusterClient.create needs an ActorSystem with pekko.actor.provider = remote (or"
              + " cluster), was [" + provider + "]");
    }
    ManagerAddress manager =
        new ManagerAddress(
            config.getString("shared-store.manager.host"),
            config.getInt("shared-store.manager.port"));
    return new ClusterClient(clusterId, system, false, ClientSettings.create(config), manager);
  }

  /** This cluster's id. */
  public int id() {
    return id;
  }

  /** The store's operations. */
  public StoreClient store() {
    return store;
  }

  /**
   * The store actor on the manager, for actor code that asks it directly with {@code
   * context.ask}; values are serialized with {@link ValueCodec}.
   */
  public ActorRef<Command> storeRef() {
    return storeRef;
  }

  /** The manager's {@code host:port}. */
  public String managerAddress() {
    return manager.toString();
  }

  /**
   * Whether the manager answers this client's heartbeats now. False until its first answer (a
   * new client's calls are sent meanwhile and wait their own timeouts: a starting manager is not
   * refused), and while it is unreachable (calls then fail at once with {@link
   * StoreUnavailableException}).
   */
  public boolean isManagerReachable() {
    return managerState.isReachable();
  }

  /**
   * Tells {@code listener} of every later {@link ManagerEvent}: {@link ManagerEvent.Reachable} on
   * the manager's first answer and after an outage, {@link ManagerEvent.Unreachable}, and {@link
   * ManagerEvent.Restarted} when a new store (with no data) answers. Events come one at a time,
   * in order, on the client's dispatcher, which also runs Pekko's remoting: a listener must
   * return quickly and hand slow or blocking work to an executor of its own. An exception it
   * throws is logged and ignored.
   */
  public void addListener(Consumer<ManagerEvent> listener) {
    managerState.addListener(listener);
  }

  /** Stops telling {@code listener}; answers false if it was not registered. */
  public boolean removeListener(Consumer<ManagerEvent> listener) {
    return managerState.removeListener(listener);
  }

  /** The ActorSystem the client runs in. */
  public ActorSystem<?> system() {
    return system;
  }

  /**
   * Closes the client: further calls throw {@link IllegalStateException}, calls in flight fail,
   * the heartbeat stops. A client made by {@link #connect} also stops its ActorSystem and waits
   * for it to terminate; its threads (all the ActorSystem's) end shortly after.
   */
  @Override
  public void close() {
    calls.close();
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

  @Override
  public String toString() {
    return "ClusterClient[id=" + id + ", manager=" + manager + "]";
  }

  private static void checkId(int clusterId) {
    if (clusterId < 0) {
      throw new IllegalArgumentException("clusterId must not be negative, was " + clusterId);
    }
  }
}
