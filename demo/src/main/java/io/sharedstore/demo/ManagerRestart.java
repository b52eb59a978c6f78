package io.sharedstore.demo;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * {@code demo --restart-manager}: once every cluster node is connected and they have run for a
 * while, the demo reads the store through a probe of its own ({@link SurvivalProbe}), stops the
 * manager with SIGTERM, starts a new one on the same data directory and port, and reads the store
 * again, while the cluster nodes carry on (their calls fail during the gap and are counted). It
 * measures how long the stop and the start took and how long the manager was down.
 */
final class ManagerRestart {

  /** Starts a manager on the given port with the demo's data directory. */
  @FunctionalInterface
  interface ManagerStarter {
    ManagerProcess start(int port) throws TimeoutException, InterruptedException;
  }

  /** What a JVM that ran its shutdown hooks on SIGTERM (15) exits with: 128 + 15. */
  static final int EXIT_ON_SIGTERM = 143;

  /**
   * The manager's line once its data is loaded (DurableStart's "Serving from"): entries,
   * revision, epoch, snapshot, logs, log bytes and the load time.
   */
  static final Pattern LOADED =
      Pattern.compile("Serving from (\\S+): (\\d+) entries, revision (\\d+), epoch ([^,\\s]+),"
          + " snapshot (\\S+), logs (.+?) \\((\\d+) bytes\\); loaded in (\\d+) ms");

  private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
  private static final Duration ANSWER_AGAIN_WITHIN = Duration.ofSeconds(60);
  /** The demo's probe: an id no cluster node of the demo has. */
  private static final int PROBE_ID = 0;
  private static final long POLL_MILLIS = 50;

  private ManagerRestart() {}

  /**
   * Restarts {@code first} mid-run and answers what happened; the new manager is in {@code
   * started} (the old one is forgotten there once it exited).
   *
   * @param connectWithin how long the cluster nodes may take to connect
   * @param loadBeforeStop how long after the first node connected the stop comes (later if the
   *     last node connects later)
   * @throws IllegalStateException if a node failed before it connected, the manager did not exit
   *     after SIGTERM, or the probe could not read the store
   */
  static RestartReport run(
      ManagerProcess first, ManagerStarter starter, StartedProcesses started,
      List<ClusterNodeProcess> nodes, Duration connectWithin, Duration loadBeforeStop,
      PrintStream out) throws InterruptedException, TimeoutException {
    LoggerFactory.getILoggerFactory(); // before Pekko logs from several threads at once
    try (ClusterClient probeClient = ClusterClient.connect(PROBE_ID, first.address())) {
      SurvivalProbe probe = new SurvivalProbe(probeClient.store());
      long firstConnected = awaitConnected(first, nodes, connectWithin);
      long stopAt = firstConnected + loadBeforeStop.toNanos();
      long wait = stopAt - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
      }
      SurvivalProbe.Before before = probe.before();

      out.println("Stopping the manager with SIGTERM "
          + millis(System.nanoTime() - firstConnected) + " ms after the first cluster connected"
          + " (every cluster connected)");
      long stopSent = System.nanoTime();
      try {
        first.jvm().signal("TERM");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot send SIGTERM to the manager: " + e, e);
      }
      Optional<Integer> exit = first.jvm().waitFor(STOP_WITHIN);
      if (exit.isEmpty()) {
        throw new IllegalStateException("the manager did not exit within " + STOP_WITHIN
            + " of SIGTERM; its last output:\n" + first.jvm().tail(15));
      }
      long exited = System.nanoTime();
      started.stop(first);

      ManagerProcess second = started.add(starter.start(first.port()));
      long listening = System.nanoTime();
      out.println("Manager listening again on " + second.address() + " ("
          + millis(listening - exited) + " ms after the old one exited)");
      long answered = awaitAnswering(probeClient, second);
      SurvivalProbe.After after = probe.after(before);
      return new RestartReport(
          second,
          exit.get(),
          millis(exited - stopSent),
          millis(listening - exited),
          millis(listening - stopSent),
          millis(answered - stopSent),
          loaded(first),
          loaded(second),
          SurvivalCheck.of(before, after));
    }
  }

  /**
   * Waits until the manager logged every node's client as connected; answers when the first
   * was seen (on {@code System.nanoTime()}).
   */
  private static long awaitConnected(
      ManagerProcess manager, List<ClusterNodeProcess> nodes, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Map<ClusterNodeProcess, Pattern> waiting = new LinkedHashMap<>();
    for (ClusterNodeProcess node : nodes) {
      waiting.put(node,
          Pattern.compile("Client of cluster \\[" + node.clusterId() + "\\] .*connected"));
    }
    long firstSeen = 0;
    while (true) {
      waiting.values().removeIf(connected -> manager.jvm().findLine(connected).isPresent());
      if (firstSeen == 0 && waiting.size() < nodes.size()) {
        firstSeen = System.nanoTime();
      }
      if (waiting.isEmpty()) {
        return firstSeen;
      }
      for (ClusterNodeProcess node : waiting.keySet()) {
        if (!node.isAlive()) {
          // Its report (or its failure) says why; awaitReport throws with its last output.
          node.awaitReport(Duration.ZERO);
          throw new IllegalStateException(node.name() + " ended before it connected");
        }
      }
      if (!manager.jvm().isAlive()) {
        throw new IllegalStateException("the manager stopped before every cluster connected;"
            + " its last output:\n" + manager.jvm().tail(15));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(waiting.keySet() + " did not connect within "
            + within.toSeconds() + " s; the manager's last output:\n" + manager.jvm().tail(15));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Waits until the probe's client finds the manager reachable again; answers when. */
  private static long awaitAnswering(ClusterClient probeClient, ManagerProcess manager)
      throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER_AGAIN_WITHIN.toNanos();
    while (!probeClient.isManagerReachable()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the restarted manager did not answer the demo's probe"
            + " within " + ANSWER_AGAIN_WITHIN.toSeconds() + " s; its last output:\n"
            + manager.jvm().tail(20));
      }
      Thread.sleep(POLL_MILLIS / 5);
    }
    return System.nanoTime();
  }

  private static Optional<RestartReport.Loaded> loaded(ManagerProcess manager) {
    return manager.jvm().findLine(LOADED).map(RestartReport.Loaded::of);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
