package io.sharedstore.cluster.demo;

import java.util.List;

/**
 * What one cluster recorded for the three claiming recipes (cooldown, rate limit, task claim) run
 * with one claim strategy: its counts, and the raw records the driver checks across clusters.
 *
 * @param strategy {@link #ATOMIC} or {@link #RACY}
 * @param cooldownHits calls refused because of a cooldown
 * @param cooldownExecutions every command run
 * @param rateLimited calls refused by the rate limit
 * @param allowedPerWindow calls allowed, per guild and window
 * @param tasksSkipped task ids found already claimed
 * @param tasksClaimed task ids this node claimed
 */
public record RecipeReport(
    String strategy,
    long cooldownHits,
    List<CooldownExecution> cooldownExecutions,
    long rateLimited,
    List<WindowCount> allowedPerWindow,
    long tasksSkipped,
    List<Long> tasksClaimed) {

  /** The race-free recipes: one atomic store operation checks and claims. */
  public static final String ATOMIC = "atomic";

  /** The seed's recipes: a read, then a write decided on it (run only with {@code --racy}). */
  public static final String RACY = "racy";

  public RecipeReport {
    cooldownExecutions = List.copyOf(cooldownExecutions);
    allowedPerWindow = List.copyOf(allowedPerWindow);
    tasksClaimed = List.copyOf(tasksClaimed);
  }
}
