package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.protocol.ClusterInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code info cluster} prints for a store cluster's answer and a single manager's. */
class ClusterInfoLinesTest {

  @Test
  void aClusterPrintsItsFiguresAndOneLinePerMember() {
    ClusterInfo info = new ClusterInfo("10.0.0.1:17355", 1024, "journal", List.of(
        new ClusterInfo.Member("10.0.0.1:17355", "up", true, List.of("store"), 600),
        new ClusterInfo.Member("10.0.0.2:17355", "leaving", false, List.of("store", "dc-a"),
            400)), 24);
    String nl = System.lineSeparator();
    assertEquals("# Cluster" + nl
        + "self:10.0.0.1:17355" + nl
        + "slots:1024" + nl
        + "durability:journal" + nl
        + "unplaced:24" + nl
        + "members:2" + nl
        + "member:10.0.0.1:17355 up reachable roles=store slots=600" + nl
        + "member:10.0.0.2:17355 leaving UNREACHABLE roles=store,dc-a slots=400",
        ClusterInfoLines.plain(info));
    var cluster = ClusterInfoLines.document(info).get("cluster");
    assertEquals(24, cluster.get("unplaced").asInt());
    assertEquals(400, cluster.get("members").get(1).get("slots_served").asInt());
    assertEquals(false, cluster.get("members").get(1).get("reachable").asBoolean());
  }

  @Test
  void aSingleManagerIsNotACluster() {
    assertEquals("not a store cluster (a single manager)",
        ClusterInfoLines.plain(ClusterInfo.NOT_A_CLUSTER));
  }
}
