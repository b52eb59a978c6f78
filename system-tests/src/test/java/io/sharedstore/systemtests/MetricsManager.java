package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A manager JVM on loopback and a free port with its metrics on (any free port, read from its
 * log line), and plain HTTP requests to them.
 */
final class MetricsManager implements AutoCloseable {

  /** The line the manager logs once it serves its metrics; group 1 is the URL. */
  static final Pattern METRICS_LINE =
      Pattern.compile("Metrics and status page on (http://\\S+:\\d+/)");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final JvmProcess jvm;
  private final String address;
  private final String url;

  private MetricsManager(JvmProcess jvm, String address, String url) {
    this.jvm = jvm;
    this.address = address;
    this.url = url;
  }

  /**
   * Starts it with {@code -Dshared-store.metrics.port=0} and the given JVM options, and waits
   * for the listening line and the metrics line.
   */
  static MetricsManager start(String name, List<String> jvmOptions)
      throws TimeoutException, InterruptedException {
    List<String> options = new ArrayList<>(JvmProcess.javaOptsFromEnvironment());
    options.add("-Dshared-store.metrics.port=0");
    options.addAll(jvmOptions);
    JvmProcess jvm =
        ManagerJvm.start(name, options, List.of("--host", "127.0.0.1", "--port", "0"));
    try {
      String address = ManagerJvm.awaitListening(jvm);
      Matcher metrics = jvm.awaitLine(METRICS_LINE, ManagerJvm.START_TIMEOUT);
      return new MetricsManager(jvm, address, metrics.group(1));
    } catch (TimeoutException | InterruptedException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  /** The {@code host:port} clients connect to. */
  String address() {
    return address;
  }

  /** The status page's URL, {@code http://127.0.0.1:PORT/}. */
  String url() {
    return url;
  }

  JvmProcess jvm() {
    return jvm;
  }

  /** GET of {@code path} (e.g. {@code metrics}, without the leading slash). */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofSeconds(20))
        .GET()
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The samples of one scrape of {@code /metrics}, checked as strict Prometheus text. */
  List<MetricsTextFormat.Sample> scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + response.statusCode());
    }
    return MetricsTextFormat.parse(response.body());
  }

  @Override
  public void close() {
    jvm.close();
  }
}
