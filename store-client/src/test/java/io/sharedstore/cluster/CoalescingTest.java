package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Ping;
import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls issued together travel as batches, and their answers as replies split to fit a frame:
 * many large values in flight at once all cross, each to its own caller. The first two tests see
 * the batch itself: with the connection's only thread held while the calls are issued (from the
 * test's thread, or from many threads at once), every call is queued before it runs, so they must
 * leave as one batch, each thread's calls in the order that thread made them.
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
    CountDownLatch release = holdTheConnectionsThread(c);
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
  void callsFromManyThreadsAtOnceLeaveAsOneBatchEachThreadsInItsOrder() throws Exception {
    LocalConnection c = new LocalConnection(local, LocalConnection.on("one-thread"));
    CountDownLatch release = holdTheConnectionsThread(c);
    int threads = 8;
    int perThread = 25;
    CountDownLatch start = new CountDownLatch(1);
    Map<String, CompletableFuture<Boolean>> calls = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread caller = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          String key = thread + ":" + i;
          calls.put(key, c.client.has(key).toCompletableFuture());
        }
      }, "caller-" + t);
      caller.start();
      callers.add(caller);
    }
    start.countDown();
    for (Thread caller : callers) {
      caller.join(5_000);
      assertFalse(caller.isAlive(), caller.getName() + " did not finish issuing its calls");
    }
    assertEquals(threads * perThread, calls.size());
    release.countDown();

    Batch batch = c.next(Batch.class);
    assertEquals(threads * perThread, batch.requests().size(),
        "the calls of " + threads + " threads did not travel as one batch");
    int[] nextOfThread = new int[threads];
    long lastId = 0;
    List<Outcome> outcomes = new ArrayList<>();
    for (Request request : batch.requests()) {
      String[] key = ((Operation.Has) request.operation()).key().split(":");
      int thread = Integer.parseInt(key[0]);
      assertEquals(nextOfThread[thread]++, Integer.parseInt(key[1]),
          "thread " + thread + "'s calls left out of its order");
      assertTrue(request.id() > lastId, "ids not increasing along the batch");
      lastId = request.id();
      outcomes.add(new Outcome(request.id(),
          Optional.of(new Reply.Exists(thread % 2 == 0)), Optional.empty()));
    }
    batch.replyTo().tell(new Replies(outcomes));
    for (var call : calls.entrySet()) {
      boolean even = Integer.parseInt(call.getKey().split(":")[0]) % 2 == 0;
      assertEquals(even, call.getValue().get(5, TimeUnit.SECONDS), "call " + call.getKey());
    }
  }

  @Test
  void moreCallsThanOneDrainTakesAllLeaveInTheirOrderAndAreAnswered() throws Exception {
    LocalConnection c = new LocalConnection(local, LocalConnection.on("one-thread"));
    CountDownLatch release = holdTheConnectionsThread(c);
    int count = 1_500;
    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(c.client.has("many:" + i).toCompletableFuture());
    }
    release.countDown();

    int next = 0;
    for (Batch batch : c.batchesCarrying(count)) {
      List<Outcome> outcomes = new ArrayList<>();
      for (Request request : batch.requests()) {
        assertEquals("many:" + next++, ((Operation.Has) request.operation()).key());
        outcomes.add(new Outcome(
            request.id(), Optional.of(new Reply.Exists(true)), Optional.empty()));
      }
      batch.replyTo().tell(new Replies(outcomes));
    }
    for (int i = 0; i < count; i++) {
      assertTrue(calls.get(i).get(5, TimeUnit.SECONDS), "call " + i);
    }
  }

  /**
   * Runs a task on the connection's only thread that holds it until the returned latch is
   * released: calls issued meanwhile all wait, queued, for the connection.
   */
  private CountDownLatch holdTheConnectionsThread(LocalConnection c) throws InterruptedException {
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
    return release;
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
