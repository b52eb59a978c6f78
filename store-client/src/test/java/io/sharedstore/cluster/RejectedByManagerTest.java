package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The manager checks the limits again, with its own settings: a write it refuses fails with
 * StoreRejectedException and changes nothing.
 */
class RejectedByManagerTest {

  @Test
  void aValueOverTheManagersOwnLimitIsRejectedAndChangesNothing() {
    try (InJvmManager manager =
            new InJvmManager(ConfigFactory.parseString("shared-store.max-value-size = 64"));
        ClusterClient cluster = ClusterClient.connect(8, manager.address())) {
      await(cluster.store().set("k", "small"));
      StoreRejectedException e =
          assertThrows(StoreRejectedException.class, () -> await(cluster.store().set("k", "x".repeat(100))));
      assertEquals("set", e.operation());
      assertEquals("k", e.key());
      assertTrue(e.getMessage().contains("max-value-size"), e.getMessage());
      assertEquals(Optional.of("small"), await(cluster.store().get("k", String.class)));
      assertEquals(1, manager.storedEntries());
    }
  }
}
