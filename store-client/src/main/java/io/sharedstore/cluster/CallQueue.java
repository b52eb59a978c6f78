package io.sharedstore.cluster;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calls submitted by any thread and not yet taken by the client's {@link StoreConnection}:
 * a lock-free queue (many producers, the connection the one consumer) with a flag that says
 * whether the connection has been told to drain it. Only the call that finds the queue idle tells
 * the connection (one {@code Drain} message); the calls made while a drain is due or running just
 * join the queue, and the connection takes them all into one batch. One thread's calls leave in
 * the order it made them, as the queue is FIFO.
 *
 * <p>The same idea as {@link ManagerState}'s event delivery: the consumer clears the flag only
 * when it found the queue empty, and looks once more after clearing it, so a call added in between
 * is either seen by that look or tells the connection itself; none is left behind.
 */
final class CallQueue {

  private final Queue<Pending<?, ?>> calls = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainDue = new AtomicBoolean();

  /**
   * Adds a call (any thread). Returns true if the caller must tell the connection to drain: the
   * queue was idle. Otherwise a drain is due or running and will take this call.
   */
  boolean add(Pending<?, ?> pending) {
    calls.add(pending);
    return !drainDue.get() && drainDue.compareAndSet(false, true);
  }

  /** The oldest call not yet taken, or null (the connection only). */
  Pending<?, ?> poll() {
    return calls.poll();
  }

  /**
   * Called by the connection when {@link #poll} found nothing: marks the queue idle, unless a
   * call came in meanwhile that no one was told of; then returns true and the drain goes on.
   */
  boolean idleUnlessMore() {
    drainDue.set(false);
    return !calls.isEmpty() && drainDue.compareAndSet(false, true);
  }
}
