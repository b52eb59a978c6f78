package io.sharedstore.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntToLongFunction;

/**
 * A closed-loop load: a bounded number of calls in flight, each new call issued only when an
 * earlier one completed, until the load is stopped, a deadline passes or each lane has made its
 * number of calls. What a call is (a get, a set then a check, a journaled operation) is the
 * caller's {@link Call}; what to record is its {@link Completion}; who issues calls is {@link
 * Callers}. The load generators of the bench, the demo's soak and the system tests all run one.
 *
 * <p>A lane is one independent issuer: a chain ({@link Callers.Chained}) or a thread ({@link
 * Callers.Threads}). Its calls are numbered 0, 1, 2... ({@code sequence}).
 *
 * <p>A call that throws when issued is reported to the completion as a failure and ends its
 * lane. A thread that waits longer than the stall timeout for a free slot ends its lane and
 * records {@link #stall()}: a stage that never completes is a bug of the system under test and
 * must not hang the load.
 *
 * @param <T> what a call's stage answers
 */
public final class ClosedLoop<T> {

  /** Issues one call. */
  @FunctionalInterface
  public interface Call<T> {
    /**
     * Issues call {@code sequence} of {@code lane} and answers its stage. With {@link
     * Callers.Chained} it runs on the thread that completed the lane's previous call and must not
     * block; with {@link Callers.Threads} it runs on the lane's thread and may block it.
     */
    CompletionStage<T> issue(int lane, long sequence) throws Exception;
  }

  /** Learns how each call ended; runs on the thread that completed it. */
  @FunctionalInterface
  public interface Completion<T> {
    /**
     * Call {@code sequence} of {@code lane}, issued at {@code startNanos} ({@link
     * System#nanoTime()}), answered {@code result} or failed with {@code failure} (exactly one of
     * them is null, as in {@link CompletionStage#whenComplete}).
     */
    void completed(int lane, long sequence, long startNanos, T result, Throwable failure);
  }

  private static final Duration DEFAULT_STALL = Duration.ofMinutes(2);

  private final Callers callers;
  private final Call<T> call;
  private final Completion<T> completion;
  private final IntToLongFunction callsPerLane;
  private final long deadlineMillis;
  private final boolean stopOnFailure;
  private final Duration stallTimeout;
  private final String threadName;
  private final long[] chainSequences;
  private final AtomicInteger running = new AtomicInteger();
  private final CountDownLatch done = new CountDownLatch(1);
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final AtomicReference<String> stall = new AtomicReference<>();
  private volatile boolean stopping;

  private ClosedLoop(Builder<T> builder) {
    this.callers = builder.callers;
    this.call = builder.call;
    this.completion = builder.completion;
    this.callsPerLane = builder.callsPerLane;
    this.deadlineMillis = builder.deadlineMillis;
    this.stopOnFailure = builder.stopOnFailure;
    this.stallTimeout = builder.stallTimeout;
    this.threadName = builder.threadName;
    this.chainSequences = new long[callers instanceof Callers.Chained ? callers.lanes() : 0];
  }

  /** A load that issues {@code call} with {@code callers}; configure it, then {@code start()}. */
  public static <T> Builder<T> of(Callers callers, Call<T> call) {
    return new Builder<>(callers, call);
  }

  /** The settings of a load before it starts. */
  public static final class Builder<T> {
    private final Callers callers;
    private final Call<T> call;
    private Completion<T> completion = (lane, sequence, start, result, failure) -> {};
    private IntToLongFunction callsPerLane = lane -> Long.MAX_VALUE;
    private long deadlineMillis = Long.MAX_VALUE;
    private boolean stopOnFailure;
    private Duration stallTimeout = DEFAULT_STALL;
    private String threadName = "load";

    private Builder(Callers callers, Call<T> call) {
      this.callers = Objects.requireNonNull(callers, "callers");
      this.call = Objects.requireNonNull(call, "call");
    }

    /** What to do when each call completes (default: nothing; counts are kept anyway). */
    public Builder<T> onCompletion(Completion<T> completion) {
      this.completion = Objects.requireNonNull(completion, "completion");
      return this;
    }

    /** How many calls each lane makes at most (default: no limit). */
    public Builder<T> callsPerLane(IntToLongFunction callsPerLane) {
      this.callsPerLane = Objects.requireNonNull(callsPerLane, "callsPerLane");
      return this;
    }

    /** No call is issued once the wall clock ({@link System#currentTimeMillis()}) is past this. */
    public Builder<T> until(long epochMillis) {
      this.deadlineMillis = epochMillis;
      return this;
    }

    /** The first failed call stops the whole load (no lane issues another call). */
    public Builder<T> stopOnFailure() {
      this.stopOnFailure = true;
      return this;
    }

