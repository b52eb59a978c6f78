package io.sharedstore.manager.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: every meter in Prometheus's text format 0.0.4, the store's figures as the
 * store answers them right before the scrape. If the store does not answer in time the scrape
 * still answers, with the figures of the last answer (the timers and the JVM's meters are
 * current anyway), and a warning is logged.
 */
final class MetricsEndpoint implements Endpoint {

  /** Prometheus's text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final InfoSnapshot snapshot;
  private final PrometheusMeterRegistry registry;

  /**
   * The endpoint.
   *
   * @param snapshot refreshed before each scrape
   * @param registry what is scraped
   */
  MetricsEndpoint(InfoSnapshot snapshot, PrometheusMeterRegistry registry) {
    this.snapshot = snapshot;
    this.registry = registry;
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public byte[] body() {
    try {
      Answers.await(snapshot.refresh(), "info", snapshot.timeout());
    } catch (EndpointUnavailableException e) {
      log.warn("Metrics scraped with the store's figures of its last answer: {}", e.getMessage());
    }
    return registry.scrape(CONTENT_TYPE).getBytes(StandardCharsets.UTF_8);
  }
}
