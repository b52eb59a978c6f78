package io.sharedstore.cli;

import java.time.Duration;

/**
 * The pauses of the commands that repeat ({@code stat}, {@code latency}), on the command's own
 * thread (the CLI's main thread, never an actor's or the client's): an interrupt (Ctrl-C, see
 * {@link CtrlC}) ends a pause early and says so.
 */
final class Pause {

  private Pause() {}

  /**
   * Sleeps for {@code duration} (not at all for zero).
   *
   * @return false if interrupted (the thread's interrupt is kept)
   */
  static boolean sleep(Duration duration) {
    return until(System.nanoTime() + duration.toNanos());
  }

  /**
   * Sleeps until {@link System#nanoTime()} reaches {@code deadline}.
   *
   * @return false if interrupted (the thread's interrupt is kept)
   */
  static boolean until(long deadline) {
    try {
      for (long left = deadline - System.nanoTime(); left > 0;
          left = deadline - System.nanoTime()) {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      }
      return !Thread.currentThread().isInterrupted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
