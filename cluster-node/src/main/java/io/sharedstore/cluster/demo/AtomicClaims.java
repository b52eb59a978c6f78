package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * The race-free claims: one store operation each, applied whole by the manager, so no other
 * cluster's operation can come between the check and the write.
 */
final class AtomicClaims implements ClaimStrategy {

  private final TimedStore store;

  AtomicClaims(TimedStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return RecipeReport.ATOMIC;
  }

  @Override
  public String key(String key) {
    return key;
  }

  @Override
  public CompletionStage<Boolean> claimIfAbsent(String key, Object owner, SetOptions ttl) {
    return store.setIfAbsent(key, owner, ttl);
  }

  @Override
  public CompletionStage<Boolean> countUpTo(String key, int limit, SetOptions ttl) {
    return store.incrementBounded(key, 1, limit, ttl).thenApply(OptionalLong::isPresent);
  }
}
