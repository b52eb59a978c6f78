package io.sharedstore.demo;

import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.testsupport.ManagerProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * What {@link ManagerRestart} saw, and its verdict with the cluster nodes' reports: the restart
 * held if the old manager exited as SIGTERM asks, the new one kept the epoch (the data was not
 * reset), every judged key survived unchanged ({@link SurvivalCheck}), every cluster found the
 * manager reachable again and none saw it {@code Restarted}.
 *
 * @param manager the manager running after the restart
 * @param exitCode the old manager's exit status
 * @param stopMillis from SIGTERM to the old manager's exit
 * @param startupMillis from the new manager's process start to its listening line
 * @param downMillis from SIGTERM to the new manager's listening line
 * @param servedAgainMillis from SIGTERM to the demo's probe finding the manager reachable again
 * @param loadedBefore the old manager's "Serving from" line at its start, if it logged one
 * @param loadedAfter the new manager's, if it logged one
 * @param survival what the probe found before and after
 */
record RestartReport(
    ManagerProcess manager,
    int exitCode,
    long stopMillis,
    long startupMillis,
    long downMillis,
    long servedAgainMillis,
    Optional<Loaded> loadedBefore,
    Optional<Loaded> loadedAfter,
    SurvivalCheck survival) {

  /** What a manager's "Serving from" line says ({@link ManagerRestart#LOADED}). */
  record Loaded(long entries, long revision, String epoch, String snapshot, String logs,
      long millis) {
    static Loaded of(Matcher line) {
      return new Loaded(Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
          line.group(4), line.group(5), line.group(6), Long.parseLong(line.group(8)));
    }
  }

  /** Prints the restart's part of the summary. */
  void print(Path dataDir, List<NodeReport> reports, PrintStream out) {
    out.println("Manager restart (data in " + dataDir + ")");
    out.println("  stop: SIGTERM, exit " + exitCode + " after " + stopMillis + " ms");
    out.println("  start: same directory, same port " + manager.address() + ", listening "
        + startupMillis + " ms after its process started"
        + loadedAfter.map(l -> "; loaded " + l.entries() + " entries (revision " + l.revision()
            + ", snapshot " + l.snapshot() + ", logs " + l.logs() + ") in " + l.millis() + " ms")
            .orElse(""));
    out.println("  down: " + downMillis + " ms from SIGTERM to listening again; the demo's own"
        + " client found it reachable again " + servedAgainMillis + " ms after SIGTERM");
    out.println("  epoch: " + epochLine());
    survival.lines().forEach(line -> out.println("  " + line));
    out.println("  clusters: " + clustersLine(reports));
    for (NodeReport r : reports) {
      out.println("    cluster " + r.clusterId() + ": unreachable " + r.managerUnreachable()
          + "x, reachable again " + r.managerReachableAgain() + "x, restarted "
          + r.managerRestarted() + "x"
          + (r.managerReachableAgain() == 0
              ? " (its run ended before it found the manager reachable again)"
              : ""));
    }
  }

  /** Every way the restart failed, one line each; empty if it held. */
  List<String> failures(List<NodeReport> reports) {
    List<String> failures = new ArrayList<>();
    if (exitCode != ManagerRestart.EXIT_ON_SIGTERM) {
      failures.add("the manager exited with status " + exitCode + " after SIGTERM, not "
          + ManagerRestart.EXIT_ON_SIGTERM + " (a clean stop)");
    }
    if (epochBefore().isPresent() && epochAfter().isPresent()
        && !epochBefore().equals(epochAfter())) {
      failures.add("the restarted manager has another epoch: its data was reset");
    }
    if (!survival.held()) {
      failures.add("data written before the restart was lost or changed");
    }
    for (NodeReport r : reports) {
      if (r.managerRestarted() > 0) {
        failures.add("cluster " + r.clusterId() + " saw the manager Restarted (its data reset)");
      }
      if (r.managerReachableAgain() == 0) {
        failures.add("cluster " + r.clusterId() + " never found the restarted manager reachable"
            + " before its run ended");
      }
    }
    return failures;
  }

  private String epochLine() {
    if (epochBefore().isEmpty() || epochAfter().isEmpty()) {
      return "not in the managers' logs";
    }
    return epochBefore().equals(epochAfter())
        ? epochAfter().get() + " before and after: kept, clients see Reachable, not Restarted"
        : epochBefore().get() + " before, " + epochAfter().get() + " after: CHANGED";
  }

  private static String clustersLine(List<NodeReport> reports) {
    long back = reports.stream().filter(r -> r.managerReachableAgain() > 0).count();
    long restarted = reports.stream().filter(r -> r.managerRestarted() > 0).count();
    long failures = reports.stream().mapToLong(NodeReport::failures).sum();
    return back + " of " + reports.size() + " saw the manager Reachable again after"
        + " Unreachable, " + restarted + " saw it Restarted; " + failures
        + " calls failed in all (most while the manager was down: the failures column)";
  }

  private Optional<String> epochBefore() {
    return loadedBefore.map(Loaded::epoch);
  }

  private Optional<String> epochAfter() {
    return loadedAfter.map(Loaded::epoch);
  }
}
