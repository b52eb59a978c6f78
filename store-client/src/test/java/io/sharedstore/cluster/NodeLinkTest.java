package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's link: a call queued wakes the connection once; when its node leaves the slot map, a
 * call it held fails with StoreUnavailableException, and one that reaches it afterwards fails at
 * once, unsent, naming the node.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLinkTest {

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ConfigFactory.parseString(
              """
              pekko.actor.provider = remote
              pekko.remote.artery.canonical.hostname = 127.0.0.1
              pekko.remote.artery.canonical.port = 0
              """)
          .withFallback(LibraryConfig.load()))
      .build();

  private Pending<Reply.Value, String> get(String key, DispatcherFuture<String> result) {
    return new Pending<>("get", key, Duration.ofSeconds(5), Optional.empty(),
        new Operation.Get(key), value -> "answered", result, new NearCaches(), ClientMeters.OFF,
        0L);
  }

  @Test
  void aCallInFlightWhenItsNodeLeavesTheMapFailsAsUnavailable() throws Exception {
    SilentManager silent = new SilentManager();
    try {
      ClientSettings settings = ClientSettings.create(LibraryConfig.load());
      NodeLink link = NodeLink.open(testKit.system(), ManagerAddress.parse(silent.address()),
          settings, 9);
      DispatcherFuture<String> inFlight =
          new DispatcherFuture<>(testKit.system().executionContext());
      link.submit(get("c", inFlight));
      link.retire();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> inFlight.get(5, TimeUnit.SECONDS));
      StoreUnavailableException unavailable =
          assertInstanceOf(StoreUnavailableException.class, e.getCause());
      assertEquals(silent.address(), unavailable.managerAddress());
      assertTrue(unavailable.getMessage().contains("left the slot map"),
          unavailable.getMessage());
    } finally {
      silent.close();
    }
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
    assertEquals(StoreConnection.LeftSlotMap.INSTANCE, connection.receiveMessage());
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
