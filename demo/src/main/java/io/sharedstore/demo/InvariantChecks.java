package io.sharedstore.demo;

import io.sharedstore.cluster.demo.CooldownExecution;
import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.WindowCount;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's global invariants, checked over every cluster's report: each task claimed by exactly
 * one cluster, no guild over the rate limit in any window, no command run twice by the same user
 * within its cooldown. With only get/has/set the recipes are racy, so violations are expected;
 * they are counted and reported, not treated as failures.
 */
final class InvariantChecks {

  static final String RACY =
      "racy: get+set / has+set is not atomic; atomic operations arrive in a later issue";

  private InvariantChecks() {}

  /** Prints one line per invariant, and the explanation if any was violated. */
  static void print(List<NodeReport> reports, PrintStream out) {
    long tasks = reports.stream().mapToLong(r -> r.tasksClaimed().size()).sum();
    long doubleClaims = tasksClaimedMoreThanOnce(reports);
    long windows = windows(reports).size();
    long overLimit = windowsOverLimit(reports);
    long runs = reports.stream().mapToLong(r -> r.cooldownExecutions().size()).sum();
    long doubleRuns = runsWithinCooldown(reports);

    out.println("Invariants");
    out.println(line("each task claimed by exactly one cluster", doubleClaims,
        doubleClaims + " of " + distinctTasks(reports) + " claimed tasks claimed more than once ("
            + tasks + " claims)"));
    out.println(line("rate limit never exceeded", overLimit,
        overLimit + " of " + windows + " (guild, window) pairs over the limit of "
            + rateLimit(reports)));
    out.println(line("cooldown never executed twice within its window", doubleRuns,
        doubleRuns + " of " + runs + " runs came within the cooldown of the previous run"));
    if (doubleClaims + overLimit + doubleRuns > 0) {
      out.println("  " + RACY);
    }
  }

  /** Task ids claimed by more than one cluster (or twice by one). */
  static long tasksClaimedMoreThanOnce(List<NodeReport> reports) {
    Map<Long, Integer> claims = new HashMap<>();
    reports.forEach(r -> r.tasksClaimed().forEach(task -> claims.merge(task, 1, Integer::sum)));
    return claims.values().stream().filter(n -> n > 1).count();
  }

  /** (guild, window) pairs whose calls allowed by all clusters together exceed the limit. */
  static long windowsOverLimit(List<NodeReport> reports) {
    int limit = rateLimit(reports);
    return windows(reports).values().stream().filter(total -> total > limit).count();
  }

  /**
   * Runs of a (user, command) that started less than the cooldown after the previous run of the
   * same pair, by any cluster (the nodes share the machine's wall clock).
   */
  static long runsWithinCooldown(List<NodeReport> reports) {
    long cooldown = reports.stream().mapToLong(NodeReport::cooldownMillis).max().orElse(0);
    Map<String, List<CooldownExecution>> byPair = new HashMap<>();
    for (NodeReport r : reports) {
      for (CooldownExecution run : r.cooldownExecutions()) {
        byPair.computeIfAbsent(run.user() + "/" + run.command(), k -> new ArrayList<>()).add(run);
      }
    }
    long violations = 0;
    for (List<CooldownExecution> runs : byPair.values()) {
      runs.sort(Comparator.comparingLong(CooldownExecution::atMillis));
      for (int i = 1; i < runs.size(); i++) {
        if (runs.get(i).atMillis() - runs.get(i - 1).atMillis() < cooldown) {
          violations++;
        }
      }
    }
    return violations;
  }

  private static Map<String, Integer> windows(List<NodeReport> reports) {
    Map<String, Integer> totals = new HashMap<>();
    for (NodeReport r : reports) {
      for (WindowCount w : r.allowedPerWindow()) {
        totals.merge(w.guild() + "@" + w.window(), w.allowed(), Integer::sum);
      }
    }
    return totals;
  }

  private static long distinctTasks(List<NodeReport> reports) {
    Set<Long> tasks = new HashSet<>();
    reports.forEach(r -> tasks.addAll(r.tasksClaimed()));
    return tasks.size();
  }

  private static int rateLimit(List<NodeReport> reports) {
    return reports.stream().mapToInt(NodeReport::rateLimit).min().orElse(0);
  }

  private static String line(String invariant, long violations, String detail) {
    return String.format("  %-50s %s (%s)", invariant, violations == 0 ? "OK" : "VIOLATED", detail);
  }
}
