package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's link: a call queued wakes the connection once; a call that reaches a link retired
 * (its node left the slot map) fails at once, unsent, naming the node.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLinkTest {

  @JUnit5TestKit
  ActorTestKit testKit = ActorTestKit.create();

  private Pending<Reply.Value, String> get(String key, DispatcherFuture<String> result) {
    return new Pending<>("get", key, Duration.ofSeconds(5), Optional.empty(),
        new Operation.Get(key), value -> "answered", result, new NearCaches(), ClientMeters.OFF,
        0L);
  }

  @Test
  void aRetiredLinkFailsWhatReachesItUnsent() throws Exception {
    TestProbe<StoreConnection.Message> connection = testKit.createTestProbe();
    var executor = testKit.system().executionContext();
    NodeLink link = new NodeLink("n:1", new ManagerState("n:1", executor), null,
        connection.getRef(), executor);

    DispatcherFuture<String> first = new DispatcherFuture<>(executor);
    link.submit(get("a", first));
    assertInstanceOf(StoreConnection.Drain.class, connection.receiveMessage());

    link.retire();
    assertEquals(StoreConnection.Close.INSTANCE, connection.receiveMessage());
    DispatcherFuture<String> late = new DispatcherFuture<>(executor);
    link.submit(get("b", late));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> late.get(5, TimeUnit.SECONDS));
    StoreUnavailableException unavailable =
        assertInstanceOf(StoreUnavailableException.class, e.getCause());
    assertEquals("n:1", unavailable.managerAddress());
    assertTrue(unavailable.getMessage().contains("left the slot map"), unavailable.getMessage());
  }
}
