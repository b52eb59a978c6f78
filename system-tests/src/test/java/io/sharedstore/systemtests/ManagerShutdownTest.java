package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ManagerEvent;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreUnavailableException;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM stops a manager cleanly: CoordinatedShutdown runs, the store tells its clients it
 * stops (after every answer it sent), the manager prints its stopped line and the JVM exits on
 * its own. A client fails the calls it still waits for at once, instead of waiting out their
 * timeouts. (Sent with {@code kill}: {@code JvmProcess.close()} closes the
 * output pipe as it signals, so the stopped line could not be read after it.)
 */
class ManagerShutdownTest {

  /** What a JVM that ran its shutdown hooks on SIGTERM (15) exits with: 128 + 15. */
  private static final int EXIT_ON_SIGTERM = 143;

  private static final Duration EXIT_WITHIN = Duration.ofSeconds(15);

  private static final int IN_FLIGHT = 50;

  /** The client's default timeout: no call in flight may wait this long. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  @Test
  void sigtermStopsAManagerThatHadAClient() throws Exception {
    try (ManagerProcess manager = Managers.start(0)) {
      try (ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
        Stages.result(cluster.store().set("k", "v", Duration.ofSeconds(20)));
      }

      assertStopsOnSigterm(manager);
    }
  }

  @Test
  void sigtermStopsAManagerWhileAClientIsConnected() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
      Stages.result(cluster.store().set("k", "v", Duration.ofSeconds(20)));

      assertStopsOnSigterm(manager);
    }
  }

  @Test
  void sigtermTellsTheClientWhichFailsItsCallsInFlightAtOnce() throws Exception {
    List<ManagerEvent> events = new CopyOnWriteArrayList<>();
    // A heartbeat timeout longer than the test: only the manager's notice can make it unreachable.
    Config patientHeartbeat =
        ConfigFactory.parseString("shared-store.client.heartbeat-timeout = 60s")
            .withFallback(ConfigFactory.load());
    try (ManagerProcess manager = Managers.start(0);
        ClusterClient cluster = ClusterClient.connect(1, manager.address(), patientHeartbeat)) {
      cluster.addListener(events::add);
      StoreClient store = cluster.store();
      Stages.result(store.set("k", "v", Duration.ofSeconds(20)));
      assertTrue(Poll.until(Duration.ofSeconds(20), cluster::isManagerReachable).isPresent());

      // Keeps up to IN_FLIGHT increments in flight until the client learns the manager stops.
      List<CompletableFuture<Long>> calls = new CopyOnWriteArrayList<>();
      Semaphore slots = new Semaphore(IN_FLIGHT);
      Thread load =
          new Thread(
              () -> {
                while (cluster.isManagerReachable()) {
                  slots.acquireUninterruptibly();
                  CompletableFuture<Long> call = store.increment("n", 1).toCompletableFuture();
                  call.whenComplete((value, error) -> slots.release());
                  calls.add(call);
                }
              },
              "shutdown-load");
      load.start();
      Poll.until(Duration.ofSeconds(20), () -> calls.size() > 5 * IN_FLIGHT);

      long sigtermAt = System.currentTimeMillis();
      manager.jvm().signal("TERM");
      load.join(EXIT_WITHIN.toMillis());

      long ok = 0;
      long unavailable = 0;
      for (CompletableFuture<Long> call : calls) {
        try {
          call.get(EXIT_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
          ok++;
        } catch (ExecutionException e) {
          StoreUnavailableException u = assertInstanceOf(StoreUnavailableException.class, e.getCause());
          assertTrue(u.getMessage().contains("shutting down"), u.getMessage());
          unavailable++;
        }
      }
      System.out.println("ManagerShutdownTest: " + ok + " calls answered, " + unavailable
          + " failed as unavailable (shutting down), none waited out its timeout");
      ManagerEvent.Unreachable unreachable =
          events.stream().filter(ManagerEvent.Unreachable.class::isInstance)
              .map(ManagerEvent.Unreachable.class::cast).findFirst()
              .orElseThrow(() -> new AssertionError("no Unreachable event: " + events));
      assertEquals("the manager is shutting down", unreachable.reason());
      long toldAfter = unreachable.since().toEpochMilli() - sigtermAt;
      System.out.println("ManagerShutdownTest: the client knew " + toldAfter + " ms after SIGTERM");
      assertTrue(toldAfter < CALL_TIMEOUT.toMillis(), "told after " + toldAfter + " ms");
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
