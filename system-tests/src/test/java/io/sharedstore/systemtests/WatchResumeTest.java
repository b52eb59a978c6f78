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
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches across a frozen manager, then across a restarted one. Three writer JVMs write while
 * two watcher JVMs watch {@code *}; the manager is frozen (SIGSTOP) for 3 s under that load, long
 * enough that every client finds it unreachable, and resumed (SIGCONT): each watcher resumes on
 * its own with no gap, duplicate or reset (every revision once, in order; every acknowledged
 * write once; the replay equals the manager's state). Then the manager is killed and a new one,
 * without persistence, starts on the same port: each watcher delivers {@code
 * Reset(EPOCH_CHANGED)} and then exactly the new store's changes.
 */
class WatchResumeTest {

  private static final int KEYS = WatchAcrossProcessesTest.KEYS;
  private static final int WRITERS = 3;
  private static final int CHAINS = 4;
  private static final int DELETE_PERCENT = 10;
  private static final List<String> MODES = List.of("listener", "source");
  private static final Duration FROZEN = Duration.ofSeconds(3);
  private static final long PROGRESS = 200;
  private static final int AFTER_RESTART = 50;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern UNREACHABLE = Pattern.compile("^WATCH-MANAGER Unreachable");
  private static final Pattern REACHABLE = Pattern.compile("^WATCH-MANAGER Reachable");

  @TempDir Path dir;

  @Test
  void watchersResumeAcrossAFreezeWithNothingLostOrRepeatedAndResetOnANewEpoch()
      throws Exception {
    int port = FreePort.pick();
    ManagerProcess manager = Managers.start(port);
    ManagerProcess second = null;
    try (WatchProcesses processes = new WatchProcesses(dir)) {
      List<JvmProcess> watchers = new ArrayList<>();
      for (int i = 0; i < MODES.size(); i++) {
        watchers.add(processes.startWatcher(manager.address(), 11 + i, MODES.get(i), List.of()));
      }
      List<JvmProcess> writers = new ArrayList<>();
      for (int id = 1; id <= WRITERS; id++) {
        writers.add(processes.startWriter(manager.address(), id, KEYS, CHAINS, 0,
            DELETE_PERCENT, 0));
      }
      List<Long> started = WatchProcesses.awaitStartedAndReady(watchers, writers);
      processes.startWriters();
      awaitProgress(writers, PROGRESS);

      List<Integer> marks = watchers.stream().map(LoadWorkers::mark).toList();
      long frozenAt = System.nanoTime();
      manager.jvm().signal("STOP");
      try {
        for (int i = 0; i < watchers.size(); i++) {
          LoadWorkers.awaitAfter(watchers.get(i), marks.get(i), UNREACHABLE, WAIT);
        }
        long left = FROZEN.toNanos() - (System.nanoTime() - frozenAt);
        if (left > 0) {
          Thread.sleep(left / 1_000_000); // the freeze's length is the test's input, not a wait
        }
      } finally {
        manager.jvm().signal("CONT");
      }
      for (int i = 0; i < watchers.size(); i++) {
        LoadWorkers.awaitAfter(watchers.get(i), marks.get(i), REACHABLE, WAIT);
      }
      awaitProgress(writers, PROGRESS);
      List<WatchRecords.Op> ops = processes.stopWritersAndReadOps(writers, WAIT);
      try (ClusterClient cluster = ClusterClient.connect(20, manager.address())) {
        StoreClient store = cluster.store();
        Stages.result(store.set("sentinel:resumed", "1", Duration.ofSeconds(20)));
        for (JvmProcess watcher : watchers) {
          WatchProcesses.awaitSaw(watcher, "sentinel:resumed", WAIT);
        }
        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "k:" + i).toList();
        Map<String, String> managerState =
            new TreeMap<>(Stages.result(store.getAll(keys, String.class)));
        for (int i = 0; i < watchers.size(); i++) {
          String who = watchers.get(i).name() + " (" + MODES.get(i) + ")";
          List<WatchRecords.Event> events = WatchRecords.events(processes.watcherFile(11 + i));
          System.out.println("WatchResumeTest: " + who + " got " + events.size()
              + " events across the freeze; the writers' calls: " + statuses(ops));
          assertEquals(List.of(), WatchRecords.resets(events), who + " across the freeze");
          WatchRecords.assertContiguous(who, started.get(i), events);
          WatchRecords.assertEveryWriteOnce(who, events, ops);
          assertEquals(managerState, WatchRecords.replay(events),
              who + ": the replayed events differ from the manager's getAll");
        }

        List<Integer> beforeKill = watchers.stream().map(LoadWorkers::mark).toList();
        manager.jvm().kill();
        second = Managers.start(port);
        for (int i = 0; i < watchers.size(); i++) {
          LoadWorkers.awaitAfter(watchers.get(i), beforeKill.get(i),
              Pattern.compile("^WATCH-RESET revision=\\d+ reason=EPOCH_CHANGED"), WAIT);
        }
        // awaitReachable fails at once while this client still holds the old manager for
        // unreachable: wait for its heartbeat to reach the new one.
        assertTrue(Poll.until(WAIT, cluster::isManagerReachable).isPresent(),
            "the test's client never reached the restarted manager");
        for (int i = 0; i < AFTER_RESTART; i++) {
          Stages.result(store.set("k:" + i, "after-" + i));
        }
        Stages.result(store.set("sentinel:restarted", "2"));
        for (JvmProcess watcher : watchers) {
          WatchProcesses.awaitSaw(watcher, "sentinel:restarted", WAIT);
        }
        for (int i = 0; i < watchers.size(); i++) {
          String who = watchers.get(i).name() + " (" + MODES.get(i) + ")";
          List<WatchRecords.Event> events = WatchRecords.events(processes.watcherFile(11 + i));
          List<WatchRecords.Event> before = WatchRecords.beforeReset(events, "EPOCH_CHANGED");
          List<WatchRecords.Event> after = events.subList(before.size(), events.size());
          System.out.println("WatchResumeTest: " + who + " after the restart: " + after.get(0)
              + " and " + (after.size() - 1) + " changes");
          assertEquals(List.of(after.get(0)), WatchRecords.resets(events),
              who + ": one reset, of the new epoch");
          WatchRecords.assertContiguous(who, started.get(i), events);
          List<String> changes = after.subList(1, after.size()).stream()
              .map(e -> e.kind() + " " + e.key() + " " + e.value()).toList();
          List<String> expected = new ArrayList<>();
          for (int k = 0; k < AFTER_RESTART; k++) {
            expected.add("C k:" + k + " after-" + k);
          }
          expected.add("C sentinel:restarted 2");
          assertEquals(expected, changes, who + ": the new store's changes");
        }
      }
    } finally {
      manager.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** Waits until each writer acknowledged {@code calls} more than it had. */
  private static void awaitProgress(List<JvmProcess> writers, long calls)
      throws InterruptedException {
    List<Long> from = writers.stream().map(WatchProcesses::acknowledged).toList();
    boolean progressed = Poll.until(WAIT, () -> IntStream.range(0, writers.size())
        .allMatch(i -> WatchProcesses.acknowledged(writers.get(i)) >= from.get(i) + calls))
        .isPresent();
    assertTrue(progressed, "the writers made no progress: "
        + writers.stream().map(w -> w.name() + ": " + w.tail(3)).toList());
  }

  private static String statuses(List<WatchRecords.Op> ops) {
    return "acknowledged=" + ops.stream().filter(op -> op.status() == 'A').count()
        + " unknown=" + ops.stream().filter(op -> op.status() == 'U').count()
        + " failed=" + ops.stream().filter(op -> op.status() == 'F').count();
  }
}
