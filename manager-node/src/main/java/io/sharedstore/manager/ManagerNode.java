package io.sharedstore.manager;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.manager.metrics.ManagerMetrics;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.PersistenceSettings;
import io.sharedstore.sharding.ClusterStore;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.persistence.CorruptLogException;
import io.sharedstore.store.protocol.Command;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager process: an ActorSystem named {@code shared-store} with Artery TCP on {@code
 * shared-store.manager.host}/{@code port}, holding the {@link StoreActor} at {@code /user/store}.
 * Reads {@code application.conf}; the flags {@code --host}, {@code --port}, {@code --data-dir}
 * and {@code --repair} override it. With {@code shared-store.cluster.enabled} ({@code
 * --cluster}, {@code --seed-nodes}) it is a member of a Pekko Cluster of store nodes with role
 * {@code store} and the Split Brain Resolver ({@link StoreCluster}). With a data directory it
 * loads the store's log before it listens. With {@code shared-store.metrics.port} set it serves its metrics and status page there
 * ({@link ManagerMetrics}). On SIGTERM, Pekko's CoordinatedShutdown stops it cleanly (the store fsyncs its log).
 */
public final class ManagerNode {

  private static final long STORE_SPAWN_TIMEOUT_SECONDS = 30;
  private static final Logger log = LoggerFactory.getLogger(ManagerNode.class);

  private ManagerNode() {}

  public static void main(String[] args) {
    Map<String, Object> flags;
    try {
      flags = CommandLine.overrides(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      exitWhenDowned(start(ConfigFactory.parseMap(flags).withFallback(LibraryConfig.load())));
    } catch (RuntimeException e) {
      // Nothing runs: say why in one line, the stack trace only for whoever asks, and exit 1.
      log.error("Shared store manager not started: {}", reason(e));
      log.debug("The manager's start failed with", e);
      System.exit(1);
    }
  }

  /**
   * A store node the cluster downed has stopped its ActorSystem (Pekko does, for a downed
   * member): end the JVM with {@link StoreCluster#DOWNED_EXIT_STATUS} rather than 0. From a
   * thread of its own, so that the JVM's shutdown hooks, which wait for the system's stopped
   * callback, never wait for the thread that called exit.
   */
  private static void exitWhenDowned(ActorSystem<Void> system) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    system.getWhenTerminated().thenRun(() -> {
      if (shutdown.getShutdownReason()
          .filter(CoordinatedShutdown.clusterDowningReason()::equals).isPresent()) {
        new Thread(() -> System.exit(StoreCluster.DOWNED_EXIT_STATUS), "shared-store-downed-exit")
            .start();
      }
    });
  }

