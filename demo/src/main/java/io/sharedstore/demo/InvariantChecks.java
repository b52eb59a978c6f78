package io.sharedstore.demo;

import io.sharedstore.cluster.demo.CooldownExecution;
import io.sharedstore.cluster.demo.NodeReport;
import io.sharedstore.cluster.demo.RecipeReport;
import io.sharedstore.cluster.demo.WindowCount;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's global invariants, checked over every cluster's report, once per claim strategy
 * (the same checks on each strategy's own records): each task claimed by exactly one cluster, no
 * guild over the rate limit in any window, no command run twice by the same user within its
 * cooldown. The atomic recipes must never break them; the racy ones are expected to.
 */
final class InvariantChecks {

  static final String RACY_EXPLAINED =
      "racy: get+set / has+set is not atomic: two clusters read the same state, both write";

  private static final List<String> STRATEGIES = List.of(RecipeReport.ATOMIC, RecipeReport.RACY);

  private InvariantChecks() {}

  /** The checks for each recipe and each strategy the clusters ran, atomic first per recipe. */
  static List<RecipeCheck> check(List<NodeReport> reports) {
    long cooldown = reports.stream().mapToLong(NodeReport::cooldownMillis).max().orElse(0);
    int limit = reports.stream().mapToInt(NodeReport::rateLimit).min().orElse(0);
    List<RecipeCheck> cooldowns = new ArrayList<>();
    List<RecipeCheck> rateLimits = new ArrayList<>();
    List<RecipeCheck> taskClaims = new ArrayList<>();
    for (String strategy : STRATEGIES) {
      List<RecipeReport> records =
          reports.stream().map(r -> r.recipesOf(strategy)).flatMap(Optional::stream).toList();
      if (records.isEmpty()) {
        continue;
      }
      cooldowns.add(cooldown(strategy, records, cooldown));
      rateLimits.add(rateLimit(strategy, records, limit));
      taskClaims.add(taskClaim(strategy, records));
    }
    List<RecipeCheck> checks = new ArrayList<>(cooldowns);
    checks.addAll(rateLimits);
    checks.addAll(taskClaims);
    return checks;
  }

  /** Prints one line per check, and the explanation if a racy one was violated. */
  static void print(List<RecipeCheck> checks, PrintStream out) {
    out.println("Invariants");
    checks.forEach(check -> out.println("  " + check.line()));
    if (checks.stream()
        .anyMatch(c -> c.strategy().equals(RecipeReport.RACY) && c.violations() > 0)) {
      out.println("  " + RACY_EXPLAINED);
    }
  }

  private static RecipeCheck cooldown(String strategy, List<RecipeReport> records, long cooldown) {
    long runs = records.stream().mapToLong(r -> r.cooldownExecutions().size()).sum();
    long doubleRuns = runsWithinCooldown(records, cooldown);
    return new RecipeCheck(strategy, "cooldown", doubleRuns,
        doubleRuns + " of " + runs + " runs came within the " + cooldown
            + " ms cooldown of the previous run");
  }

  private static RecipeCheck rateLimit(String strategy, List<RecipeReport> records, int limit) {
    Map<String, Integer> windows = windows(records);
    long overLimit = windows.values().stream().filter(total -> total > limit).count();
    return new RecipeCheck(strategy, "rate-limit", overLimit,
        overLimit + " of " + windows.size() + " (guild, window) pairs over the limit of " + limit);
  }

  private static RecipeCheck taskClaim(String strategy, List<RecipeReport> records) {
    Map<Long, Integer> claims = new HashMap<>();
    records.forEach(r -> r.tasksClaimed().forEach(task -> claims.merge(task, 1, Integer::sum)));
    long doubleClaims = claims.values().stream().filter(n -> n > 1).count();
    long total = claims.values().stream().mapToLong(Integer::longValue).sum();
    return new RecipeCheck(strategy, "task-claim", doubleClaims,
        doubleClaims + " of " + claims.size() + " claimed tasks claimed more than once ("
            + total + " claims)");
  }

  /**
   * Runs of a (user, command) that certainly started less than the cooldown after the previous
   * run of the same pair, by any cluster (the nodes share the machine's wall clock). A claim took
   * effect between its ask and its reply, so a run counts only if its reply came less than the
   * cooldown after the previous run's ask: reply delays never make a correct run look early.
   */
  static long runsWithinCooldown(List<RecipeReport> records, long cooldown) {
    Map<String, List<CooldownExecution>> byPair = new HashMap<>();
    for (RecipeReport r : records) {
      for (CooldownExecution run : r.cooldownExecutions()) {
        byPair.computeIfAbsent(run.user() + "/" + run.command(), k -> new ArrayList<>()).add(run);
      }
    }
    long violations = 0;
    for (List<CooldownExecution> runs : byPair.values()) {
      runs.sort(Comparator.comparingLong(CooldownExecution::askedMillis));
      for (int i = 1; i < runs.size(); i++) {
        if (runs.get(i).atMillis() - runs.get(i - 1).askedMillis() < cooldown) {
          violations++;
        }
      }
    }
    return violations;
  }

  /** Calls allowed by all clusters together, per (guild, window). */
  private static Map<String, Integer> windows(List<RecipeReport> records) {
    Map<String, Integer> totals = new HashMap<>();
    for (RecipeReport r : records) {
      for (WindowCount w : r.allowedPerWindow()) {
        totals.merge(w.guild() + "@" + w.window(), w.allowed(), Integer::sum);
      }
    }
    return totals;
  }
}
