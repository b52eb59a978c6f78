package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Ping;
import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls issued together travel as batches, and their answers as replies split to fit a frame:
 * many large values in flight at once all cross, each to its own caller. The first test sees the
 * batch itself: with the connection's only thread held while the calls are issued, every call is
 * in its mailbox before it runs, so they must leave as one batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoalescingTest {

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(12, manager.address());
  private final StoreClient store = cluster.store();

  private final ActorTestKit local =
      ActorTestKit.create(
          "coalescing",
          ConfigFactory.parseString(
                  """
                  one-thread {
                    type = Dispatcher
                    executor = "thread-pool-executor"
                    thread-pool-executor.fixed-pool-size = 1
                  }
                  """)
              .withFallback(ConfigFactory.load()));

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
    local.shutdownTestKit();
  }

  @Test
  void callsIssuedWhileTheConnectionIsBusyLeaveAsOneBatchAndEachGetsItsOwnAnswer()
      throws Exception {
    LocalConnection c = new LocalConnection(local, LocalConnection.on("one-thread"));
    c.next(Ping.class); // the connection runs
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    local.system().dispatchers().lookup(DispatcherSelector.fromConfig("one-thread")).execute(() -> {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(holding.await(5, TimeUnit.SECONDS));
    int count = 50;
    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(c.client.has("k" + i).toCompletableFuture());
    }
    release.countDown();

    Batch batch = c.next(Batch.class);
    assertEquals(count, batch.requests().size(), "the calls did not travel as one batch");
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      outcomes.add(new Outcome(batch.requests().get(i).id(),
          Optional.of(new Reply.Exists(i % 3 == 0)), Optional.empty()));
    }
    java.util.Collections.reverse(outcomes); // answers are matched by id, not by position
    batch.replyTo().tell(new Replies(outcomes));
    for (int i = 0; i < count; i++) {
      assertEquals(i % 3 == 0, calls.get(i).get(5, TimeUnit.SECONDS), "call " + i);
    }
  }

  @Test
  void manyLargeValuesWrittenAndReadAtOnceAllCrossToTheirOwnCallers() {
    int count = 8;
    List<byte[]> values = new ArrayList<>();
    List<CompletionStage<?>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[700_000];
      java.util.Arrays.fill(value, (byte) i);
      values.add(value);
      writes.add(store.set("large:" + i, value));
    }
    writes.forEach(InJvmManager::await);

    List<CompletionStage<Optional<byte[]>>> reads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      reads.add(store.get("large:" + i, byte[].class));
    }
    for (int i = 0; i < count; i++) {
      assertArrayEquals(values.get(i), await(reads.get(i)).orElseThrow(), "value " + i);
    }
  }

  @Test
  void aThousandMixedCallsIssuedAtOnceEachGetTheirOwnAnswer() {
    List<CompletionStage<Long>> increments = new ArrayList<>();
    List<CompletionStage<Optional<Integer>>> reads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      store.set("mixed:" + i, i);
      increments.add(store.increment("mixed:counter", 1));
      reads.add(store.get("mixed:" + i, Integer.class));
    }
    for (int i = 0; i < 500; i++) {
      assertEquals(Optional.of(i), await(reads.get(i)));
      assertEquals(i + 1L, await(increments.get(i)));
    }
  }
}