  /**
   * One line that says why the start failed: the message of one of the manager's own checks as
   * it is; for anything else (say Artery's own bind, if the port was taken after the check), the
   * exception's message and, if it says something else, that of its root cause.
   */
  static String reason(RuntimeException e) {
    String reason = describe(e);
    if (!(e instanceof InsecureRemoteException
        || e instanceof CorruptLogException
        || e instanceof ConfigException
        || e instanceof CannotListenException)) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String rootReason = describe(root);
      if (root != e && !reason.contains(rootReason)) {
        reason = reason + " (" + rootReason + ")";
      }
    }
    return reason.replaceAll("\\s*\\R\\s*", " ");
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
  }

  /**
   * Starts a manager with the given config and answers its ActorSystem.
   *
   * @throws InsecureRemoteException if it would listen on a non-loopback address without TLS
   *     with mutual authentication, and {@code shared-store.allow-insecure-remote} is off
   * @throws ConfigException if a setting is wrong, e.g. a TLS key store that cannot be opened
   * @throws CannotListenException if its port (or its metrics port) is in use, or its host
   *     unknown or not of this machine
   * @throws CorruptLogException if the data directory's log has a bad record before its end and
   *     {@code shared-store.persistence.on-corruption} is {@code refuse}
   * @throws java.io.UncheckedIOException if the data directory or its log cannot be used
   */
  public static ActorSystem<Void> start(Config config) {
    Config effective = effectiveConfig(config);
    StoreCluster cluster = StoreCluster.create(effective);
    effective = RefusalLoggingSSLEngineProvider.install(effective);
    StoreSettings settings = StoreSettings.create(effective);
    ListenAddress.check(effective);
    RemoteAccess.check(effective, log);
    TlsStores.check(effective);
    PersistenceSettings persistence = PersistenceSettings.create(effective);
    if (cluster.enabled() && persistence.enabled()) {
      throw new ConfigException.BadValue("shared-store.persistence.dir", "a store node of a"
          + " cluster keeps no data directory: its slots' durability is"
          + " shared-store.cluster.durability (journal: PostgreSQL); drop --data-dir");
    }
    ManagerMetrics metrics = metrics(effective, persistence.enabled());
    ActorSystem<Void> system;
    CompletableFuture<ActorRef<Command>> storeSpawned = new CompletableFuture<>();
    try {
      Behavior<Command> store = cluster.enabled()
          ? ClusterStore.create(cluster.slots(), settings)
          : StoreActor.create(settings, persistence, metrics.observer());
      system =
          ActorSystem.create(
              guardian(store, cluster, storeSpawned), ManagerAddress.SYSTEM_NAME, effective);
    } catch (RuntimeException e) {
      metrics.abandon();
      throw e;
    }
    // Pekko creates CoordinatedShutdown lazily. Create it now so it registers its JVM shutdown
    // hook: otherwise SIGTERM finds no hook, the JVM exits without stopping the system, and the
    // extension, first touched by Artery's own hook, can only warn "Shutdown in progress".
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    ActorRef<Command> storeRef = awaitStore(system, storeSpawned, metrics);
    Address address = system.address();
    String hostPort = new ManagerAddress(address.getHost().get(), address.getPort().get()).toString();
    if (cluster.enabled()) {
      log.info("Store cluster member with role [{}], joining {}; Split Brain Resolver keep-majority,"
              + " stable-after {}",
          StoreCluster.ROLE,
          cluster.joinsItself() ? "itself (no seed nodes)" : "seed nodes " + cluster.seedNodes(),
          cluster.stableAfter());
      log.info("{} slots, durability {}", cluster.slots().slots(),
          cluster.slots().durability().name().toLowerCase(java.util.Locale.ROOT));
    }
    log.info("Shared store manager listening on {}", hostPort);
    metrics.start(system, storeRef);
    CompletableFuture<Void> stopped =
        system
            .getWhenTerminated()
            .thenRun(() -> log.info("Shared store manager on {} stopped", hostPort))
            .toCompletableFuture();
    Config pekko = system.settings().config().getConfig("pekko");
    if (pekko.getBoolean("jvm-shutdown-hooks")
        && pekko.getBoolean("coordinated-shutdown.run-by-jvm-shutdown-hook")) {
      awaitOnJvmExit(stopped, Duration.ofMillis(shutdown.totalTimeout().toMillis()));
    }
    return system;
  }

  /**
   * The JVM halts as soon as its shutdown hooks return, which on SIGTERM can be before the
   * thread that terminated the system has run the stopped callback: a hook of our own waits for
   * it, at most as long as CoordinatedShutdown may take.
   */
  private static void awaitOnJvmExit(CompletableFuture<Void> stopped, Duration atMost) {
    Thread hook =
        new Thread(
            () -> {
              try {
                stopped.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (ExecutionException | TimeoutException e) {
                // Nothing to wait for any more: let the JVM exit.
              }
            },
            "shared-store-await-stopped");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * The metrics of {@code shared-store.metrics}, their port (if any) bound now.
   *
   * @throws CannotListenException if the metrics port cannot be bound
   */
  private static ManagerMetrics metrics(Config config, boolean durable) {
    try {
      return ManagerMetrics.create(config, durable);
    } catch (IOException e) {
      throw new CannotListenException(
          "cannot listen on [" + config.getString("shared-store.manager.host") + ":"
              + config.getValue("shared-store.metrics.port").unwrapped()
              + "] for metrics (shared-store.metrics.port): " + e.getMessage(), e);
    }
  }

  /**
   * The config the manager's ActorSystem runs with: {@code config} under the settings the manager
   * decides itself, the provider (and, with {@code shared-store.cluster.enabled}, the cluster's
   * role, seed nodes and Split Brain Resolver: {@link StoreCluster}) and Artery's canonical host
   * and port from {@code shared-store.manager}.
   *
   * @throws ConfigException if a setting is missing or wrong
   */
  static Config effectiveConfig(Config config) {
    Config manager = config.getConfig("shared-store.manager");
    Map<String, Object> settings =
        new HashMap<>(StoreCluster.create(config.resolve()).pekkoSettings());
    settings.put("pekko.remote.artery.canonical.hostname", manager.getString("host"));
    settings.put("pekko.remote.artery.canonical.port", manager.getInt("port"));
    return ConfigFactory.parseMap(settings).withFallback(config).resolve();
  }

  /**
   * The user guardian: spawns the store at /user/store, then reports it exists. In a store
   * cluster it also spawns the logger of the cluster's events and, without seed nodes, joins
   * its own address (a cluster of one that others may join).
   */
  private static Behavior<Void> guardian(
      Behavior<Command> store, StoreCluster cluster,
      CompletableFuture<ActorRef<Command>> spawned) {
    return Behaviors.setup(
        context -> {
          if (cluster.enabled()) {
            context.spawn(ClusterEvents.create(), "cluster-events");
            if (cluster.joinsItself()) {
              Cluster self = Cluster.get(context.getSystem());
              self.manager().tell(Join.create(self.selfMember().address()));
            }
          }
          spawned.complete(context.spawn(store, ManagerAddress.STORE_NAME));
          return Behaviors.empty();
        });
  }

  /** The listening line promises a store that answers: wait until it exists. */
  private static ActorRef<Command> awaitStore(ActorSystem<Void> system,
      CompletableFuture<ActorRef<Command>> spawned, ManagerMetrics metrics) {
    try {
      return spawned.get(STORE_SPAWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.abandon();
      system.terminate();
      throw new IllegalStateException("interrupted while starting the store", e);
    } catch (ExecutionException | TimeoutException e) {
      metrics.abandon();
      system.terminate();
      throw new IllegalStateException("the store did not start", e);
    }
  }
}
