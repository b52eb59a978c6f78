package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.demo.ManagerProcess;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM stops a manager cleanly: CoordinatedShutdown runs, the manager prints its stopped line
 * and the JVM exits on its own. (Sent with {@code kill}: {@code JvmProcess.close()} closes the
 * output pipe as it signals, so the stopped line could not be read after it.)
 */
class ManagerShutdownTest {

  /** What a JVM that ran its shutdown hooks on SIGTERM (15) exits with: 128 + 15. */
  private static final int EXIT_ON_SIGTERM = 143;

  private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);

  @Test
  void sigtermStopsAManagerThatHadAClient() throws Exception {
    try (ManagerProcess manager = Managers.start(0)) {
      try (ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
        Stages.result(cluster.store().set("k", "v"));
      }

      assertStopsOnSigterm(manager);
    }
  }

  @Test
  void sigtermStopsAManagerWhileAClientIsConnected() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
      Stages.result(cluster.store().set("k", "v"));

      assertStopsOnSigterm(manager);
    }
  }

  private static void assertStopsOnSigterm(ManagerProcess manager) throws Exception {
    manager.jvm().signal("TERM");
    Optional<Integer> exitCode = manager.jvm().waitFor(EXIT_WITHIN);

    assertTrue(
        exitCode.isPresent(),
        "still running " + EXIT_WITHIN + " after SIGTERM; last output:\n" + manager.jvm().tail(20));
    assertEquals(EXIT_ON_SIGTERM, exitCode.get(), "exit code");
    Pattern stopped =
        Pattern.compile("Shared store manager on " + Pattern.quote(manager.address()) + " stopped");
    assertTrue(
        manager.jvm().findLine(stopped).isPresent(),
        "no line matching [" + stopped + "]; output:\n" + manager.jvm().tail(20));
  }
}
