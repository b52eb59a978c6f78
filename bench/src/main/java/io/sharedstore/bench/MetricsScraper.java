package io.sharedstore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrapes a manager's {@code /metrics} once a second on a thread of its own, as Prometheus
 * would (more often than its usual 15 s, so the cost shows), until closed; counts the scrapes,
 * their bytes and the failures, so the bench can say the endpoint answered throughout.
 */
final class MetricsScraper implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(1);

  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread thread;
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean stopped;

  /** Starts scraping {@code http://host:port/metrics}. */
  MetricsScraper(String host, int port) {
    this.uri = URI.create("http://" + host + ":" + port + "/metrics");
    this.thread = new Thread(this::loop, "bench-metrics-scraper");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stopped) {
      try {
        HttpResponse<InputStream> response = http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
          bytes.addAndGet(body.transferTo(java.io.OutputStream.nullOutputStream()));
        }
        if (response.statusCode() == 200) {
          scrapes.incrementAndGet();
        } else {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        failures.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One line: scrapes, bytes per scrape, failures. */
  String describe() {
    long n = scrapes.get();
    return String.format(java.util.Locale.ROOT, "%d scrapes of %s (%,d bytes each), %d failed",
        n, uri, n == 0 ? 0 : bytes.get() / n, failures.get());
  }

  long failures() {
    return failures.get();
  }

  long scrapes() {
    return scrapes.get();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join(10_000);
  }
}
