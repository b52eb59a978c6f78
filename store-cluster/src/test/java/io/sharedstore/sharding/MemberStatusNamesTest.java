package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.protocol.ClusterInfo;
import java.util.List;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

/**
 * Every status Pekko gives a member has its name among {@link ClusterInfo#MEMBER_STATUSES}, the
 * list the metrics publish one gauge per entry of: a member in a status left out would be in no
 * gauge.
 */
class MemberStatusNamesTest {

  @Test
  void everyPekkoMemberStatusIsNamedInTheProtocolsList() {
    List<MemberStatus> pekko = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
        MemberStatus.up(), MemberStatus.shuttingDown(), MemberStatus.shutDown(),
        MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down(),
        MemberStatus.removed());
    assertEquals(ClusterInfo.MEMBER_STATUSES, pekko.stream().map(SlotMapView::status).toList());
  }
}
