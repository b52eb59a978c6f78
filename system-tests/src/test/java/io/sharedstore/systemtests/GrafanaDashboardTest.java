package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.MetricsOptions;
import io.sharedstore.cluster.NearCache;
import io.sharedstore.testsupport.HeapSampler;
import io.sharedstore.testsupport.ProjectLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/grafana-dashboard.json} draws what the store publishes: every metric a panel's
 * query names is in a real scrape, of a durable manager with metrics on (after a load, a full
 * GC, a client) or of a client's own Prometheus registry (with a near cache); every panel has a
 * query, a place and an id of its own.
 */
class GrafanaDashboardTest {

  /** The metric names in a PromQL expression: ours, the JVM's, the process's, the caches'. */
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:shared_store|jvm|process|cache)_[a-z_]+)\\b");

  @TempDir Path data;

  @Test
  void everyMetricThePanelsQueryIsPublished() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(
        ProjectLayout.locate().root().resolve("docs/grafana-dashboard.json").toFile());
    Set<String> queried = new TreeSet<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
      assertTrue(panel.has("gridPos") && panel.has("title"), "placed and titled: " + panel);
      assertFalse(panel.get("targets").isEmpty(), "a query: " + panel.get("title"));
      for (JsonNode target : panel.get("targets")) {
        Matcher names = METRIC.matcher(target.get("expr").asText());
        while (names.find()) {
          queried.add(names.group(1));
        }
      }
    }
    assertTrue(queried.size() > 10, "the panels query the store's metrics: " + queried);

    Set<String> published = new HashSet<>();
    try (MetricsManager manager = MetricsManager.start("dashboard-manager", List.of(
            "-Dshared-store.persistence.dir=" + data,
            "-Dshared-store.persistence.fsync=always"))) {
      PrometheusMeterRegistry clientRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (ClusterClient client = ClusterClient.connect(5, manager.address(),
          MetricsOptions.registry(clientRegistry))) {
        client.awaitReachable(Duration.ofSeconds(30));
        for (int i = 0; i < 100; i++) {
          client.store().set("dash:" + i, i).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        try (NearCache<Integer> cache = client.store().nearCache("dash:*", Integer.class)) {
          for (int i = 0; i < 3; i++) {
            cache.get("dash:1").toCompletableFuture().get(30, TimeUnit.SECONDS);
          }
          new HeapSampler(manager.jvm().pid()).usedAfterGcKib(); // a GC, so its pauses show
          for (MetricsTextFormat.Sample sample : manager.scrape()) {
            published.add(sample.name());
          }
          for (MetricsTextFormat.Sample sample
              : MetricsTextFormat.parse(clientRegistry.scrape())) {
            published.add(sample.name());
          }
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String name : queried) {
      if (!published.contains(name)) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "queried by the dashboard but not published");
  }
}
