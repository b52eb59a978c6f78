package io.sharedstore.manager.metrics;

import com.typesafe.config.Config;
import io.sharedstore.store.StoreObserver;
import io.sharedstore.store.protocol.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's metrics ({@code shared-store.metrics}): Micrometer meters of the store's
 * handling, its figures, the JVM and the process, published in Prometheus's text format at
 * {@code /metrics} on {@code metrics.port} (beside the status page {@code /} and its data {@code
 * /info.json}) and as MBeans with {@code metrics.jmx = on}. Both off by default: then nothing is
 * bound, registered or recorded.
 *
 * <p>In two steps, because the store needs its observer before it exists: {@link #create} (the
 * port is bound, so a port in use stops the start before Pekko's), then {@link #start} once the
 * store runs. The server and the registries stop with the ActorSystem (CoordinatedShutdown).
 */
public final class ManagerMetrics {

  /** How long a scrape waits for the store's info. */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** How often the figures are asked for while JMX, which reads them at any time, is on. */
  static final Duration JMX_REFRESH = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ManagerMetrics.class);

  private final MetricsSettings settings;
  private final boolean durable;
  private final Optional<MeterRegistries> registries;
  private final Optional<StatusServer> server;
  private final StoreObserver observer;

  private ManagerMetrics(MetricsSettings settings, boolean durable,
      Optional<MeterRegistries> registries, Optional<StatusServer> server,
      StoreObserver observer) {
    this.settings = settings;
    this.durable = durable;
    this.registries = registries;
    this.server = server;
    this.observer = observer;
  }

  /**
   * Reads the settings and, if the metrics port is set, binds it on {@code
   * shared-store.manager.host}.
   *
   * @param config the manager's effective config
   * @param durable whether the store has a data directory (then its log's meters exist too)
   * @return the metrics, not started
   * @throws com.typesafe.config.ConfigException if a {@code shared-store.metrics} setting is wrong
   * @throws IOException if the port cannot be bound
   */
  public static ManagerMetrics create(Config config, boolean durable) throws IOException {
    MetricsSettings settings = MetricsSettings.create(config);
    if (!settings.enabled()) {
      return new ManagerMetrics(
          settings, durable, Optional.empty(), Optional.empty(), StoreObserver.NONE);
    }
    Optional<StatusServer> server = settings.port().isPresent()
        ? Optional.of(StatusServer.bind(settings.host(), settings.port().getAsInt()))
        : Optional.empty();
    MeterRegistries registries = MeterRegistries.create(settings);
    return new ManagerMetrics(settings, durable, Optional.of(registries), server,
        new OperationTimers(registries.meters(), durable));
  }

  /** What the store reports its handling to ({@link StoreObserver#NONE} when metrics are off). */
  public StoreObserver observer() {
    return observer;
  }

  /** Where {@code /metrics} and the status page are served, if the port is set. */
  public Optional<InetSocketAddress> address() {
    return server.map(StatusServer::address);
  }

  /**
   * Registers the store's and the JVM's meters, starts serving, and arranges that all stops with
   * {@code system}. Nothing when metrics are off.
   *
   * @param system the manager's ActorSystem
   * @param store its store actor
   */
  public void start(ActorSystem<?> system, ActorRef<Command> store) {
    if (registries.isEmpty()) {
      return;
    }
    MeterRegistries meters = registries.get();
    InfoSnapshot snapshot = new InfoSnapshot(store, system.scheduler(), ASK_TIMEOUT);
    StoreMeters.bind(meters.meters(), snapshot, durable);
    var clusterRefresh = ClusterMeters.start(system, store, meters.meters(), ASK_TIMEOUT);
    JvmMeters jvm = new JvmMeters(meters.meters());
    Optional<Cancellable> refresh = meters.jmx()
        ? Optional.of(system.scheduler().scheduleWithFixedDelay(Duration.ZERO, JMX_REFRESH,
            snapshot::refresh, system.executionContext()))
        : Optional.empty();
    server.ifPresent(s -> serve(s, snapshot, meters));
    if (meters.jmx()) {
      log.info("Metrics as MBeans in JMX domain [{}]", MeterRegistries.JMX_DOMAIN);
    }
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
        "stop-metrics", () -> {
          refresh.ifPresent(Cancellable::cancel);
          clusterRefresh.get().ifPresent(Cancellable::cancel);
          server.ifPresent(StatusServer::stop);
          jvm.close();
          meters.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  private void serve(StatusServer s, InfoSnapshot snapshot, MeterRegistries meters) {
    s.start(Map.of(
        "/", new StatusPageEndpoint(),
        "/info.json", new InfoJsonEndpoint(snapshot),
        "/metrics", new MetricsEndpoint(snapshot, meters.prometheus().orElseThrow())));
    InetSocketAddress bound = s.address();
    log.info("Metrics and status page on http://{}:{}/", bound.getHostString(), bound.getPort());
  }

  /** Releases the port and the registries of metrics never started (the manager's start failed). */
  public void abandon() {
    server.ifPresent(StatusServer::stop);
    registries.ifPresent(MeterRegistries::close);
  }

  /** The settings read. */
  MetricsSettings settings() {
    return settings;
  }
}
