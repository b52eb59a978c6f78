package io.sharedstore.manager.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server on the metrics port, with one thread of its own (a scrape waits for the
 * store's answer there, never on a Pekko thread). Bound by {@link #bind}, before the manager's
 * ActorSystem starts, so that a port in use stops the start at once; serving from {@link #start}.
 */
final class StatusServer {

  private final HttpServer server;
  private final ExecutorService thread;

  private StatusServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Binds the port; nothing is served yet.
   *
   * @param host the host to bind
   * @param port the port, 0 for any free one
   * @throws IOException if it cannot be bound
   */
  static StatusServer bind(String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "shared-store-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    return new StatusServer(server, thread);
  }

  /** The bound address. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Serves these endpoints (any other path: 404).
   *
   * @param endpoints by exact path
   */
  void start(Map<String, Endpoint> endpoints) {
    server.createContext("/", new Routes(endpoints));
    server.start();
  }

  /** Stops serving and releases the port (an exchange in progress gets a moment to finish). */
  void stop() {
    server.stop(0);
    thread.shutdownNow();
  }
}
