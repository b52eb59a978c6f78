package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.NearCache;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The store operations the workload uses, each timed and counted in {@link OperationMetrics}.
 * Every returned stage completes on the workload's own executor, so the use cases' callbacks never
 * run on (or block) a Pekko dispatcher thread.
 */
final class TimedStore {

  private final StoreClient store;
  private final OperationMetrics metrics;
  private final Executor workloadExecutor;

  TimedStore(StoreClient store, OperationMetrics metrics, Executor workloadExecutor) {
    this.store = store;
    this.metrics = metrics;
    this.workloadExecutor = workloadExecutor;
  }

  CompletionStage<Boolean> has(String key) {
    return timed(() -> store.has(key));
  }

  <T> CompletionStage<Optional<T>> get(String key, Class<T> type) {
    return timed(() -> store.get(key, type));
  }

  /** A read through a near cache: counted and timed like the others, mostly answered locally. */
  <T> CompletionStage<Optional<T>> nearGet(NearCache<T> cache, String key) {
    return timed(() -> cache.get(key));
  }

  CompletionStage<?> set(String key, Object value) {
    return timed(() -> store.set(key, value));
  }

  CompletionStage<?> set(String key, Object value, SetOptions options) {
    return timed(() -> store.set(key, value, options));
  }

  CompletionStage<Boolean> setIfAbsent(String key, Object value, SetOptions options) {
    return timed(() -> store.setIfAbsent(key, value, options));
  }

  CompletionStage<OptionalLong> incrementBounded(
      String key, long delta, long max, SetOptions options) {
    return timed(() -> store.incrementBounded(key, delta, max, options));
  }

  private <T> CompletionStage<T> timed(Supplier<CompletionStage<T>> operation) {
    long start = System.nanoTime();
    CompletionStage<T> sent;
    try {
      sent = operation.get();
    } catch (RuntimeException e) {
      metrics.failed(e);
      return CompletableFuture.failedFuture(e);
    }
    return sent.whenCompleteAsync(
        (value, error) -> {
          if (error == null) {
            metrics.succeeded(System.nanoTime() - start);
          } else {
            metrics.failed(unwrap(error));
          }
        },
        workloadExecutor);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
