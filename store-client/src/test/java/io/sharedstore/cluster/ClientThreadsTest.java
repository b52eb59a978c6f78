package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ClusterClient.close()} stops every thread the client started: 50 clients, each
 * connected, used once and closed, leave no thread of theirs and the JVM's thread count where it
 * was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientThreadsTest {

  private static final int CLIENTS = 50;

  /**
   * Threads the JVM starts and ends on its own, whatever the clients do: JIT compiler threads
   * (their number follows the compile load) and the like. A leak of one client's ActorSystem
   * would be a dozen threads, 50 leaks hundreds.
   */
  private static final int TOLERANCE = 4;

  private static final Duration WIND_DOWN_WITHIN = Duration.ofSeconds(20);

  /** Every thread of a client's own ActorSystem is named after it. */
  private static final String CLIENT_THREAD_PREFIX = "shared-store-cluster-";

  private final InJvmManager manager = new InJvmManager();

  @AfterAll
  void stop() {
    manager.close();
  }

  @Test
  void fiftyClientsOpenedUsedAndClosedLeaveNoThreadBehind() throws Exception {
    useOneClient(1000); // warms up what the JVM starts once (class loading, JIT, Pekko statics)
    assertTrue(waitForNoClientThreads(), "the warm-up client left " + clientThreads());
    int before = liveThreads();

    for (int i = 0; i < CLIENTS; i++) {
      useOneClient(1001 + i);
    }

    long start = System.nanoTime();
    boolean noneLeft = waitForNoClientThreads();
    int after = waitForCount(before + TOLERANCE);
    System.out.printf(
        "ClientThreadsTest: %d threads before %d clients, %d after (wound down in %d ms)%n",
        before, CLIENTS, after, (System.nanoTime() - start) / 1_000_000);
    assertTrue(noneLeft, "threads of closed clients still alive: " + clientThreads());
    assertTrue(
        after <= before + TOLERANCE,
        "live threads went from " + before + " to " + after + ": " + allThreadNames());
  }

  private void useOneClient(int id) {
    try (ClusterClient cluster = ClusterClient.connect(id, manager.address())) {
      await(cluster.store().set("threads:" + id, id, Duration.ofSeconds(20)));
      assertEquals(Optional.of(id), await(cluster.store().get("threads:" + id, Integer.class)));
    }
  }

  /** Polls until no client thread is alive; false if some still are after the wait. */
  private static boolean waitForNoClientThreads() throws InterruptedException {
    long deadline = System.nanoTime() + WIND_DOWN_WITHIN.toNanos();
    while (!clientThreads().isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20); // polling, not timing: the condition decides
    }
    return true;
  }

  /** Polls until at most {@code limit} threads are alive; answers the last count seen. */
  private static int waitForCount(int limit) throws InterruptedException {
    long deadline = System.nanoTime() + WIND_DOWN_WITHIN.toNanos();
    int count;
    while ((count = liveThreads()) > limit && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return count;
  }

  /** The JVM's live thread count, as {@code jcmd Thread.print} or a profiler would show it. */
  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static List<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith(CLIENT_THREAD_PREFIX))
        .toList();
  }

  private static List<String> allThreadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }
}
