package io.sharedstore.manager.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.PersistenceSettings;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreObserver;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The metrics of a real store in this JVM: its handling feeds the operation timers, its info the
 * gauges and counters at each scrape, and /info.json and the page answer over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagerMetricsTest {

  private final ActorTestKit testKit = ActorTestKit.create();
  private ManagerMetrics metrics;
  private ActorRef<Command> store;
  private InetSocketAddress at;

  @BeforeAll
  void start() throws Exception {
    Config config = config(Map.of("shared-store.metrics.port", 0));
    metrics = ManagerMetrics.create(config, false);
    store = testKit.spawn(StoreActor.create(StoreSettings.create(config),
        PersistenceSettings.IN_MEMORY, metrics.observer()));
    metrics.start(testKit.system(), store);
    at = metrics.address().orElseThrow();
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void offByDefault() throws Exception {
    ManagerMetrics off = ManagerMetrics.create(config(Map.of()), false);
    assertTrue(off.address().isEmpty());
    assertSame(StoreObserver.NONE, off.observer());
  }

  @Test
  void aBadPortIsAConfigError() {
    assertThrows(ConfigException.BadValue.class,
        () -> ManagerMetrics.create(config(Map.of("shared-store.metrics.port", "sometimes")), false));
    assertThrows(ConfigException.BadValue.class,
        () -> ManagerMetrics.create(config(Map.of("shared-store.metrics.port", 70000)), false));
  }

  @Test
  void aScrapeCountsTheOperationsHandledAndShowsTheStoreFigures() throws Exception {
    String before = scrape();
    double setsBefore = sample(before, "shared_store_operations_seconds_count",
        "operation=\"set\",result=\"ok\"");
    double refusedBefore = sample(before, "shared_store_refused_total", "reason=\"invalid\"");
    TestProbe<StatusReply<Reply>> probe = testKit.createTestProbe();
    for (int i = 0; i < 7; i++) {
      store.tell(new Execute<>(new Operation.Set("metrics-" + i, Bytes.wrap(new byte[] {1}),
          i < 2 ? OptionalLong.of(600_000) : OptionalLong.empty()), probe.ref().unsafeUpcast()));
      assertTrue(probe.receiveMessage().isSuccess());
    }
    // A key longer than max-key-length: refused as invalid.
    store.tell(new Execute<>(new Operation.Set("k".repeat(2000), Bytes.wrap(new byte[] {1}),
        OptionalLong.empty()), probe.ref().unsafeUpcast()));
    assertTrue(probe.receiveMessage().isError());

    String after = scrape();
    assertEquals(setsBefore + 7, sample(after, "shared_store_operations_seconds_count",
        "operation=\"set\",result=\"ok\""));
    assertEquals(refusedBefore + 1, sample(after, "shared_store_refused_total",
        "reason=\"invalid\""));
    assertEquals(1, sample(after, "shared_store_operations_seconds_count",
        "operation=\"set\",result=\"refused\""));
    assertEquals(7, sample(after, "shared_store_keys", ""));
    assertEquals(2, sample(after, "shared_store_keys_with_ttl", ""));
    assertTrue(sample(after, "shared_store_memory_bytes", "") > 0);
    assertEquals(0, sample(after, "shared_store_clients", ""));
    assertEquals(0, sample(after, "shared_store_expired_keys_total", ""));
    assertTrue(after.contains("# TYPE shared_store_operations_seconds histogram"));
    assertTrue(after.contains("shared_store_operations_seconds_bucket{operation=\"set\","
        + "result=\"ok\",le=\"5.0E-6\"}") || after.contains("le=\"5.0E-6\""), after);
    assertTrue(after.contains("jvm_memory_used_bytes"));
    assertTrue(after.contains("process_uptime_seconds"));
    assertTrue(!after.contains("shared_store_log_bytes"), "no log in memory");
  }

  @Test
  void infoJsonHasTheInfoSectionsAndTheTimeline() throws Exception {
    HttpResponse<String> response = Http.get(at, "/info.json");
    assertEquals(200, response.statusCode());
    assertEquals(InfoJsonEndpoint.CONTENT_TYPE,
        response.headers().firstValue("Content-Type").get());
    JsonNode doc = new ObjectMapper().readTree(response.body());
    for (String section : new String[] {"server", "clients", "memory", "stats", "keyspace"}) {
      assertTrue(doc.path("info").has(section), section);
    }
    assertTrue(doc.path("info").path("keyspace").path("keys").isNumber());
    assertTrue(doc.path("info").path("stats").has("instantaneousOpsPerSec"));
    assertTrue(doc.path("timeline").isArray());
  }

  @Test
  void theMetricsEndpointSpeaksPrometheusTextFormat() throws Exception {
    HttpResponse<String> response = Http.get(at, "/metrics");
    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8",
        response.headers().firstValue("Content-Type").get());
    assertEquals(405, Http.send(at, "/metrics", "POST").statusCode());
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = Http.get(at, "/metrics");
    assertEquals(200, response.statusCode());
    return response.body();
  }

  /** The value of the sample {@code name{labels}} ({@code name} alone if labels is empty). */
  private static double sample(String text, String name, String labels) {
    String series = labels.isEmpty() ? name : name + "{" + labels + "}";
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    if (!m.find()) {
      return 0;
    }
    return Double.parseDouble(m.group(1));
  }

  private static Config config(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
  }
}
