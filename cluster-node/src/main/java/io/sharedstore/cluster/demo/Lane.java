package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One loop over a use case: a step, a pause, the next step, until a deadline. Steps never overlap
 * within a lane; run several lanes for concurrency. A failed step (a store failure, already counted
 * by {@link TimedStore}) does not stop the lane. Everything runs on the workload's executor.
 */
final class Lane {

  private final String name;
  private final UseCase useCase;
  private final long pauseNanos;
  private final long deadlineNanos;
  private final ScheduledExecutorService executor;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  private Lane(
      String name, UseCase useCase, Duration pause, long deadlineNanos,
      ScheduledExecutorService executor) {
    this.name = name;
    this.useCase = useCase;
    this.pauseNanos = pause.toNanos();
    this.deadlineNanos = deadlineNanos;
    this.executor = executor;
  }

  /** Starts a lane; the answer completes once the lane's last step after the deadline ended. */
  static CompletableFuture<Void> start(
      String name, UseCase useCase, Duration pause, long deadlineNanos,
      ScheduledExecutorService executor) {
    Lane lane = new Lane(name, useCase, pause, deadlineNanos, executor);
    executor.execute(lane::next);
    return lane.finished;
  }

  private void next() {
    if (System.nanoTime() - deadlineNanos >= 0) {
      finished.complete(null);
      return;
    }
    CompletionStage<?> step;
    try {
      step = useCase.step();
    } catch (RuntimeException e) {
      step = CompletableFuture.failedFuture(e);
    }
    step.whenComplete((ignored, error) -> afterStep(error));
  }

  private void afterStep(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause != null && !(cause instanceof StoreException)) {
      // Not a store failure but a bug in the use case: make it visible (the demo echoes ERROR).
      System.err.println("ERROR lane " + name + " step failed: " + cause);
    }
    if (System.nanoTime() + pauseNanos - deadlineNanos >= 0) {
      finished.complete(null); // the next step would start after the deadline
      return;
    }
    try {
      executor.schedule(this::next, pauseNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      finished.complete(null);
    }
  }
}
