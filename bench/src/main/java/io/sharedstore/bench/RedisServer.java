package io.sharedstore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} the bench starts on a free loopback port for {@code --compare-redis},
 * without snapshots ({@code --save ""}) and, unless the bench runs with {@code --data-dir}, without
 * an append-only file ({@code --appendonly no}); {@link #close()} stops it.
 */
final class RedisServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  /** Its last output lines, for {@link #linesContaining}; it is read only if asked. */
  private final java.util.ArrayDeque<String> output = new java.util.ArrayDeque<>();

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Why Redis cannot be compared with, if it cannot. */
  static Optional<String> missing() {
    for (String program : new String[] {"redis-server", "redis-benchmark"}) {
      if (!Machine.onPath(program)) {
        return Optional.of(program + " not found: apt-get install redis-server to compare");
      }
    }
    return Optional.empty();
  }

  /** {@code redis-server --version}, e.g. {@code Redis server v=7.0.15 ...}. */
  static String version() {
    try {
      Process version = new ProcessBuilder("redis-server", "--version")
          .redirectErrorStream(true).start();
      String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      version.waitFor(10, TimeUnit.SECONDS);
      return text.trim();
    } catch (IOException e) {
      return "unknown version (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown version";
    }
  }

  /**
   * Starts a server on 127.0.0.1 and a free port and waits until it accepts connections.
   *
   * @param persistence its append-only-file flags ({@link BenchPersistence#redisFlags}); empty:
   *     {@code --appendonly no}
   */
  static RedisServer start(List<String> persistence) throws InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", ""));
    command.addAll(persistence.isEmpty() ? List.of("--appendonly", "no") : persistence);
    command.addAll(List.of("--daemonize", "no"));
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
    RedisServer server = new RedisServer(process, port);
    Thread drain = new Thread(() -> server.collect(process.getInputStream()),
        "redis-server output");
    drain.setDaemon(true);
    drain.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IllegalStateException(
              "redis-server did not accept connections on port " + port + " within "
                  + START_TIMEOUT.toSeconds() + " s (exit: "
                  + (process.isAlive() ? "still running" : process.exitValue()) + ")");
        }
        Thread.sleep(50);
      }
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits for the server to exit by itself (after {@code SHUTDOWN}); false if it still runs after
   * {@code timeout}.
   */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "redis-server on port " + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /**
   * The lines redis-server printed so far that contain one of {@code texts} (e.g. its {@code DB
   * loaded from append only file: 2.035 seconds}); only its last {@value #KEPT_LINES} lines are
   * kept.
   */
  List<String> linesContaining(String... texts) {
    synchronized (output) {
      return output.stream()
          .filter(line -> java.util.Arrays.stream(texts).anyMatch(line::contains)).toList();
    }
  }

  private static final int KEPT_LINES = 200;

  private void collect(InputStream in) {
    try (java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.addLast(line);
          if (output.size() > KEPT_LINES) {
            output.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The server ended.
    }
  }
}
