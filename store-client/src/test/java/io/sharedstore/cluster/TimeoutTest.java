package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A manager that does not answer (not even a heartbeat, so the client never learns it is reachable)
 * makes an operation fail with StoreTimeoutException after its timeout: no hang.
 */
class TimeoutTest {

  @Test
  void anOperationAgainstAStoppedManagerTimesOutNamingWhatFailed() {
    SilentManager manager = new SilentManager();
    String address = manager.address();
    try (ClusterClient cluster =
        ClusterClient.connect(
            3,
            address,
            ConfigFactory.parseString("shared-store.client.timeout = 700ms")
                .withFallback(ConfigFactory.load()))) {
      long start = System.nanoTime();
      StoreTimeoutException e =
          assertThrows(StoreTimeoutException.class, () -> await(cluster.store().get("k", String.class)));
      Duration waited = Duration.ofNanos(System.nanoTime() - start);

      assertEquals("get", e.operation());
      assertEquals("k", e.key());
      assertEquals(address, e.managerAddress());
      assertEquals(Duration.ofMillis(700), e.timeout());
      for (String part : new String[] {"get", "[k]", address, "700 ms"}) {
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should contain " + part);
      }
      assertTrue(waited.compareTo(Duration.ofMillis(690)) >= 0, "failed before its timeout: " + waited);
      assertTrue(waited.compareTo(Duration.ofSeconds(3)) < 0, "took far longer than its timeout: " + waited);

      StoreTimeoutException perCall =
          assertThrows(
              StoreTimeoutException.class,
              () -> await(cluster.store().has("k", Duration.ofMillis(300))));
      assertEquals(Duration.ofMillis(300), perCall.timeout());
      assertTrue(perCall.requestId().isEmpty());

      StoreTimeoutException increment =
          assertThrows(
              StoreTimeoutException.class,
              () -> await(cluster.store().increment("n", 1, Duration.ofMillis(300))));
      String requestId = increment.requestId().orElseThrow();
      assertTrue(increment.getMessage().contains(requestId), increment.getMessage());
      StoreTimeoutException retried =
          assertThrows(
              StoreTimeoutException.class,
              () -> await(cluster.store().increment(
                  "n", 1, SetOptions.none().withRequestId(requestId), Duration.ofMillis(300))));
      assertEquals(Optional.of(requestId), retried.requestId());

      // Only a write may have been applied; a read changed nothing and says so.
      assertTrue(increment.getMessage().contains("may or may not have been applied"),
          increment.getMessage());
      StoreTimeoutException write =
          assertThrows(
              StoreTimeoutException.class,
              () -> await(cluster.store().set("k", 1, Duration.ofMillis(300))));
      assertTrue(write.getMessage().contains("may or may not have been applied"), write.getMessage());
      assertFalse(e.getMessage().contains("may or may not"), e.getMessage());
      assertFalse(perCall.getMessage().contains("may or may not"), perCall.getMessage());
    } finally {
      manager.close();
    }
  }
}
