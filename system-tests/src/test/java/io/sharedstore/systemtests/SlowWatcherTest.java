package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.testsupport.HeapSampler;
import io.sharedstore.testsupport.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher JVM whose consumer pulls nothing (a {@code watchSource} run into a queue nobody
 * reads) while a writer JVM writes far more than the manager's watch buffer and history hold:
 * the manager's live heap (after a full GC, sampled from outside while the writes run) grows by
 * what the store and its bounded history hold, not by what the watcher has not consumed; the
 * manager sent the watcher at most {@code shared-store.watch.buffer} events; and once the
 * watcher consumes it gets {@code Reset(OVERFLOW)} (then, as its history has moved on, {@code
 * Reset(GAP)}) and goes on with every change after the reset.
 */
class SlowWatcherTest {

  private static final int BUFFER = 500;
  /**
   * The held stream's {@code Sink.queue} pulls, and so acknowledges, up to its input buffer (16
   * by default) before its consumer starts: an acknowledgement the client sends with a progress
   * notice covers those, and the manager may then send {@link #BUFFER} events past them (seen in
   * CI: 503 before the overflow).
   */
  private static final int PREFETCHED = 16;
  private static final int HISTORY = 2_000;
  private static final long HISTORY_MAX_BYTES = 4L << 20;
  private static final int KEYS = 1_000;
  private static final int CHAINS = 16;
  private static final int OPS_PER_CHAIN = 2_500;
  private static final int VALUE_CHARS = 2_048;
  /**
   * What the manager may grow by: the store (1,000 keys of about 2 KiB), the history (at most
   * {@link #HISTORY_MAX_BYTES}) and room for the runtime's own (remoting buffers, collector
   * noise). Holding what the watcher did not consume would take about 80 MiB (40,000 values of
   * 2 KiB).
   */
  private static final long GROWTH_BOUND_KIB = 16 * 1024;
  /** Changes made once the watcher consumes again. */
  private static final int AFTER = 100;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aWatcherThatConsumesNothingCostsTheManagerABoundedHeapAndGetsAnOverflowResetLater()
      throws Exception {
    List<String> watchSettings = List.of(
        "-Dshared-store.watch.buffer=" + BUFFER,
        "-Dshared-store.watch.history=" + HISTORY,
        "-Dshared-store.watch.history-max-bytes=" + HISTORY_MAX_BYTES);
    List<String> managerOptions = new ArrayList<>(JvmProcess.javaOptsFromEnvironment());
    managerOptions.addAll(watchSettings);
    try (JvmProcess manager = ManagerJvm.start("manager", managerOptions,
            List.of("--host", "127.0.0.1", "--port", "0"));
        WatchProcesses processes = new WatchProcesses(dir)) {
      String address = ManagerJvm.awaitListening(manager);
      JvmProcess watcher = processes.startWatcher(address, 11, "held", watchSettings);
      JvmProcess writer =
          processes.startWriter(address, 1, KEYS, CHAINS, OPS_PER_CHAIN, 0, VALUE_CHARS);
      long started = WatchProcesses.awaitStarted(watcher);
      WatchProcesses.awaitReady(writer);

      HeapSampler heap = new HeapSampler(manager.pid());
      long baseline = heap.usedAfterGcKib();
      processes.startWriters();
      List<Long> samples = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (writer.isAlive() && System.nanoTime() - deadline < 0) {
        samples.add(heap.usedAfterGcKib());
      }
      WatchProcesses.awaitDone(writer, WAIT);
      samples.add(heap.usedAfterGcKib());
      long peak = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
      System.out.println("SlowWatcherTest: manager heap after GC " + baseline
          + " KiB before the writes, while and after them " + samples + " KiB");
      assertTrue(peak - baseline <= GROWTH_BOUND_KIB, "the manager grew by "
          + (peak - baseline) + " KiB for a watcher that consumes nothing; bound "
          + GROWTH_BOUND_KIB + " KiB; samples " + samples);

      processes.go();
      WatchProcesses.awaitReset(watcher, "OVERFLOW", WAIT);
      try (ClusterClient cluster = ClusterClient.connect(20, address)) {
        Stages.result(cluster.store().set("k:0", "after", Duration.ofSeconds(20)));
        for (int i = 1; i < AFTER; i++) {
          Stages.result(cluster.store().set("k:" + i, "after"));
        }
        Stages.result(cluster.store().set("sentinel:after", "1"));
      }
      WatchProcesses.awaitSaw(watcher, "sentinel:after", WAIT);

      List<WatchRecords.Event> events = WatchRecords.events(processes.watcherFile(11));
      List<WatchRecords.Event> resets = WatchRecords.resets(events);
      System.out.println("SlowWatcherTest: " + events.size() + " events, resets " + resets);
      List<String> reasons = resets.stream().map(WatchRecords.Event::key).toList();
      assertTrue(reasons.equals(List.of("OVERFLOW")) || reasons.equals(List.of("OVERFLOW", "GAP")),
          "resets: " + resets);
      int beforeOverflow = events.indexOf(resets.get(0));
      assertTrue(beforeOverflow > 0 && beforeOverflow <= BUFFER + PREFETCHED,
          beforeOverflow + " events before the overflow; the buffer is " + BUFFER
              + ", the held stream prefetches at most " + PREFETCHED);
      WatchRecords.assertContiguous(watcher.name(), started, events);
      List<String> afterResets = events.subList(events.indexOf(resets.get(resets.size() - 1)) + 1,
          events.size()).stream().map(WatchRecords.Event::key).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < AFTER; i++) {
        expected.add("k:" + i);
      }
      expected.add("sentinel:after");
      assertEquals(expected, afterResets, "the changes after the resets");
    }
  }
}
