package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's refusal WARNs: under the store's own logger, naming the client, at most one per
 * refusal kind per 10 s, the next one counting the suppressed ones.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalLogTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 100, 1000, 16, 256, Duration.ofSeconds(60), 100);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private void refuseOnce(ActorRef<io.sharedstore.store.protocol.Command> store,
      TestProbe<StatusReply<Reply.Written>> client) {
    store.tell(new Execute<>(new Operation.Set("", Bytes.wrap(new byte[] {1}),
        OptionalLong.empty()), client.getRef()));
    assertEquals(true, client.receiveMessage().isError());
  }

  @Test
  void atMostOneWarnPerKindPerWindowUnderTheStoresLoggerNamingTheClient() {
    StoreDriver driver = StoreDriver.spawn(testKit, SETTINGS);
    var store = driver.ref();
    TestProbe<StatusReply<Reply.Written>> client = testKit.createTestProbe();
    LoggingTestKit.warn("Refused [set]")
        .withLoggerName(StoreActor.class.getName())
        .withMessageContains("from [pekko://")
        .expect(testKit.system(), () -> {
          refuseOnce(store, client);
          return null;
        });
    LoggingTestKit.warn("Refused [set]").withOccurrences(0).expect(testKit.system(), () -> {
      for (int i = 0; i < 5; i++) {
        refuseOnce(store, client);
      }
      return null;
    });
    driver.timePasses(Duration.ofMillis(RefusalLog.WINDOW_MILLIS));
    LoggingTestKit.warn("(5 more [INVALID] refusals suppressed)").expect(testKit.system(), () -> {
      refuseOnce(store, client);
      return null;
    });
  }

  @Test
  void theClusterIdIsReadFromTheConnectionsName() {
    ActorRef<String> connection =
        testKit.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.<String>ignore(),
            "shared-store-connection-orders-eu-3");
    assertEquals("[pekko://" + testKit.system().name() + "] (cluster [orders-eu])",
        RefusalLog.client(connection));
  }
}
