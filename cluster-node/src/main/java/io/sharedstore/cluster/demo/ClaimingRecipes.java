package io.sharedstore.cluster.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The three recipes that check and claim (cooldowns, rate limiting, task deduplication), all run
 * with one {@link ClaimStrategy}, and what they recorded.
 */
final class ClaimingRecipes {

  private final String strategy;
  private final CommandCooldowns cooldowns;
  private final GlobalRateLimit rateLimit;
  private final TaskDeduplication tasks;

  ClaimingRecipes(ClaimStrategy claims, int clusterId, WorkloadSettings settings) {
    this.strategy = claims.name();
    this.cooldowns = new CommandCooldowns(claims, settings);
    this.rateLimit = new GlobalRateLimit(claims, settings);
    this.tasks = new TaskDeduplication(claims, clusterId, settings);
  }

  /** Starts {@code lanesPerUseCase} lanes for each recipe; answers them. */
  List<CompletableFuture<Void>> startLanes(
      WorkloadSettings settings, long deadlineNanos, ScheduledExecutorService executor) {
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    Duration pause = settings.pauseBetweenSteps();
    for (int i = 0; i < settings.lanesPerUseCase(); i++) {
      String suffix = "-" + strategy + "-" + i;
      lanes.add(Lane.start("cooldowns" + suffix, cooldowns, pause, deadlineNanos, executor));
      lanes.add(Lane.start("rate-limit" + suffix, rateLimit, pause, deadlineNanos, executor));
      lanes.add(Lane.start("tasks" + suffix, tasks, pause, deadlineNanos, executor));
    }
    return lanes;
  }

  RecipeReport report() {
    return new RecipeReport(
        strategy,
        cooldowns.hits(),
        cooldowns.executions(),
        rateLimit.limited(),
        rateLimit.allowedPerWindow(),
        tasks.skipped(),
        tasks.claimed());
  }
}
