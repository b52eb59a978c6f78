package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a store operation's stage in a test. The wait is longer than any operation's own
 * timeout, so a stage that never completes is a bug and fails the test.
 */
final class Stages {

  static final Duration WAIT = Duration.ofSeconds(30);

  private Stages() {}

  /** The stage's value; fails the test if the stage failed or did not complete. */
  static <T> T result(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the operation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not complete within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The exception the stage failed with, which must be a {@code type}. */
  static <E extends Throwable> E failure(CompletionStage<?> stage, Class<E> type) {
    try {
      Object value = stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return fail("expected a " + type.getSimpleName() + " but the operation answered " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(type, e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not complete within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
