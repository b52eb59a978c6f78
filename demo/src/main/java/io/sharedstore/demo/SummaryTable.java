package io.sharedstore.demo;

import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.RecipeReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

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
    for (NodeReport r : reports) {
      for (String example : r.failureExamples()) {
        out.println("  cluster " + r.clusterId() + " failure: " + example);
      }
    }
  }
}
