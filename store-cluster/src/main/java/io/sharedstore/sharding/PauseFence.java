package io.sharedstore.sharding;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Whether this JVM may serve its slots, as far as a pause of it goes: a ticker thread notes the
 * monotonic time every {@code threshold / 10}; a gap of {@code threshold} or more between two
 * ticks means the process was paused (SIGSTOP, a long GC, a starved machine), and the others may
 * have downed it and moved its slots meanwhile. The fence then stays closed, its slots holding
 * every message ({@link FencedSlot}), until {@link #release} ({@link PauseConfirm}: a majority
 * of the store nodes still count it a member). Race-free without locks: a slot reads the last
 * tick, then whether the fence is held; the ticker writes "held" before the new tick, so a slot
 * that runs first after a pause sees an old tick, one that runs later sees it held.
 */
final class PauseFence {

  private final long thresholdNanos;
  private final LongSupplier nanoTime;
  private volatile long lastTick;
  private volatile boolean held;
  private volatile long pausedMillis;
  private volatile long pauses;
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.LongAdder heldMessages =
      new java.util.concurrent.atomic.LongAdder();

  PauseFence(Duration threshold, LongSupplier nanoTime) {
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("the pause threshold must be positive, not " + threshold);
    }
    this.thresholdNanos = threshold.toNanos();
    this.nanoTime = nanoTime;
    this.lastTick = nanoTime.getAsLong();
  }

  /** A fence on the real clock, its ticker started (a daemon thread). */
  static PauseFence start(Duration threshold) {
    PauseFence fence = new PauseFence(threshold, System::nanoTime);
    long tick = Math.max(1, fence.thresholdNanos / 10);
    Thread ticker = new Thread(() -> {
      while (fence.running) {
        LockSupport.parkNanos(tick);
        fence.tick();
      }
    }, "shared-store-pause-fence");
    ticker.setDaemon(true);
    ticker.start();
    return fence;
  }

  /** A fence that is always open (slots spawned without a store node around them). */
  static PauseFence never() {
    return new PauseFence(Duration.ofNanos(Long.MAX_VALUE), () -> 0L);
  }

  /** The ticker's step: closes the fence if the time since the last tick is a pause. */
  void tick() {
    long now = nanoTime.getAsLong();
    long gap = now - lastTick;
    if (gap >= thresholdNanos) {
      pausedMillis = gap / 1_000_000;
      pauses++; // only this thread writes it
      held = true; // before the new tick: see the class comment
    }
    lastTick = now;
  }

  /** True if the slots may serve: no pause noticed, and none going on that the ticker missed. */
  boolean open() {
    long last = lastTick;
    return !held && nanoTime.getAsLong() - last < thresholdNanos;
  }

  /** True from a noticed pause until {@link #release}. */
  boolean held() {
    return held;
  }

  /** How long the last noticed pause was, in milliseconds (0 before any). */
  long pausedMillis() {
    return pausedMillis;
  }

  /** How many pauses were noticed so far. */
  long pauses() {
    return pauses;
  }

  /**
   * Opens the fence again, this node being still a member, unless another pause was noticed
   * since the confirmation began.
   *
   * @param confirmedPauses {@link #pauses()} when the confirmation began
   * @return whether the fence is open now
   */
  synchronized boolean release(long confirmedPauses) {
    if (pauses == confirmedPauses) {
      held = false;
      if (pauses != confirmedPauses) { // a pause noticed meanwhile: keep it held
        held = true;
      }
    }
    return !held;
  }

  /** A slot held a message behind the fence ({@link FencedSlot}). */
  void heldOne() {
    heldMessages.increment();
  }

  /** How many messages the slots held behind the fence so far (each counted once). */
  long heldMessages() {
    return heldMessages.sum();
  }

  /** Stops the ticker (the fence stays as it is). */
  void stop() {
    running = false;
  }
}
