package io.sharedstore.manager.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.PersistenceSettings;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A durable store's metrics add its logs' bytes and its fsyncs (fsync = always: one per write). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableStoreMetricsTest {

  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theLogBytesAndTheFsyncsAreMeters(@TempDir Path dir) throws Exception {
    Config config = ConfigFactory.parseMap(Map.of("shared-store.metrics.port", 0))
        .withFallback(ConfigFactory.load());
    ManagerMetrics metrics = ManagerMetrics.create(config, true);
    ActorRef<Command> store = testKit.spawn(StoreActor.create(StoreSettings.create(config),
        PersistenceSettings.in(dir, PersistenceSettings.Fsync.ALWAYS,
            PersistenceSettings.OnCorruption.REFUSE),
        metrics.observer()));
    metrics.start(testKit.system(), store);
    TestProbe<StatusReply<Reply>> probe = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      store.tell(new Execute<>(new Operation.Set("durable-" + i, Bytes.wrap(new byte[100]),
          OptionalLong.empty()), probe.ref().unsafeUpcast()));
      assertTrue(probe.receiveMessage().isSuccess());
    }
    String text = Http.get(metrics.address().orElseThrow(), "/metrics").body();
    assertTrue(value(text, "shared_store_log_bytes") > 300, text);
    assertTrue(value(text, "shared_store_fsync_seconds_count") >= 3, text);
    assertTrue(text.contains("# TYPE shared_store_fsync_seconds histogram"), text);
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertTrue(m.find(), "no " + series);
    return Double.parseDouble(m.group(1));
  }
}
