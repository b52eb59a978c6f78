package io.sharedstore.demo;

import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.RecipeReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the per-cluster summary of a demo run as a fixed-width table; the recipes' columns count
 * the atomic recipes (the racy ones, if run, show in the invariant lines).
 */
final class SummaryTable {

  private static final String ROW = "%-8s %10s %9s %10s %12s %9s %11s %10s %10s%n";

  private SummaryTable() {}

  static void print(List<NodeReport> reports, PrintStream out) {
    out.println("Summary");
    out.printf(Locale.ROOT, ROW, "cluster", "operations", "failures", "cooldown", "rate-limited",
        "tasks", "config seen", "p50", "p99");
    out.printf(Locale.ROOT, ROW, "", "", "", "hits", "calls", "claimed", "changes", "", "");
    long operations = 0;
    long failures = 0;
    for (NodeReport r : reports) {
      operations += r.operations();
      failures += r.failures();
      RecipeReport atomic = r.recipesOf(RecipeReport.ATOMIC).orElseThrow(
          () -> new IllegalStateException("cluster " + r.clusterId() + " ran no atomic recipes"));
      out.printf(Locale.ROOT, ROW,
          r.clusterId(),
          r.operations(),
          r.failures(),
          atomic.cooldownHits(),
          atomic.rateLimited(),
          atomic.tasksClaimed().size(),
          r.configChangesObserved(),
          LatencyFormat.of(r.p50Nanos()),
          LatencyFormat.of(r.p99Nanos()));
    }
    out.printf(Locale.ROOT, ROW, "total", operations, failures, "", "", "", "", "", "");
    printSharedConfiguration(reports, out);
    for (NodeReport r : reports) {
      for (String example : r.failureExamples()) {
        out.println("  cluster " + r.clusterId() + " failure: " + example);
      }
    }
  }

  /**
   * Per cluster: how soon its watch saw each flip of the maintenance flag after the flip was
   * acknowledged, and the share of its flag reads its near cache answered without the manager.
   */
  private static void printSharedConfiguration(List<NodeReport> reports, PrintStream out) {
    Map<Integer, FlagVisibility.Delays> delays = FlagVisibility.of(reports);
    out.println("Shared configuration (near cache for config:*, a watch logs each flip; a"
        + " negative delay: seen before the flipper had its acknowledgement)");
    for (NodeReport r : reports) {
      FlagVisibility.Delays d = delays.getOrDefault(r.clusterId(),
          new FlagVisibility.Delays(0, 0, 0));
      double local = r.configReads() == 0 ? 0 : 100.0 * r.configReadsLocal() / r.configReads();
      out.printf(Locale.ROOT,
          "  cluster %d: saw %d flips, from acknowledgement to watch p50 %s max %s;"
              + " %d flag reads, %.1f %% served locally%n",
          r.clusterId(), d.flipsSeen(), FlagVisibility.millis(d.p50Micros()),
          FlagVisibility.millis(d.maxMicros()), r.configReads(), local);
    }
  }
}
