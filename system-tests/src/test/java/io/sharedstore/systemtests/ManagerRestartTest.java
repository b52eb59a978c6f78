package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreTimeoutException;
import io.sharedstore.demo.ManagerProcess;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A manager killed with SIGKILL and started again on the same port: the client reports the
 * outage as timeouts, then the same client reaches the new manager, which starts empty.
 */
class ManagerRestartTest {

  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(10);

  @Test
  void sameClientWorksAgainAfterTheManagerIsKilledAndRestarted() throws Exception {
    int port = FreePort.pick();
    try (ManagerProcess first = Managers.start(port);
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      StoreClient store = cluster.store();
      // The first call also opens the connection: give it room on a loaded machine.
      Stages.result(store.set("before-kill", 1, Duration.ofSeconds(20)));
      assertEquals(Optional.of(1), Stages.result(store.get("before-kill", Integer.class)));

      first.jvm().kill();
      assertFalse(first.jvm().isAlive(), "the manager survived SIGKILL");

      StoreTimeoutException timeout =
          Stages.failure(
              store.get("before-kill", Integer.class, SHORT_TIMEOUT), StoreTimeoutException.class);
      assertEquals("get", timeout.operation());
      assertEquals("before-kill", timeout.key());
      assertEquals(first.address(), timeout.managerAddress());
      assertEquals(SHORT_TIMEOUT, timeout.timeout());
      assertTrue(
          timeout.getMessage().contains(first.address())
              && timeout.getMessage().contains("[before-kill]")
              && timeout.getMessage().contains("1000 ms"),
          timeout.getMessage());

      try (ManagerProcess second = Managers.start(port)) {
        assertEquals(first.address(), second.address());

        Optional<Duration> reconnected =
            Poll.until(RECONNECT_WITHIN, () -> answers(store, "after-restart"));

        System.out.println(
            "ManagerRestartTest: the client reached the restarted manager after "
                + reconnected.map(d -> d.toMillis() + " ms").orElse("(never)"));
        assertTrue(
            reconnected.isPresent() && reconnected.get().compareTo(RECONNECT_WITHIN) <= 0,
            "the client did not reach the restarted manager within " + RECONNECT_WITHIN
                + " (took " + reconnected.orElse(null) + ")");
        assertFalse(Stages.result(store.has("before-kill")), "data survived the restart");
        assertEquals(Optional.empty(), Stages.result(store.get("before-kill", Integer.class)));
        assertEquals(Optional.of(2), Stages.result(store.get("after-restart", Integer.class)));
      }
    }
  }

  /** One write with a short timeout: true if the manager applied it, false on a timeout. */
  private static boolean answers(StoreClient store, String key) {
    try {
      Stages.result(store.set(key, 2, SHORT_TIMEOUT));
      return true;
    } catch (AssertionError e) {
      if (e.getCause() instanceof StoreTimeoutException) {
        return false;
      }
      throw e;
    }
  }
}
