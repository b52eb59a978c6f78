package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * What the slot map's refresher reads of a client's links: a link that has not answered yet (a
 * crashed node the map still names, to which every connect is refused) is not reachable, though
 * not unreachable either (its calls still wait for it), so the map is asked again soon.
 */
class NodeConnectionsTest {

  private final Executor direct = Runnable::run;

  private NodeLink link(String address) {
    return new NodeLink(address, new ManagerState(address, direct), null, null, direct);
  }

  @Test
  void aLinkThatHasNotAnsweredYetIsNotReachableButNotUnreachable() {
    NodeLink first = link("127.0.0.1:1");
    NodeLink second = link("127.0.0.1:2");
    NodeConnections nodes = new NodeConnections(List.of(first, second), address -> {
      throw new IllegalStateException("no other link: " + address);
    });
    assertTrue(nodes.anyNotReachable(), "both still connecting");
    assertFalse(nodes.anyUnreachable(), "connecting is not unreachable: calls are not refused");

    first.state().reachable();
    assertTrue(nodes.anyNotReachable(), "the second has not answered");
    second.state().reachable();
    assertFalse(nodes.anyNotReachable());

    second.state().unreachable("no answer to heartbeats");
    assertTrue(nodes.anyNotReachable());
    assertTrue(nodes.anyUnreachable());
  }
}
