package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A metrics port in use stops the manager's start with one sentence naming the setting, before
 * Pekko starts, and leaves the manager's own port free.
 */
class MetricsPortTakenTest {

  @Test
  void aMetricsPortInUseStopsTheStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int managerPort = probe.getLocalPort();
      probe.close();
      CannotListenException e = assertThrows(CannotListenException.class, () ->
          ManagerNode.start(ConfigFactory.parseMap(Map.of(
                  "shared-store.manager.port", managerPort,
                  "shared-store.metrics.port", taken.getLocalPort()))
              .withFallback(ConfigFactory.load())));
      assertTrue(e.getMessage().contains("shared-store.metrics.port"), e.getMessage());
      assertTrue(e.getMessage().contains(":" + taken.getLocalPort() + "]"), e.getMessage());
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress("127.0.0.1", managerPort));
      }
    }
  }
}
