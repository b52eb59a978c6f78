package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client inside an application's own ActorSystem ({@code ClusterClient.create}), and actor code
 * asking the store through {@code storeRef()} with {@code context.askWithStatus}.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActorCodeTest {

  private final InJvmManager manager = new InJvmManager();

  @JUnit5TestKit
  ActorTestKit testKit =
      new JUnit5TestKitBuilder()
          .withCustomConfig(
              ConfigFactory.parseString(
                      "pekko.actor.provider = remote\n"
                          + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                          + "pekko.remote.artery.canonical.port = 0\n"
                          + "shared-store.manager.port = " + manager.port())
                  .withFallback(ConfigFactory.load()))
          .build();

  @AfterAll
  void stopManager() {
    manager.close();
  }

  @Test
  void actorCodeAsksTheStoreThroughStoreRef() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 5);
    await(cluster.store().set("flag:beta", true));

    var reader = testKit.spawn(FeatureFlagReader.create(cluster.storeRef()));
    TestProbe<FeatureFlagReader.Answer> probe = testKit.createTestProbe();
    reader.tell(new FeatureFlagReader.Read("beta", probe.getRef()));
    assertEquals(new FeatureFlagReader.Answer("beta", true, ""), probe.receiveMessage());
    reader.tell(new FeatureFlagReader.Read("missing", probe.getRef()));
    assertEquals(new FeatureFlagReader.Answer("missing", false, ""), probe.receiveMessage());
  }

  @Test
  void closingAClientInAnApplicationsSystemLeavesTheSystemRunning() {
    ClusterClient cluster = ClusterClient.create(testKit.system(), 6);
    assertEquals(6, cluster.id());
    assertEquals("127.0.0.1:" + manager.port(), cluster.managerAddress());
    cluster.close();
    assertThrows(IllegalStateException.class, () -> cluster.store().has("k"));
    assertTrue(await(ClusterClient.create(testKit.system(), 7).store().set("k", 1)) != null);
  }

  @Test
  void createRefusesASystemWithoutRemoting() {
    ActorTestKit local = ActorTestKit.create("local");
    try {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ClusterClient.create(local.system(), 1));
      assertTrue(e.getMessage().contains("pekko.actor.provider"), e.getMessage());
    } finally {
      local.shutdownTestKit();
    }
  }
}