    /** How long a thread waits for a free slot before it gives up (default 2 minutes). */
    public Builder<T> stallTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("stall timeout must be positive, was " + timeout);
      }
      this.stallTimeout = timeout;
      return this;
    }

    /** The prefix of the threads' names ({@code PREFIX-LANE}); default {@code load}. */
    public Builder<T> threadName(String prefix) {
      this.threadName = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Starts the load: issues the first calls (chains) or starts the threads. */
    public ClosedLoop<T> start() {
      ClosedLoop<T> loop = new ClosedLoop<>(this);
      loop.begin();
      return loop;
    }
  }

  /** Issues no further call; the calls in flight still complete (see {@link #awaitDone}). */
  public void stop() {
    stopping = true;
  }

  /**
   * Waits until every lane ended and its calls completed.
   *
   * @return false if some were still running after {@code timeout}
   */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** True once every lane ended and its calls completed. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /** Calls that completed successfully so far. */
  public long completed() {
    return completed.sum();
  }

  /** Calls that failed so far (their stage failed, or issuing them threw). */
  public long failed() {
    return failed.sum();
  }

  /** The first failure of a call, if any. */
  public java.util.Optional<Throwable> firstFailure() {
    return java.util.Optional.ofNullable(firstFailure.get());
  }

  /** Why a thread gave up waiting for a free slot, if one did (a stage never completed). */
  public java.util.Optional<String> stall() {
    return java.util.Optional.ofNullable(stall.get());
  }

  private void begin() {
    running.set(callers.lanes());
    if (callers instanceof Callers.Chained) {
      for (int lane = 0; lane < callers.lanes(); lane++) {
        chain(lane);
      }
    } else {
      List<Thread> threads = new ArrayList<>();
      for (int lane = 0; lane < callers.lanes(); lane++) {
        int l = lane;
        Thread thread = new Thread(() -> runThread(l), threadName + "-" + lane);
        thread.setDaemon(true);
        threads.add(thread);
      }
      threads.forEach(Thread::start);
    }
  }

  private boolean mayIssue(int lane, long sequence) {
    return !stopping
        && sequence < callsPerLane.applyAsLong(lane)
        && (deadlineMillis == Long.MAX_VALUE || System.currentTimeMillis() < deadlineMillis);
  }

  /**
   * Issues the lane's next calls until one is still in flight, whose completion continues the
   * chain. A stage that is complete already continues the loop here instead of recursing, so a
   * call that fails at once (a store that is unavailable) cannot overflow the stack.
   */
  private void chain(int lane) {
    while (true) {
      long sequence = chainSequences[lane];
      if (!mayIssue(lane, sequence)) {
        laneEnded();
        return;
      }
      chainSequences[lane] = sequence + 1;
      long start = System.nanoTime();
      CompletionStage<T> stage = issueOrFail(lane, sequence, start);
      if (stage == null) {
        laneEnded();
        return;
      }
      if (stage instanceof CompletableFuture<T> future && future.isDone()) {
        // Runs at once, and sees the same result or exception as the callback below would.
        future.whenComplete((result, failure) -> record(lane, sequence, start, result, failure));
        continue;
      }
      stage.whenComplete(
          (result, failure) -> {
            record(lane, sequence, start, result, failure);
            chain(lane);
          });
      return;
    }
  }

  private void runThread(int lane) {
    int permits = callers.outstandingOf(lane);
    Semaphore slots = new Semaphore(permits);
    long pauseNanos = ((Callers.Threads) callers).pause().toNanos();
    try {
      for (long sequence = 0; mayIssue(lane, sequence); sequence++) {
        if (!slots.tryAcquire(stallTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
          stalled(lane);
          return;
        }
        if (!mayIssue(lane, sequence)) {
          slots.release();
          break;
        }
        long start = System.nanoTime();
        CompletionStage<T> stage = issueOrFail(lane, sequence, start);
        if (stage == null) {
          slots.release();
          break;
        }
        long s = sequence;
        stage.whenComplete(
            (result, failure) -> {
              record(lane, s, start, result, failure);
              slots.release();
            });
        if (pauseNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(pauseNanos);
        }
      }
      if (!slots.tryAcquire(permits, stallTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        stalled(lane);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    laneEnded();
  }

  /** The call's stage, or null after reporting what issuing it threw. */
  private CompletionStage<T> issueOrFail(int lane, long sequence, long start) {
    try {
      return Objects.requireNonNull(call.issue(lane, sequence), "the call answered no stage");
    } catch (Exception e) {
      record(lane, sequence, start, null, e);
      return null;
    }
  }

  private void record(int lane, long sequence, long start, T result, Throwable failure) {
    if (failure == null) {
      completed.increment();
    } else {
      failed.increment();
      firstFailure.compareAndSet(null, failure);
      if (stopOnFailure) {
        stopping = true;
      }
    }
    try {
      completion.completed(lane, sequence, start, result, failure);
    } catch (RuntimeException e) {
      firstFailure.compareAndSet(null, e);
      stopping = true;
    }
  }

  private void stalled(int lane) {
    stall.compareAndSet(null, threadName + "-" + lane + ": no call completed within "
        + stallTimeout.toSeconds() + " s (a stage that never completes?)");
    stopping = true;
  }

  private void laneEnded() {
    if (running.decrementAndGet() == 0) {
      done.countDown();
    }
  }
}
