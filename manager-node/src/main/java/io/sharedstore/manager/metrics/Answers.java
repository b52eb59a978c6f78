package io.sharedstore.manager.metrics;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting, on the metrics server's own thread, for an answer of the store. */
final class Answers {

  /** Beyond the ask's own timeout, which fails the stage first. */
  private static final Duration MARGIN = Duration.ofSeconds(1);

  private Answers() {}

  /**
   * The stage's value, once there.
   *
   * @param what what was asked, for the message
   * @param timeout the ask's timeout
   * @throws EndpointUnavailableException if it failed or did not complete in time
   */
  static <T> T await(CompletionStage<T> stage, String what, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EndpointUnavailableException("interrupted while waiting for " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EndpointUnavailableException(
          "the store did not answer " + what + " within " + timeout.toMillis() + " ms", e);
    }
  }
}
