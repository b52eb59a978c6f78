package io.sharedstore.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.protocol.SlotMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests of a client over {@link FakeStoreNode}s share: a client config that notices
 * an unreachable node and a new slot map within a second, and the map that splits the slots
 * between two nodes.
 */
final class FastRouting {

  private FastRouting() {}

  /** Fast heartbeats and slot-map refreshes; each call's timeout {@code timeout}. */
  static Config config(Duration timeout) {
    return ConfigFactory.parseString(
            """
            shared-store.client.heartbeat-interval = 100ms
            shared-store.client.heartbeat-timeout = 800ms
            shared-store.client.connect-timeout = 5s
            shared-store.client.slot-map.interval = 300ms
            shared-store.client.slot-map.unsettled-interval = 100ms
            shared-store.client.slot-map.ask-timeout = 500ms
            shared-store.client.timeout = %dms
            """.formatted(timeout.toMillis()))
        .withFallback(LibraryConfig.load());
  }

  /** {@code slots} slots, the even ones on {@code a}, the odd ones on {@code b}. */
  static SlotMap split(int slots, FakeStoreNode a, FakeStoreNode b) {
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      owners.add(i % 2);
    }
    return new SlotMap(slots, List.of(a.address(), b.address()), owners, List.of());
  }
}
