package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client whose manager never answers: calls wait for it at most {@code connect-timeout}, then
 * fail at once naming the address and what TCP said; a manager that starts late is not refused.
 */
class ManagerNeverReachedTest {

  /** A port where nothing listens: bound by the system, then closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Config config(String connectTimeout) {
    return ConfigFactory.parseString(
            "shared-store.client.connect-timeout = " + connectTimeout + "\n"
                + "shared-store.client.timeout = 30s")
        .withFallback(ConfigFactory.load());
  }

  private static Throwable failure(CompletableFuture<?> call) throws Exception {
    try {
      call.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void nothingListeningFailsCallsAfterConnectTimeoutNamingConnectionRefused() throws Exception {
    String address = "127.0.0.1:" + closedPort();
    BlockingQueue<ManagerEvent> events = new LinkedBlockingQueue<>();
    try (ClusterClient cluster = ClusterClient.connect(30, address, config("2s"))) {
      cluster.addListener(events::add);
      // A read that times out before connect-timeout: not "may have been applied".
      StoreTimeoutException read =
          assertInstanceOf(
              StoreTimeoutException.class,
              failure(cluster.store().get("k", String.class, Duration.ofMillis(800))
                  .toCompletableFuture()));
      assertFalse(read.getMessage().contains("may or may not"), read.getMessage());
      assertTrue(read.getMessage().contains("has not answered"), read.getMessage());

      // A call in flight at connect-timeout fails then, not after its own 30 s.
      CompletableFuture<Boolean> waiting = cluster.store().has("k").toCompletableFuture();
      StoreUnavailableException awaited =
          assertThrows(
              StoreUnavailableException.class, () -> cluster.awaitReachable(Duration.ofSeconds(20)));
      for (String part : new String[] {address, "connect-timeout", "Connection refused"}) {
        assertTrue(awaited.getMessage().contains(part), awaited.getMessage() + " lacks " + part);
      }
      assertInstanceOf(StoreUnavailableException.class, failure(waiting));

      ManagerEvent.Unreachable unreachable =
          assertInstanceOf(ManagerEvent.Unreachable.class, events.poll(5, TimeUnit.SECONDS));
      assertEquals(address, unreachable.managerAddress());
      assertTrue(unreachable.reason().contains("Connection refused"), unreachable.reason());

      // From now on a call fails at once, on the caller's thread, with nothing sent.
      CompletableFuture<Boolean> refused = cluster.store().has("k").toCompletableFuture();
      assertTrue(refused.isCompletedExceptionally());
      StoreUnavailableException e = assertInstanceOf(StoreUnavailableException.class, failure(refused));
      assertFalse(e.mayHaveBeenApplied());
      assertTrue(e.getMessage().contains(address) && e.getMessage().contains("Connection refused"),
          e.getMessage());
    }
  }

  @Test
  void aManagerThatStartsLateIsNotRefused() throws Exception {
    int port = closedPort();
    try (ClusterClient cluster = ClusterClient.connect(31, "127.0.0.1:" + port, config("20s"))) {
      CompletableFuture<Boolean> early = cluster.store().has("k").toCompletableFuture();
      assertFalse(early.isDone(), "a call before the manager's first answer was refused");
      try (InJvmManager manager =
          new InJvmManager(ConfigFactory.parseString("pekko.remote.artery.canonical.port = " + port))) {
        cluster.awaitReachable(Duration.ofSeconds(20));
        assertTrue(cluster.isManagerReachable());
        await(cluster.store().set("k", 1));
        assertEquals(1, await(cluster.store().get("k", Integer.class)).orElseThrow());
      }
    }
  }

  @Test
  void awaitReachableReturnsOnceTheManagerAnsweredAndThrowsWhenItsTimeoutPasses() {
    try (InJvmManager manager = new InJvmManager();
        ClusterClient cluster = ClusterClient.connect(32, manager.address())) {
      cluster.awaitReachable(Duration.ofSeconds(20));
      assertTrue(cluster.isManagerReachable());
    }
    SilentManager silent = new SilentManager();
    try (ClusterClient cluster = ClusterClient.connect(33, silent.address())) {
      StoreUnavailableException e =
          assertThrows(
              StoreUnavailableException.class, () -> cluster.awaitReachable(Duration.ofMillis(300)));
      assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
      assertTrue(e.getMessage().contains(silent.address()), e.getMessage());
    } finally {
      silent.close();
    }
  }
}
