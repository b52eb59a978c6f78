package io.sharedstore.demo;

/**
 * One claiming recipe's invariant checked over every cluster's records of one strategy.
 *
 * @param strategy {@code atomic} or {@code racy}
 * @param recipe {@code cooldown}, {@code rate-limit} or {@code task-claim}
 * @param violations how often the invariant was broken
 * @param detail what was checked and found, for people
 */
record RecipeCheck(String strategy, String recipe, long violations, String detail) {

  /** {@code STRATEGY RECIPE: N violations (DETAIL)}. */
  String line() {
    return strategy + " " + recipe + ": " + violations + " violations (" + detail + ")";
  }
}
