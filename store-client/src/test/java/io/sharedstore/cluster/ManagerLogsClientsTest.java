package io.sharedstore.cluster;

import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Over real remoting, the manager logs a client's first contact and its {@link
 * ClusterClient#close()} at INFO, naming it by cluster id and address.
 */
@ExtendWith(LogCapturingExtension.class)
class ManagerLogsClientsTest {

  private static final String HEARTBEAT_LOGGER = "io.sharedstore.store.StoreHeartbeat";

  @Test
  void theManagerLogsAClientsArrivalAndItsClose() {
    try (InJvmManager manager = new InJvmManager()) {
      ClusterClient[] client = new ClusterClient[1];
      try {
        LoggingTestKit.info("Client of cluster [21] at [shared-store-cluster-21@127.0.0.1:")
            .withLoggerName(HEARTBEAT_LOGGER)
            .withCustom(event -> event.message().endsWith("] connected"))
            .expect(
                manager.kit().system(),
                () -> {
                  client[0] = ClusterClient.connect(21, manager.address());
                  return null;
                });

        LoggingTestKit.info("Client of cluster [21] at [shared-store-cluster-21@127.0.0.1:")
            .withLoggerName(HEARTBEAT_LOGGER)
            .withCustom(event -> event.message().endsWith("] left (ClusterClient.close)"))
            .expect(
                manager.kit().system(),
                () -> {
                  client[0].close();
                  return null;
                });
      } finally {
        if (client[0] != null) {
          client[0].close();
        }
      }
    }
  }
}
