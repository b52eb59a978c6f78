package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.SlotMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ClusterClient#clusterInfo()} over real remoting: a single manager answers
 * NOT_A_CLUSTER; store nodes ({@link FakeStoreNode}s answering the test's {@link ClusterInfo})
 * are asked through a reachable one, and refused at once when none is; a node that never
 * answers times the call out with {@link StoreTimeoutException}.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterInfoClientTest {

  private static final int SLOTS = 16;

  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  private static Config fastConfig() {
    return FastRouting.config(Duration.ofSeconds(1));
  }

  private static SlotMap split(FakeStoreNode a, FakeStoreNode b) {
    return FastRouting.split(SLOTS, a, b);
  }

  private static ClusterInfo seenBy(String self, FakeStoreNode a, FakeStoreNode b) {
    return new ClusterInfo(self, SLOTS, "none", List.of(
        new ClusterInfo.Member(a.address(), "up", true, List.of("store"), SLOTS / 2),
        new ClusterInfo.Member(b.address(), "up", true, List.of("store"), SLOTS / 2)), 0);
  }

  /** The thread a callback without an executor runs on: the client's dispatcher, or not. */
  private static String callbackThread(CompletionStage<ClusterInfo> stage) {
    return await(stage.thenApplyAsync(info -> Thread.currentThread().getName()));
  }

  @Test
  void aSingleManagerAnswersNotACluster() {
    try (InJvmManager manager = new InJvmManager();
        ClusterClient client = ClusterClient.connect(21, manager.address(), fastConfig())) {
      client.awaitReachable(Duration.ofSeconds(10));
      ClusterInfo info = await(client.clusterInfo());
      assertFalse(info.isCluster());
      assertEquals(ClusterInfo.NOT_A_CLUSTER, info);
      String thread = callbackThread(client.clusterInfo());
      assertTrue(thread.startsWith("shared-store-cluster-21"), thread);
    }
  }

  @Test
  void aReachableNodeAnswersAndNoReachableNodeIsRefusedAtOnce() throws Exception {
    FakeStoreNode a = new FakeStoreNode();
    FakeStoreNode b = new FakeStoreNode();
    try {
      a.answer(split(a, b));
      b.answer(split(a, b));
      a.answer(seenBy(a.address(), a, b));
      b.answer(seenBy(b.address(), a, b));
      try (ClusterClient client = ClusterClient.connect(22, a.address() + "," + b.address(),
          fastConfig())) {
        client.awaitReachable(Duration.ofSeconds(10));
        ClusterInfo info = await(client.clusterInfo());
        assertTrue(info.isCluster());
        assertEquals(seenBy(a.address(), a, b), info);
        String thread = callbackThread(client.clusterInfo());
        assertTrue(thread.startsWith("shared-store-cluster-22"), thread);

        a.close(); // the first reachable node is now b
        TestProbe<Void> probe = testKit.createTestProbe();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
          assertEquals(b.address(), await(client.clusterInfo()).self());
          return null;
        });

        b.close();
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
          assertTrue(client.nodes().links().stream()
              .allMatch(link -> link.state().phase() == ManagerState.Phase.UNREACHABLE));
          return null;
        });
        CompletableFuture<ClusterInfo> refused = client.clusterInfo().toCompletableFuture();
        assertTrue(refused.isDone(), "refused at once, nothing sent");
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> refused.get(1, TimeUnit.SECONDS));
        StoreUnavailableException unavailable =
            assertInstanceOf(StoreUnavailableException.class, failed.getCause());
        assertEquals("clusterInfo", unavailable.operation());
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aNodeThatDoesNotAnswerTimesTheCallOut() {
    try (SilentManager silent = new SilentManager();
        ClusterClient client = ClusterClient.connect(23, silent.address(), fastConfig())) {
      StoreTimeoutException timedOut = assertThrows(StoreTimeoutException.class,
          () -> await(client.clusterInfo()));
      assertEquals(silent.address(), timedOut.managerAddress());
      assertEquals(Duration.ofSeconds(1), timedOut.timeout());
      StoreTimeoutException own = assertThrows(StoreTimeoutException.class,
          () -> await(client.clusterInfo(Duration.ofMillis(300))));
      assertEquals(Duration.ofMillis(300), own.timeout());
      assertThrows(IllegalArgumentException.class, () -> client.clusterInfo(Duration.ZERO));
    }
  }

  @Test
  void aClosedClientThrows() {
    try (InJvmManager manager = new InJvmManager()) {
      ClusterClient client = ClusterClient.connect(24, manager.address(), fastConfig());
      client.close();
      assertThrows(IllegalStateException.class, client::clusterInfo);
    }
  }
}
