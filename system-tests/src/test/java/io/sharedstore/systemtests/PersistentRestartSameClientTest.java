package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ManagerEvent;
import io.sharedstore.cluster.StoreClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager with a data directory stopped with SIGTERM and started again on the same directory
 * and port: the same {@link ClusterClient} reaches it again on its own (Artery quarantines a
 * gracefully stopped incarnation on the client's side, so the client must ping past it), hears
 * {@code Reachable}, never {@code Restarted} (the epoch survives with the data), and reads what it
 * wrote before the stop.
 */
class PersistentRestartSameClientTest {

  private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  @Test
  void theSameClientCarriesOnAcrossASigtermRestartAndSeesNoRestart() throws Exception {
    int port = FreePort.pick();
    List<ManagerEvent> events = new CopyOnWriteArrayList<>();
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, List.of());
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      cluster.addListener(events::add);
      StoreClient store = cluster.store();
      // The first call also opens the connection: give it room on a loaded machine.
      Stages.result(store.set("before-stop", 1, Duration.ofSeconds(20)));
      assertTrue(Poll.until(RECONNECT_WITHIN, cluster::isManagerReachable).isPresent());
      assertEquals(PersistentManager.EXIT_ON_SIGTERM, first.terminate());
      assertTrue(Poll.until(RECONNECT_WITHIN, () -> !cluster.isManagerReachable()).isPresent(),
          "the client never noticed the stop");

      try (PersistentManager second =
          PersistentManager.start("manager-2", port, dataDir, List.of())) {
        Optional<Duration> back = Poll.until(RECONNECT_WITHIN, cluster::isManagerReachable);
        System.out.println("PersistentRestartSameClientTest: the same client reached the"
            + " restarted manager after " + back.map(d -> d.toMillis() + " ms").orElse("(never)"));
        assertTrue(back.isPresent(), "the same client did not reach the manager restarted on "
            + second.address() + " within " + RECONNECT_WITHIN + ": " + events);
        assertEquals(Optional.of(1), Stages.result(store.get("before-stop", Integer.class)));
        Stages.result(store.set("after-restart", 2));
        assertTrue(Poll.until(Duration.ofSeconds(5), () -> events.size() >= 3).isPresent(),
            events.toString());
        assertInstanceOf(ManagerEvent.Reachable.class, events.get(0));
        assertInstanceOf(ManagerEvent.Unreachable.class, events.get(1));
        assertEquals(new ManagerEvent.Reachable(first.address()), events.get(2), events.toString());
        assertTrue(events.stream().noneMatch(ManagerEvent.Restarted.class::isInstance),
            "the data and its epoch survived, yet: " + events);
      }
    }
  }
}
