package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stages complete on the client's dispatcher: 100,000 operations with callbacks (plain and
 * {@code *Async} without an executor) start almost no threads. On a 2-core machine the common
 * pool would start one thread per callback.
 */
class CallbackThreadsTest {

  private static final int OPERATIONS = 100_000;
  private static final int IN_FLIGHT = 256;

  @Test
  void aHundredThousandAsyncOperationsStartFewerThanTwentyThreads() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (InJvmManager manager = new InJvmManager();
        ClusterClient cluster = ClusterClient.connect(4, manager.address())) {
      StoreClient store = cluster.store();
      await(store.set("counter", 1));
      run(store, 2_000); // warm up: remoting, dispatchers and Jackson start their threads here

      long startedBefore = threads.getTotalStartedThreadCount();
      int completed = run(store, OPERATIONS);
      long started = threads.getTotalStartedThreadCount() - startedBefore;

      assertEquals(OPERATIONS, completed);
      assertTrue(started < 20, started + " threads started during " + OPERATIONS + " operations");
    }
  }

  private static int run(StoreClient store, int operations) throws InterruptedException {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < operations; i++) {
      inFlight.acquire();
      CompletionStage<?> stage =
          switch (i % 3) {
            case 0 -> store.get("counter", Integer.class).thenApply(v -> v.orElseThrow() + 1);
            case 1 -> store.has("counter").thenAcceptAsync(present -> {});
            default -> store.set("key" + (i % 100), i).thenApplyAsync(done -> done);
          };
      stage.whenComplete(
          (value, error) -> {
            (error == null ? completed : failed).incrementAndGet();
            inFlight.release();
          });
    }
    assertTrue(inFlight.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS), "operations did not finish");
    assertEquals(0, failed.get(), "operations failed");
    return completed.get();
  }
}
