package io.sharedstore.manager.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics server's one handler: answers {@code GET} (and {@code HEAD}) of each known path
 * with its endpoint's body; any other method is 405 with {@code Allow: GET, HEAD}, any other path
 * 404, an endpoint that cannot answer now 503. Read-only: nothing a request says changes
 * anything.
 */
final class Routes implements HttpHandler {

  static final String TEXT = "text/plain; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  private final Map<String, Endpoint> endpoints;

  /**
   * Routes to these endpoints.
   *
   * @param endpoints by exact path ({@code /}, {@code /metrics}, ...; copied)
   */
  Routes(Map<String, Endpoint> endpoints) {
    this.endpoints = Map.copyOf(endpoints);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      Endpoint endpoint = endpoints.get(exchange.getRequestURI().getPath());
      if (endpoint == null) {
        send(exchange, 404, TEXT, text("Not found: the pages are " + String.join(", ",
            new TreeSet<>(endpoints.keySet())) + "\n"), true);
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, TEXT, text("Method not allowed: read-only, GET or HEAD\n"), true);
      } else {
        answer(exchange, endpoint, method.equals("GET"));
      }
    }
  }

  private static void answer(HttpExchange exchange, Endpoint endpoint, boolean withBody)
      throws IOException {
    byte[] body;
    try {
      body = endpoint.body();
    } catch (EndpointUnavailableException e) {
      log.debug("[{}] not answered", exchange.getRequestURI(), e);
      send(exchange, 503, TEXT, text(e.getMessage() + "\n"), withBody);
      return;
    }
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, endpoint.contentType(), body, withBody);
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body,
      boolean withBody) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (!withBody) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
