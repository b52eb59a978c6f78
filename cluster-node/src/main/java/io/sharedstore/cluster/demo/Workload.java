package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.NearCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo workload of one cluster node: the four use cases (cooldowns, rate limiting, shared
 * configuration, task deduplication) at once, each in its own lanes, for a given time (shared
 * configuration read through a near cache, its changes logged by a watch); the three
 * that check and claim run once per {@link ClaimStrategy} asked for. It runs on
 * a small pool of its own threads and never blocks the client's dispatcher.
 */
public final class Workload {

  private static final int THREADS = 2;
  private static final Duration FINISH_SLACK = Duration.ofSeconds(10);
  private static final String CONNECT_KEY = "demo:connect";
  /** Generous on purpose: independent of a short shared-store.client.timeout an operator may try. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private Workload() {}

  /**
   * Runs the workload through {@code client} for {@code duration} and answers the report: the
   * claiming recipes with atomic operations and, if {@code racy}, also with the seed's read-then-
   * write in the {@code racy:} key namespace. Blocks the calling thread (which must not be a Pekko
   * dispatcher thread) until the lanes finish.
   */
  public static NodeReport run(
      ClusterClient client, WorkloadSettings settings, Duration duration, boolean racy)
      throws InterruptedException {
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(THREADS, daemonThreads());
    try {
      OperationMetrics metrics = new OperationMetrics();
      TimedStore store = new TimedStore(client.store(), metrics, executor);
      List<ClaimingRecipes> recipes = new ArrayList<>();
      recipes.add(new ClaimingRecipes(new AtomicClaims(store), client.id(), settings));
      if (racy) {
        recipes.add(new ClaimingRecipes(new RacyClaims(store), client.id(), settings));
      }
      MaintenanceFlipper flipper = new MaintenanceFlipper(store);
      ManagerEventCounts managerEvents = new ManagerEventCounts();
      client.addListener(managerEvents);

      connect(client);
      try (ConfigWatch configWatch = new ConfigWatch(client.store());
          NearCache<Boolean> flags = client.store().nearCache("config:*", Boolean.class)) {
        configWatch.awaitStarted();
        return run(client, settings, duration, executor, metrics, recipes, flipper,
            new MaintenanceWatcher(store, flags), configWatch, managerEvents);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static NodeReport run(ClusterClient client, WorkloadSettings settings,
      Duration duration, ScheduledExecutorService executor, OperationMetrics metrics,
      List<ClaimingRecipes> recipes, MaintenanceFlipper flipper, MaintenanceWatcher watcher,
      ConfigWatch configWatch, ManagerEventCounts managerEvents) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    recipes.forEach(r -> lanes.addAll(r.startLanes(settings, deadline, executor)));
    lanes.add(
        Lane.start("config-watch", watcher, settings.configPollInterval(), deadline, executor));
    if (client.id() == settings.flippingCluster()) {
      lanes.add(
          Lane.start("config-flip", flipper, settings.configFlipInterval(), deadline, executor));
    }
    awaitLanes(lanes, duration.plus(client.store().defaultTimeout()).plus(FINISH_SLACK));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    long[] latencies = metrics.latencies().sorted();
    return new NodeReport(
        client.id(),
        elapsedMillis,
        metrics.operations(),
        metrics.failures(),
        metrics.failureExamples(),
        LatencySamples.percentileOf(latencies, 50),
        LatencySamples.percentileOf(latencies, 99),
        settings.cooldown().toMillis(),
        settings.rateLimit(),
        recipes.stream().map(ClaimingRecipes::report).toList(),
        flipper.flips(),
        configWatch.changes(),
        watcher.reads(),
        watcher.servedLocally(),
        flipper.acknowledgedMicros(),
        configWatch.seen(),
        managerEvents.unreachable(),
        managerEvents.reachableAgain(),
        managerEvents.restarted());
  }

  /**
   * Sends one unmeasured request and waits for its reply, so the connection to the manager is up
   * before the clock starts (the first request also waits for Artery's handshake).
   */
  private static void connect(ClusterClient client) throws InterruptedException {
    try {
      client.store().has(CONNECT_KEY, CONNECT_TIMEOUT).toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot reach the manager at " + client.managerAddress() + ": " + e.getCause(), e);
    }
  }

  private static void awaitLanes(List<CompletableFuture<Void>> lanes, Duration limit)
      throws InterruptedException {
    try {
      CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new))
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a workload lane failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("workload lanes still running after " + limit, e);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "workload-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
