package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.concurrent.CompletionStage;

/**
 * How a use case checks a key and claims it, the step where the recipes race: {@link
 * AtomicClaims} does it in one store operation, {@link RacyClaims} in two (a read, then a write),
 * as the seed did. Each strategy has its own key namespace, so both can run in the same demo.
 */
interface ClaimStrategy {

  /** The strategy's name in reports: {@link RecipeReport#ATOMIC} or {@link RecipeReport#RACY}. */
  String name();

  /** {@code key} in this strategy's namespace. */
  String key(String key);

  /** Stores {@code owner} at {@code key} unless it exists; true if this call claimed the key. */
  CompletionStage<Boolean> claimIfAbsent(String key, Object owner, SetOptions ttl);

  /**
   * Adds one to the counter at {@code key} (a missing key counts 0; {@code ttl} applies when the
   * call creates it) unless that would take it over {@code limit}; true if it counted.
   */
  CompletionStage<Boolean> countUpTo(String key, int limit, SetOptions ttl);
}
