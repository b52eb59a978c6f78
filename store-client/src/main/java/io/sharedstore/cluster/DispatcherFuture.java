package io.sharedstore.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A future whose {@code *Async} callbacks without an explicit executor run on the client's
 * dispatcher instead of {@code ForkJoinPool.commonPool()}, which on a 2-core machine starts a new
 * thread for every callback. Derived stages keep the same executor.
 */
final class DispatcherFuture<T> extends CompletableFuture<T> {

  private final Executor executor;

  DispatcherFuture(Executor executor) {
    this.executor = executor;
  }

  static <T> DispatcherFuture<T> failed(Executor executor, Throwable error) {
    DispatcherFuture<T> future = new DispatcherFuture<>(executor);
    future.completeExceptionally(error);
    return future;
  }

  @Override
  public Executor defaultExecutor() {
    return executor;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new DispatcherFuture<>(executor);
  }
}
