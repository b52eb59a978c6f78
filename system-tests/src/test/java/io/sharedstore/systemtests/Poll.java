package io.sharedstore.systemtests;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: for "within N seconds" checks. */
final class Poll {

  private static final Duration PAUSE = Duration.ofMillis(50);

  private Poll() {}

  /**
   * Checks {@code condition} until it is true, pausing briefly between checks.
   *
   * @return how long it took, or empty if it was still false after {@code within}
   */
  static Optional<Duration> until(Duration within, BooleanSupplier condition)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      if (System.nanoTime() - deadline >= 0) {
        return Optional.empty();
      }
      Thread.sleep(PAUSE.toMillis());
    }
  }
}
