package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sharedstore.store.LibraryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client's Micrometer meters over real remoting against an in-JVM manager, each test with a
 * registry of its own: the call timers count exactly the calls of a known sequence by operation
 * and result, the unreachable gauge follows the manager's outage, a near cache's meters agree
 * with its {@link NearCache#stats()}, and a closed client or near cache leaves no meter behind.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The client's own limit (the manager's is 1 MiB): a larger value is refused before sending. */
  private static final int CLIENT_MAX_VALUE_SIZE = 1024;

  private InJvmManager manager;

  @BeforeAll
  void start() {
    manager = new InJvmManager();
  }

  @AfterAll
  void stop() {
    manager.close();
  }

  private ClusterClient client(int id, MeterRegistry registry, String extraConfig) {
    ClusterClient client = ClusterClient.connect(id, manager.address(),
        ConfigFactory.parseString(extraConfig).withFallback(LibraryConfig.load()),
        MetricsOptions.registry(registry));
    client.awaitReachable(WAIT);
    return client;
  }

  /** The calls counted, as {@code operation/result -> count}, those counted at least once. */
  private static Map<String, Long> callCounts(MeterRegistry registry) {
    Map<String, Long> counts = new TreeMap<>();
    for (Timer timer : registry.find(ClientMeters.CALLS).timers()) {
      counts.put(timer.getId().getTag("operation") + "/" + timer.getId().getTag("result"),
          timer.count());
    }
    return counts;
  }

  @Test
  void theTimersCountEachCallByOperationAndResult() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterClient client = client(41, registry,
        "shared-store.max-value-size = " + CLIENT_MAX_VALUE_SIZE);
    try {
      StoreClient store = client.store();
      int sets = 5;
      for (int i = 0; i < sets; i++) {
        await(store.set("m:" + i, "v" + i));
      }
      int hits = 3;
      for (int i = 0; i < hits; i++) {
        assertEquals(Optional.of("v" + i), await(store.get("m:" + i, String.class)));
      }
      int misses = 2;
      for (int i = 0; i < misses; i++) {
        assertEquals(Optional.empty(), await(store.get("m:absent:" + i, String.class)));
      }
      // refused by the manager: m:0 holds a string, not a counter
      CompletionException byManager = assertThrows(CompletionException.class,
          () -> store.increment("m:0", 1).toCompletableFuture().join());
      assertInstanceOf(StoreTypeException.class, byManager.getCause());
      // refused by the client's own check, nothing sent
      CompletionException byClient = assertThrows(CompletionException.class,
          () -> store.set("m:big", "x".repeat(2 * CLIENT_MAX_VALUE_SIZE))
              .toCompletableFuture().join());
      assertInstanceOf(ValueTooLargeException.class, byClient.getCause());
      // an argument error throws at the call: no stage, not a call
      assertThrows(NullPointerException.class, () -> store.get(null, String.class));

      assertEquals(
          Map.of("get/ok", (long) hits + misses, "increment/refused", 1L,
              "set/ok", (long) sets, "set/refused", 1L),
          callCounts(registry));
      Timer setOk = registry.get(ClientMeters.CALLS)
          .tags("operation", "set", "result", "ok").timer();
      assertTrue(setOk.totalTime(TimeUnit.NANOSECONDS) > 0, "no time recorded: " + setOk);
      assertEquals(0.0, registry.get(ClientMeters.UNREACHABLE).gauge().value());
    } finally {
      client.close();
    }
    assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
  }

  @Test
  void theUnreachableGaugeIsOneWhileTheManagerIsAwayAndZeroWhenItIsBack() throws IOException {
    int port = freePort();
    InJvmManager own = managerOn(port);
    InJvmManager again = null;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterClient client = ClusterClient.connect(42, own.address(),
        MetricsOptions.registry(registry).withTag("cluster_id", "42"));
    try {
      client.awaitReachable(WAIT);
      Gauge unreachable = registry.get(ClientMeters.UNREACHABLE).tag("cluster_id", "42").gauge();
      assertEquals(0.0, unreachable.value());

      own.close(); // the manager tells its clients it stops: unreachable at once
      awaitCondition(() -> !client.isManagerReachable(), "the client still finds it reachable");
      assertEquals(1.0, unreachable.value());
      CompletionException away = assertThrows(CompletionException.class,
          () -> client.store().get("u:1", String.class).toCompletableFuture().join());
      assertInstanceOf(StoreUnavailableException.class, away.getCause());
      assertEquals(Map.of("get/unavailable", 1L), callCounts(registry));
      assertEquals("42", registry.get(ClientMeters.CALLS).timer().getId().getTag("cluster_id"));

      again = managerOn(port);
      awaitCondition(client::isManagerReachable, "the client did not find the manager again");
      assertEquals(0.0, unreachable.value());
    } finally {
      client.close();
      own.close();
      if (again != null) {
        again.close();
      }
    }
    assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
  }

  @Test
  void aNearCachesMetersMatchItsStatsAndLeaveWhenItCloses() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterClient client = client(43, registry, "shared-store.near-cache.max-entries = 2");
    try {
      StoreClient store = client.store();
      await(store.set("nc:1", "a"));
      await(store.set("nc:2", "b"));
      DefaultNearCache<String> cache =
          (DefaultNearCache<String>) store.nearCache("nc:*", String.class);
      awaitCondition(cache::isLive, "the near cache's watch was not confirmed");
      assertEquals(Optional.of("a"), await(cache.get("nc:1"))); // miss, kept
      assertEquals(Optional.of("a"), await(cache.get("nc:1"))); // hit
      assertEquals(Optional.of("b"), await(cache.get("nc:2"))); // miss, kept
      assertEquals(Optional.of("b"), await(cache.get("nc:2"))); // hit
      assertEquals(Optional.of("b"), await(cache.get("nc:2"))); // hit
      assertEquals(Optional.empty(), await(cache.get("nc:9"))); // miss, kept: 3 keys for 2
      awaitCondition(() -> cache.stats().size() <= 2, "the cache was not trimmed to 2 keys");

      NearCache.Stats stats = cache.stats();
      assertEquals(3, stats.hits());
      assertEquals(3, stats.misses());
      assertEquals(stats.hits(),
          registry.get("cache.gets").tags("cache", "nc:*", "result", "hit")
              .functionCounter().count());
      assertEquals(stats.misses(),
          registry.get("cache.gets").tags("cache", "nc:*", "result", "miss")
              .functionCounter().count());
      assertEquals(3.0, registry.get("cache.puts").tag("cache", "nc:*")
          .functionCounter().count());
      assertEquals(stats.size(), registry.get("cache.size").tag("cache", "nc:*").gauge().value());
      assertEquals(3 - stats.size(), registry.get("cache.evictions").tag("cache", "nc:*")
          .functionCounter().count(), "each key kept and no longer held was evicted");
      // the cache's own reads are the client's get calls
      assertEquals(Map.of("get/ok", 3L, "set/ok", 2L), callCounts(registry));

      cache.close();
      assertNull(registry.find("cache.gets").tag("cache", "nc:*").meter());
      assertNull(registry.find("cache.size").meter());
      assertNotNull(registry.find(ClientMeters.UNREACHABLE).gauge(), "the client's stay");
    } finally {
      client.close();
    }
    assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
  }

  @Test
  void prometheusScrapesTheNamesDashboardsExpect() {
    var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    ClusterClient client = client(48, registry, "");
    try {
      await(client.store().set("p:1", 1));
      await(client.store().set("p:2", 2));
      DefaultNearCache<Integer> cache =
          (DefaultNearCache<Integer>) client.store().nearCache("p:*", Integer.class);
      awaitCondition(cache::isLive, "the near cache's watch was not confirmed");
      await(cache.get("p:1"));
      await(cache.get("p:1"));
      String text = registry.scrape();
      assertScraped(text,
          "shared_store_client_calls_seconds_count{operation=\"set\",result=\"ok\"} 2");
      assertScraped(text, "shared_store_client_calls_seconds_bucket{operation=\"set\","
          + "result=\"ok\",le=\"+Inf\"} 2");
      assertTrue(text.contains("shared_store_client_calls_seconds_bucket{operation=\"set\","
          + "result=\"ok\",le=\"0.001\"}"), "a bucket for histogram_quantile:\n" + text);
      assertScraped(text, "shared_store_client_unreachable 0");
      assertScraped(text, "cache_gets_total{cache=\"p:*\",result=\"hit\"} 1");
      assertScraped(text, "cache_gets_total{cache=\"p:*\",result=\"miss\"} 1");
      assertScraped(text, "cache_puts_total{cache=\"p:*\"} 1");
      assertScraped(text, "cache_evictions_total{cache=\"p:*\"} 0");
      assertScraped(text, "cache_size{cache=\"p:*\"} 1");
    } finally {
      client.close();
    }
    assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
  }

  private static void assertScraped(String text, String line) {
    assertTrue(text.lines().anyMatch(l -> l.equals(line) || l.equals(line + ".0")),
        "no line [" + line + "] in:\n" + text);
  }

  @Test
  void clientsWithTheSameTagsShareTheirMetersUntilTheLastCloses() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterClient first = client(44, registry, "");
    ClusterClient second = client(45, registry, "");
    try {
      await(first.store().set("s:1", 1));
      await(second.store().set("s:2", 2));
      NearCache<Integer> one = first.store().nearCache("s:*", Integer.class);
      NearCache<Integer> two = second.store().nearCache("s:*", Integer.class);
      await(one.get("s:1"));
      await(two.get("s:2"));
      long misses = one.stats().misses() + two.stats().misses();
      assertEquals(Map.of("get/ok", misses, "set/ok", 2L), callCounts(registry));

      first.close();
      assertEquals(Map.of("get/ok", misses, "set/ok", 2L), callCounts(registry),
          "the second client's meters went with the first");
      assertEquals(0.0, registry.get(ClientMeters.UNREACHABLE).gauge().value());
      assertEquals(misses, registry.get("cache.gets").tags("cache", "s:*", "result", "miss")
          .functionCounter().count(), "a closed near cache's count is kept");
      await(second.store().set("s:3", 3));
      assertEquals(3L, callCounts(registry).get("set/ok"));
    } finally {
      first.close();
      second.close();
    }
    assertTrue(registry.getMeters().isEmpty(), "meters left after close: " + registry.getMeters());
  }

  @Test
  void offRegistersNothingAndTagsOfTheMetersOwnAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> MetricsOptions.global().withTag("operation", "x"));
    assertThrows(IllegalArgumentException.class,
        () -> MetricsOptions.off().withTag("cluster_id", "1"));
    assertThrows(NullPointerException.class, () -> MetricsOptions.registry(null));
    assertThrows(NullPointerException.class,
        () -> ClusterClient.connect(46, manager.address(), (MetricsOptions) null));
    assertTrue(MetricsOptions.off().registry().isEmpty());
    MeterRegistry global = io.micrometer.core.instrument.Metrics.globalRegistry;
    java.util.Set<io.micrometer.core.instrument.Meter.Id> before = ids(global);
    try (ClusterClient client =
        ClusterClient.connect(47, manager.address(), MetricsOptions.off())) {
      client.awaitReachable(WAIT);
      await(client.store().set("off:1", 1));
      await(client.store().nearCache("off:*", Integer.class).get("off:1"));
      assertEquals(before, ids(global), "off registered meters in the global registry");
    }
  }

  private static java.util.Set<io.micrometer.core.instrument.Meter.Id> ids(MeterRegistry registry) {
    java.util.Set<io.micrometer.core.instrument.Meter.Id> ids = new java.util.HashSet<>();
    registry.getMeters().forEach(meter -> ids.add(meter.getId()));
    return ids;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static InJvmManager managerOn(int port) {
    return new InJvmManager(ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = " + port));
  }

  private static void awaitCondition(BooleanSupplier condition, String failure) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure + " within " + WAIT);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
