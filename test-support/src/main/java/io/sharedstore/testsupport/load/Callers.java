package io.sharedstore.testsupport.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Who issues the calls of a {@link ClosedLoop}, and how many are in flight.
 *
 * <ul>
 *   <li>{@link Chained}: {@code outstanding} independent chains; each issues its next call from
 *       the completion of the previous one (on whatever thread completed it, e.g. the store
 *       client's dispatcher). No thread of the load blocks. Calls must not block.
 *   <li>{@link Threads}: {@code threads} application threads; each issues calls until its share
 *       of the {@code outstanding} calls is in flight, then blocks on a {@link
 *       java.util.concurrent.Semaphore} that each completion releases (in {@code whenComplete}).
 *       With one call in flight per thread this is a thread that waits for each reply. Calls run
 *       on the thread and may block it. {@code pause} is slept after each call is issued.
 * </ul>
 */
public sealed interface Callers {

  /** The calls in flight at most, over all lanes. */
  int outstanding();

  /** The independent issuers: chains or threads. */
  int lanes();

  /** The calls lane {@code lane} keeps in flight at most. */
  int outstandingOf(int lane);

  /** {@code chained} or {@code threads}: the name in flags and results. */
  String mode();

  /** Chains of calls, each issued from the completion of the previous one. */
  record Chained(int outstanding) implements Callers {

    /** Checks the arguments. */
    public Chained {
      requirePositive(outstanding, "outstanding");
    }

    @Override
    public int lanes() {
      return outstanding;
    }

    @Override
    public int outstandingOf(int lane) {
      return 1;
    }

    @Override
    public String mode() {
      return "chained";
    }
  }

  /** Application threads, each bounding its share of the outstanding calls with a semaphore. */
  record Threads(int threads, int outstanding, Duration pause) implements Callers {

    /** Checks the arguments: at least one call in flight per thread, no negative pause. */
    public Threads {
      requirePositive(threads, "threads");
      requirePositive(outstanding, "outstanding");
      Objects.requireNonNull(pause, "pause");
      if (outstanding < threads) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%d threads need at least %d outstanding calls, got %d", threads, threads,
            outstanding));
      }
      if (pause.isNegative()) {
        throw new IllegalArgumentException("pause must not be negative, was " + pause);
      }
    }

    @Override
    public int lanes() {
      return threads;
    }

    @Override
    public int outstandingOf(int lane) {
      return share(outstanding, threads, lane);
    }

    @Override
    public String mode() {
      return "threads";
    }
  }

  /** {@code outstanding} chains. */
  static Callers chained(int outstanding) {
    return new Chained(outstanding);
  }

  /** {@code threads} threads sharing {@code outstanding} calls in flight, without pause. */
  static Callers threads(int threads, int outstanding) {
    return new Threads(threads, outstanding, Duration.ZERO);
  }

  /** {@code threads} threads, each waiting for its reply before the next call, after a pause. */
  static Callers blockingThreads(int threads, Duration pause) {
    return new Threads(threads, threads, pause);
  }

  /**
   * Part {@code index} of {@code total} split over {@code parts} as evenly as possible, the
   * larger parts first: 50 over 3 is 17, 17, 16.
   */
  static int share(int total, int parts, int index) {
    if (index < 0 || index >= parts) {
      throw new IllegalArgumentException("index " + index + " outside 0.." + (parts - 1));
    }
    return total / parts + (index < total % parts ? 1 : 0);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
