package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.NearCache;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A near cache in this JVM reads 1,000 keys over and over while two writer JVMs set and delete
 * them: once the writers stop and the cache's watch has delivered a last write, every key the
 * cache answers is the manager's value (none stale), and a second pass over the keys is answered
 * wholly from the local copy.
 */
class NearCacheAcrossProcessesTest {

  private static final int KEYS = WatchAcrossProcessesTest.KEYS;
  private static final int WRITERS = 2;
  private static final int CHAINS = 4;
  private static final int OPS_PER_CHAIN = 500;
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aNearCacheNeverAnswersAStaleValueOnceTheWritesHaveArrived() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        WatchProcesses processes = new WatchProcesses(dir);
        ClusterClient cluster = ClusterClient.connect(30, manager.address())) {
      StoreClient store = cluster.store();
      List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "k:" + i).toList();
      List<JvmProcess> writers = new ArrayList<>();
      for (int id = 1; id <= WRITERS; id++) {
        writers.add(processes.startWriter(manager.address(), id, KEYS, CHAINS, OPS_PER_CHAIN,
            10, 0));
      }
      try (NearCache<String> cache = store.nearCache("k:*", String.class)) {
        AtomicLong reads = new AtomicLong();
        CompletableFuture<Long> sentinel = new CompletableFuture<>();
        try (Watch watch = store.watch("k:*", event -> {
          if (event instanceof StoreEvent.Changed changed && changed.key().equals("k:end")) {
            sentinel.complete(changed.revision());
          }
        })) {
          Stages.result(watch.started());
          for (JvmProcess writer : writers) {
            WatchProcesses.awaitReady(writer);
          }
          AtomicBoolean reading = new AtomicBoolean(true);
          CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (reading.get()) {
              Stages.result(cache.get(keys.get(i++ % KEYS)));
              reads.incrementAndGet();
            }
          }, Executors.newSingleThread());
          processes.startWriters();
          for (JvmProcess writer : writers) {
            WatchProcesses.awaitDone(writer, WITHIN);
          }
          reading.set(false);
          reader.get(WITHIN.toSeconds(), TimeUnit.SECONDS);

          // The last write, after every writer's: once the watch has it, so has the cache.
          Stages.result(store.set("k:end", "end", Duration.ofSeconds(20)));
          sentinel.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
        Map<String, String> managerState = Stages.result(store.getAll(keys, String.class));
        for (String key : keys) {
          assertEquals(Optional.ofNullable(managerState.get(key)), Stages.result(cache.get(key)),
              "the near cache's answer for " + key);
        }
        long hitsBefore = cache.stats().hits();
        long missesBefore = cache.stats().misses();
        for (String key : keys) {
          assertEquals(Optional.ofNullable(managerState.get(key)), Stages.result(cache.get(key)));
        }
        NearCache.Stats stats = cache.stats();
        System.out.println("NearCacheAcrossProcessesTest: " + reads.get()
            + " reads while writing; " + stats);
        assertEquals(missesBefore, stats.misses(), "the second pass went to the manager");
        assertEquals(hitsBefore + KEYS, stats.hits());
        assertTrue(stats.invalidations() > 0, "the writers' changes reached the cache");
      }
    }
  }

  /** A daemon thread for the reader, so a failed test leaves nothing running. */
  private static final class Executors {
    static java.util.concurrent.Executor newSingleThread() {
      return runnable -> {
        Thread thread = new Thread(runnable, "near-cache-reader");
        thread.setDaemon(true);
        thread.start();
      };
    }
  }
}
