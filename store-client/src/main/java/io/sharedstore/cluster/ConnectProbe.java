package io.sharedstore.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Asks TCP whether anything listens at the manager's address, when its heartbeats go unanswered:
 * Artery retries a refused connection quietly and gives no API for why, so a client pointed at
 * the wrong port would otherwise only say "no reply". One plain connect, closed at once, on an
 * executor meant for blocking work (never an actor's thread); the manager sees a connection that
 * sends nothing and closes, which Artery ignores.
 */
interface ConnectProbe {

  /** A probe that never finds anything: for tests with no network. */
  ConnectProbe NONE = () -> CompletableFuture.completedFuture(Optional.empty());

  /** The transport error of one connection attempt, or empty if the connection was made. */
  CompletionStage<Optional<String>> probe();

  /** A probe of {@code host:port}, each attempt bounded by {@code timeoutMillis}, run on {@code executor}. */
  static ConnectProbe tcp(String host, int port, int timeoutMillis, Executor executor) {
    return () ->
        CompletableFuture.supplyAsync(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                return Optional.<String>empty();
              } catch (IOException e) {
                String message = e.getMessage() == null ? "" : ": " + e.getMessage();
                return Optional.of(e.getClass().getSimpleName() + message);
              }
            },
            executor);
  }
}
