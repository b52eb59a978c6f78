package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A full manager ({@code max-entries} reached) refuses a write that would add a key with {@link
 * StoreFullException} naming the operation, the key and the limit, over real remoting; reads,
 * overwrites and deletes keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreFullClientTest {

  private static final int MAX_ENTRIES = 20;

  private final InJvmManager manager =
      new InJvmManager(ConfigFactory.parseMap(Map.of("shared-store.max-entries", MAX_ENTRIES)));
  private final ClusterClient cluster = ClusterClient.connect(12, manager.address());
  private final StoreClient store = cluster.store();

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  @Test
  void aWriteThatWouldAddAKeyToAFullStoreFailsWithStoreFullException() {
    for (int i = 0; i < MAX_ENTRIES; i++) {
      await(store.set("full:" + i, "v" + i));
    }
    StoreFullException full =
        assertThrows(StoreFullException.class, () -> await(store.set("full:new", "v")));
    assertEquals("set", full.operation());
    assertEquals("full:new", full.key());
    assertTrue(full.getMessage().contains("set of key [full:new] refused: the store is full")
        && full.getMessage().contains("max-entries is " + MAX_ENTRIES), full.getMessage());
    assertThrows(StoreFullException.class, () -> await(store.increment("full:counter", 1)));
    assertThrows(StoreFullException.class, () -> await(store.setIfAbsent("full:new", "v")));
    assertEquals(MAX_ENTRIES, manager.storedEntries());

    await(store.set("full:3", "overwritten"));
    assertEquals(Optional.of("overwritten"), await(store.get("full:3", String.class)));
    assertTrue(await(store.delete("full:4")));
    await(store.set("full:new", "v"));
    assertEquals(Optional.of("v"), await(store.get("full:new", String.class)));
  }
}
