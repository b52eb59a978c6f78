package io.sharedstore.manager.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sharedstore.store.protocol.ClusterInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster gauges from {@link ClusterInfo} values: one members gauge per status (0 when
 * none), the unreachable members, this node's own slots and the unplaced ones, following each
 * update; and none at all from a single manager's answer.
 */
class ClusterMetersTest {

  private static ClusterInfo info(String self, int unplaced, ClusterInfo.Member... members) {
    return new ClusterInfo(self, 1024, "none", List.of(members), unplaced);
  }

  private static ClusterInfo.Member member(String address, String status, boolean reachable,
      int slots) {
    return new ClusterInfo.Member(address, status, reachable, List.of("store"), slots);
  }

  private static double members(SimpleMeterRegistry registry, String status) {
    return registry.get("shared.store.cluster.members").tag("status", status).gauge().value();
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void theGaugesFollowTheLatestAnswer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterMeters meters = ClusterMeters.bindIfCluster(registry, info("a:1", 0,
        member("a:1", "up", true, 500), member("b:2", "up", true, 524))).orElseThrow();
    assertEquals(2, members(registry, "up"));
    assertEquals(0, members(registry, "leaving"));
    assertEquals(ClusterInfo.MEMBER_STATUSES.size(),
        registry.find("shared.store.cluster.members").gauges().size());
    assertEquals(0, gauge(registry, "shared.store.cluster.unreachable.members"));
    assertEquals(500, gauge(registry, "shared.store.cluster.slots.served"));
    assertEquals(0, gauge(registry, "shared.store.cluster.slots.unplaced"));

    meters.update(info("a:1", 524, member("a:1", "up", true, 500),
        member("b:2", "leaving", false, 0), member("c:3", "joining", true, 0)));
    assertEquals(1, members(registry, "up"));
    assertEquals(1, members(registry, "leaving"));
    assertEquals(1, members(registry, "joining"));
    assertEquals(1, gauge(registry, "shared.store.cluster.unreachable.members"));
    assertEquals(524, gauge(registry, "shared.store.cluster.slots.unplaced"));
  }

  @Test
  void aSingleManagerHasNoClusterGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertTrue(ClusterMeters.bindIfCluster(registry, ClusterInfo.NOT_A_CLUSTER).isEmpty());
    assertTrue(registry.find("shared.store.cluster.members").gauges().isEmpty());
    assertTrue(registry.getMeters().isEmpty());
  }
}
