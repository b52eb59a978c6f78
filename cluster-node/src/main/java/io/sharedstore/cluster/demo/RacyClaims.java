package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The seed's claims, kept to show the race: a read ({@code has}, {@code get}), then a write
 * ({@code set}) decided on what was read. Two clusters can both read "absent" or the same count
 * before either writes, so both claim, or both count and one increment is lost. Its keys start
 * with {@code racy:}.
 */
final class RacyClaims implements ClaimStrategy {

  private final TimedStore store;

  RacyClaims(TimedStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return RecipeReport.RACY;
  }

  @Override
  public String key(String key) {
    return RecipeReport.RACY + ":" + key;
  }

  @Override
  public CompletionStage<Boolean> claimIfAbsent(String key, Object owner, SetOptions ttl) {
    return store
        .has(key)
        .thenCompose(taken -> taken ? done(false) : store.set(key, owner, ttl).thenApply(d -> true));
  }

  @Override
  public CompletionStage<Boolean> countUpTo(String key, int limit, SetOptions ttl) {
    return store
        .get(key, Long.class)
        .thenCompose(
            count -> {
              long current = count.orElse(0L);
              return current >= limit
                  ? done(false)
                  : store.set(key, current + 1, ttl).thenApply(d -> true);
            });
  }

  private static CompletionStage<Boolean> done(boolean claimed) {
    return CompletableFuture.completedFuture(claimed);
  }
}
