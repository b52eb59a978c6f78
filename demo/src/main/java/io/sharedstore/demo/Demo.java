package io.sharedstore.demo;

import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.RecipeReport;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The multi-process demo: starts one manager and N cluster nodes, each in its own JVM, lets the
 * nodes run the demo workload concurrently, then prints a per-cluster summary and checks the
 * global invariants. Every started process is stopped at the end, on failure and on Ctrl-C.
 *
 * <p>The recipes check and claim with atomic operations, whose invariants must hold; with {@code
 * --racy} every node also runs the seed's racy get+set / has+set recipes in the {@code racy:}
 * key namespace, whose violations are reported, never a failure.
 *
 * <p>Exit status: 0 when every process ran to the end and no atomic recipe broke its invariant, 1
 * when a process failed, printed no result or an atomic recipe broke its invariant, 2 for bad
 * flags. Run it with {@code bin/shared-store demo [--clusters 3] [--seconds 10] [--port P]
 * [--racy] [--data-dir DIR [--restart-manager]]}.
 *
 * <p>With {@code --data-dir DIR} the manager keeps its data in {@code DIR}; with {@code
 * --restart-manager} as well, the demo stops it with SIGTERM a third into the run and starts it
 * again on the same directory and port ({@link ManagerRestart}); the summary then shows what
 * survived, and the run also fails (status 1) if data written before the stop was lost or
 * changed, the epoch changed, or a cluster saw the manager {@code Restarted} or never found it
 * reachable again. The nodes then run at least long enough to go on after the restart (judged by
 * how long the manager's first start took), which may be longer than {@code --seconds}.
 */
public final class Demo {

  /** How long past its run time a cluster node may take to start, connect and report. */
  private static final Duration NODE_GRACE = Duration.ofSeconds(90);

  /** What a manager's stop on SIGTERM may take (its log fsynced, its clients told). */
  private static final Duration RESTART_STOP = Duration.ofSeconds(2);

  /** The reconnection and the load on the restarted manager the nodes should see. */
  private static final Duration RESTART_AFTER = Duration.ofSeconds(6);

  /** The conventional status of a program ended by Ctrl-C (128 + SIGINT). */
  private static final int STOPPED_BY_SIGNAL = 130;

  private Demo() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.exit(run(args, out));
  }

  /** Runs the demo with the given flags, printing to {@code out}; answers the exit status. */
  public static int run(String[] args, PrintStream out) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    }
    try {
      return run(options, ProjectLayout.locate(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (TimeoutException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static int run(DemoOptions options, ProjectLayout layout, PrintStream out)
      throws InterruptedException, TimeoutException {
    ChildJvmOptions jvmOptions = new ChildJvmOptions(layout);
    List<String> managerOptions = managerJvmOptions(jvmOptions, options);
    ManagerRestart.ManagerStarter starter =
        port -> ManagerProcess.start(layout, port, managerOptions, OutputEcho.of("manager", out));
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      long starting = System.nanoTime();
      ManagerProcess manager = started.add(starter.start(options.port()));
      Duration managerStart = Duration.ofNanos(System.nanoTime() - starting);
      int seconds = nodeSeconds(options, managerStart);
      out.println("Manager listening on " + manager.address()
          + options.dataDir().map(dir -> " (data in " + dir + ")").orElse("") + "; starting "
          + options.clusters() + " cluster nodes for " + seconds + " s"
          + (seconds > options.seconds()
              ? " (not " + options.seconds() + ": the manager took " + managerStart.toMillis()
                  + " ms to start, and the nodes must run on after its restart)"
              : ""));
      List<ClusterNodeProcess> nodes = new ArrayList<>();
      for (int id = 1; id <= options.clusters(); id++) {
        nodes.add(
            started.add(
                ClusterNodeProcess.start(layout, jvmOptions.forCluster(), id, manager.address(),
                    seconds, options.racy(), out)));
      }
      Optional<RestartReport> restart = Optional.empty();
      if (options.restartManager()) {
        restart = Optional.of(
            ManagerRestart.run(manager, starter, started, nodes, NODE_GRACE,
                loadBeforeRestart(options), out));
        manager = restart.get().manager();
      }
      Duration timeout = Duration.ofSeconds(seconds).plus(NODE_GRACE);
      List<NodeReport> reports = new ArrayList<>();
      try {
        for (ClusterNodeProcess node : nodes) {
          reports.add(node.awaitReport(timeout));
        }
      } catch (IllegalStateException e) {
        if (started.stoppedByShutdown()) {
          out.println("Stopped by a signal; every process the demo started was stopped.");
          return STOPPED_BY_SIGNAL;
        }
        throw e;
      }
      if (!manager.jvm().isAlive()) {
        throw new IllegalStateException(
            "the manager stopped before the end; its last output:\n" + manager.jvm().tail(15));
      }
      SummaryTable.print(reports, out);
      restart.ifPresent(r -> r.print(options.dataDir().orElseThrow(), reports, out));
      List<RecipeCheck> checks = InvariantChecks.check(reports);
      InvariantChecks.print(checks, out);
      boolean held = atomicRecipesHeld(checks, out);
      List<String> restartFailures =
          restart.map(r -> r.failures(reports)).orElse(List.of());
      restartFailures.forEach(failure -> out.println("FAILED: restart: " + failure));
      return held && restartFailures.isEmpty() ? 0 : 1;
    }
  }

  /** The manager's JVM options: with a data directory, persistence on in it. */
  private static List<String> managerJvmOptions(ChildJvmOptions jvmOptions, DemoOptions options) {
    List<String> managerOptions = new ArrayList<>(jvmOptions.standard());
    // Last, so it wins over $JAVA_OPTS, as the manager's own --data-dir would.
    options.dataDir().ifPresent(
        dir -> managerOptions.add("-Dshared-store.persistence.dir=" + dir));
    return List.copyOf(managerOptions);
  }

  /**
   * How long the nodes run: {@code --seconds}; with {@code --restart-manager} at least long
   * enough to run on after the restart, judged by how long the manager took to start: the
   * restart point, the stop, one and a half such starts, the reconnection and a few seconds of
   * load on the restarted manager.
   */
  private static int nodeSeconds(DemoOptions options, Duration managerStart) {
    if (!options.restartManager()) {
      return options.seconds();
    }
    long needed = loadBeforeRestart(options).toMillis() + RESTART_STOP.toMillis()
        + managerStart.toMillis() * 3 / 2 + RESTART_AFTER.toMillis();
    return (int) Math.max(options.seconds(), (needed + 999) / 1000);
  }

  /** When the restart comes after the first node connected: a third of the run, 1 s or more. */
  private static Duration loadBeforeRestart(DemoOptions options) {
    return Duration.ofMillis(Math.max(1000, options.seconds() * 1000L / 3));
  }

  /** False, after saying which, if an atomic recipe broke its invariant. */
  private static boolean atomicRecipesHeld(List<RecipeCheck> checks, PrintStream out) {
    List<RecipeCheck> broken =
        checks.stream()
            .filter(c -> c.strategy().equals(RecipeReport.ATOMIC) && c.violations() > 0)
            .toList();
    for (RecipeCheck check : broken) {
      out.println("FAILED: " + check.strategy() + " " + check.recipe() + ": "
          + check.violations() + " violations; a race-free recipe must have none");
    }
    return broken.isEmpty();
  }
}
