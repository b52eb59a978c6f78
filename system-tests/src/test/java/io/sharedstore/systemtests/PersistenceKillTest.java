package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.systemtests.AcknowledgedSets.Ack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager with a data directory SIGKILLed while writer threads set keys, then started again on
 * the same directory and port: with {@code fsync = always} every acknowledged set is there; with
 * {@code everysec} every set acknowledged more than 2 s before the kill is (how many of the last
 * 2 s were lost is printed; the manager hands each change to the OS before it answers, so a
 * process kill, unlike a machine crash, is expected to lose none of them either).
 */
class PersistenceKillTest {

  private static final int WRITERS = 8;
  private static final Duration LOAD = Duration.ofSeconds(3);
  private static final Duration EVERYSEC_WINDOW = Duration.ofSeconds(2);
  private static final int MIN_ACKS = 100;

  @TempDir Path dataDir;

  @Test
  void withFsyncAlwaysNoAcknowledgedSetIsLostToAKill() throws Exception {
    List<Ack> lost = killUnderLoad("always");
    assertEquals(List.of(), lost.subList(0, Math.min(20, lost.size())),
        lost.size() + " acknowledged sets lost with fsync=always");
  }

  @Test
  void withFsyncEverysecNoSetAcknowledgedOver2sBeforeTheKillIsLost() throws Exception {
    killUnderLoad("everysec");
  }

  /** Runs the load, kills and restarts the manager; answers the acknowledged sets lost. */
  private List<Ack> killUnderLoad(String fsync) throws Exception {
    int port = FreePort.pick();
    List<String> options = List.of("-Dshared-store.persistence.fsync=" + fsync);
    AcknowledgedSets sets;
    List<Ack> acks;
    long killedAt;
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      // The first call opens the connection: give it room on a loaded machine.
      Stages.result(cluster.store().set("warm-up", 0, Duration.ofSeconds(20)));
      sets = AcknowledgedSets.start(cluster.store(), WRITERS);
      try {
        Thread.sleep(LOAD.toMillis()); // the load's length, not a wait for a condition
        killedAt = System.nanoTime();
        first.jvm().kill();
        assertFalse(first.jvm().isAlive(), "the manager survived SIGKILL");
      } finally {
        sets.stop();
      }
      acks = sets.acks();
    }
    assertTrue(acks.size() >= MIN_ACKS, "too few acknowledged sets to prove anything: " + acks.size());

    try (PersistentManager second = PersistentManager.start("manager-2", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(2, second.address())) {
      // The first call opens the connection: give it room on a loaded machine.
      Stages.result(cluster.store().has("warm-up", Duration.ofSeconds(20)));
      List<Ack> lost = sets.lost(cluster.store());
      long windowStart = killedAt - EVERYSEC_WINDOW.toNanos();
      List<Ack> lostEarly = lost.stream().filter(a -> a.ackNanos() < windowStart).toList();
      long inWindow = acks.stream().filter(a -> a.ackNanos() >= windowStart).count();
      System.out.printf("PersistenceKillTest fsync=%s: %d sets acknowledged (%d in the last %d s"
              + " before the kill), %d calls failed at the kill; lost %d, of them %d acknowledged"
              + " over %d s before the kill%n",
          fsync, acks.size(), inWindow, EVERYSEC_WINDOW.toSeconds(), sets.failures(), lost.size(),
          lostEarly.size(), EVERYSEC_WINDOW.toSeconds());
      assertEquals(List.of(), lostEarly.subList(0, Math.min(20, lostEarly.size())),
          lostEarly.size() + " sets acknowledged over 2 s before the kill were lost");
      return lost;
    }
  }
}
