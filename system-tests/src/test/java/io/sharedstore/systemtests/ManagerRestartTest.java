package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ManagerEvent;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreUnavailableException;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A manager killed with SIGKILL and started again on the same port: the client finds it
 * unreachable and fails calls at once, naming the manager and since when; then the same client,
 * addressing the store by path without a uid, reaches the new manager, which starts empty, and
 * its listener hears of the restart.
 */
class ManagerRestartTest {

  /**
   * Loose on purpose: one client on a loaded machine; ManagerKilledUnderLoadTest holds the 2 s
   * bound, measured from the kill, for three cluster JVMs.
   */
  private static final Duration DETECT_WITHIN = Duration.ofSeconds(5);
  private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(10);
  /** Generous for a loaded machine; what is checked is that no call waits out a timeout. */
  private static final Duration FAST = Duration.ofMillis(500);

  @Test
  void sameClientWorksAgainAfterTheManagerIsKilledAndRestarted() throws Exception {
    int port = FreePort.pick();
    List<ManagerEvent> events = new CopyOnWriteArrayList<>();
    try (ManagerProcess first = Managers.start(port);
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      cluster.addListener(events::add);
      StoreClient store = cluster.store();
      // The first call also opens the connection: give it room on a loaded machine.
      Stages.result(store.set("before-kill", 1, Duration.ofSeconds(20)));
      assertEquals(Optional.of(1), Stages.result(store.get("before-kill", Integer.class)));
      assertTrue(Poll.until(Duration.ofSeconds(20), cluster::isManagerReachable).isPresent());

      first.jvm().kill();
      assertFalse(first.jvm().isAlive(), "the manager survived SIGKILL");
      Optional<Duration> detected = Poll.until(DETECT_WITHIN, () -> !cluster.isManagerReachable());
      System.out.println("ManagerRestartTest: found unreachable " + detected.map(Duration::toMillis).orElse(null) + " ms after the kill returned");
      assertTrue(detected.isPresent() && detected.get().compareTo(DETECT_WITHIN) <= 0,
          "not found unreachable within " + DETECT_WITHIN + ": " + detected);

      long start = System.nanoTime();
      StoreUnavailableException unavailable =
          Stages.failure(store.get("before-kill", Integer.class), StoreUnavailableException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(FAST) < 0, "a call took " + took + " to fail");
      assertEquals("get", unavailable.operation());
      assertEquals("before-kill", unavailable.key());
      assertEquals(first.address(), unavailable.managerAddress());
      assertFalse(unavailable.mayHaveBeenApplied());
      for (String part :
          List.of("get", "[before-kill]", first.address(), unavailable.unreachableSince().toString())) {
        assertTrue(unavailable.getMessage().contains(part), unavailable.getMessage() + " lacks " + part);
      }

      try (ManagerProcess second = Managers.start(port)) {
        assertEquals(first.address(), second.address());

        Optional<Duration> reconnected = Poll.until(RECONNECT_WITHIN, cluster::isManagerReachable);
        System.out.println(
            "ManagerRestartTest: the client reached the restarted manager after "
                + reconnected.map(d -> d.toMillis() + " ms").orElse("(never)"));
        assertTrue(
            reconnected.isPresent(),
            "the client did not reach the restarted manager within " + RECONNECT_WITHIN);
        Stages.result(store.set("after-restart", 2));
        assertFalse(Stages.result(store.has("before-kill")), "data survived the restart");
        assertEquals(Optional.of(2), Stages.result(store.get("after-restart", Integer.class)));
        assertTrue(Poll.until(Duration.ofSeconds(5), () -> events.size() >= 4).isPresent(), events.toString());
        assertInstanceOf(ManagerEvent.Reachable.class, events.get(0));
        assertInstanceOf(ManagerEvent.Unreachable.class, events.get(1));
        ManagerEvent.Restarted restarted = assertInstanceOf(ManagerEvent.Restarted.class, events.get(2));
        assertEquals(first.address(), restarted.managerAddress());
        assertFalse(restarted.previousEpoch().equals(restarted.newEpoch()));
        assertEquals(new ManagerEvent.Reachable(first.address()), events.get(3));
      }
    }
  }
}
