package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three writer JVMs make random sets and deletes on 1,000 keys while two watcher JVMs (one with a
 * listener, one with the Pekko Streams source) watch {@code *} from before the first write: each
 * watcher gets every revision once, in order, with no gap; every acknowledged write once, each
 * writer's in the order it made them; and replaying its events gives exactly the manager's
 * final state.
 */
class WatchAcrossProcessesTest {

  static final int KEYS = 1_000;
  private static final int WRITERS = 3;
  private static final int CHAINS = 4;
  private static final int OPS_PER_CHAIN = 600;
  private static final int DELETE_PERCENT = 10;
  private static final List<String> MODES = List.of("listener", "source");
  private static final Duration WRITERS_WITHIN = Duration.ofSeconds(60);
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void everyWatcherSeesEveryAcknowledgedWriteOnceInOrderAndReplaysToTheManagersState()
      throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        WatchProcesses processes = new WatchProcesses(dir)) {
      List<JvmProcess> watchers = new ArrayList<>();
      for (int i = 0; i < MODES.size(); i++) {
        watchers.add(processes.startWatcher(manager.address(), 11 + i, MODES.get(i), List.of()));
      }
      List<JvmProcess> writers = new ArrayList<>();
      for (int id = 1; id <= WRITERS; id++) {
        writers.add(processes.startWriter(manager.address(), id, KEYS, CHAINS, OPS_PER_CHAIN,
            DELETE_PERCENT, 0));
      }
      List<Long> started = WatchProcesses.awaitStartedAndReady(watchers, writers);
      long begin = System.nanoTime();
      processes.startWriters();
      for (JvmProcess writer : writers) {
        WatchProcesses.awaitDone(writer, WRITERS_WITHIN);
      }
      System.out.println("WatchAcrossProcessesTest: " + WRITERS * CHAINS * OPS_PER_CHAIN
          + " calls in " + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");

      try (ClusterClient cluster = ClusterClient.connect(20, manager.address())) {
        StoreClient store = cluster.store();
        Stages.result(store.set("sentinel:end", "end", Duration.ofSeconds(20)));
        for (JvmProcess watcher : watchers) {
          WatchProcesses.awaitSaw(watcher, "sentinel:end", SEEN_WITHIN);
        }
        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "k:" + i).toList();
        Map<String, String> managerState = new TreeMap<>(
            Stages.result(store.getAll(keys, String.class)));

        List<WatchRecords.Op> ops = new ArrayList<>();
        for (int id = 1; id <= WRITERS; id++) {
          ops.addAll(WatchRecords.ops(processes.writerFile(id), id));
        }
        assertEquals(WRITERS * CHAINS * OPS_PER_CHAIN, ops.size());
        assertTrue(ops.stream().allMatch(op -> op.status() == 'A'),
            "a call failed with the manager up: "
                + ops.stream().filter(op -> op.status() != 'A').limit(5).toList());
        for (int i = 0; i < watchers.size(); i++) {
          String who = watchers.get(i).name() + " (" + MODES.get(i) + ")";
          List<WatchRecords.Event> events = WatchRecords.events(processes.watcherFile(11 + i));
          System.out.println("WatchAcrossProcessesTest: " + who + " got " + events.size()
              + " events after revision " + started.get(i));
          assertEquals(List.of(), WatchRecords.resets(events), who);
          WatchRecords.assertContiguous(who, started.get(i), events);
          WatchRecords.assertEveryWriteOnce(who, events, ops);
          assertEquals(managerState, WatchRecords.replay(events),
              who + ": the replayed events differ from the manager's getAll");
        }
      }
    }
  }
}
