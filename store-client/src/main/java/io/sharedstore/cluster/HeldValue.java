package io.sharedstore.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One key's value as a {@link DefaultNearCache} holds it: the completed stage every hit returns
 * as it is, so a hit allocates nothing. Shared by every caller, so it cannot be changed: {@code
 * complete} and {@code cancel} do nothing on a completed future, and the {@code obtrude} methods
 * throw. Stages derived from it run their {@code *Async} callbacks on the client's dispatcher,
 * as a {@link DispatcherFuture}'s do.
 *
 * @param <T> the type of the value
 */
final class HeldValue<T> extends CompletableFuture<Optional<T>> {

  /** The cache's generation this value was read in: served only while it is current. */
  final long generation;
  private final Executor executor;

  HeldValue(Optional<T> value, long generation, Executor executor) {
    this.generation = generation;
    this.executor = executor;
    super.complete(value);
  }

  @Override
  public void obtrudeValue(Optional<T> value) {
    throw new UnsupportedOperationException("a near cache's value is shared: it cannot be changed");
  }

  @Override
  public void obtrudeException(Throwable ex) {
    throw new UnsupportedOperationException("a near cache's value is shared: it cannot be changed");
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
