package io.sharedstore.cluster;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions of the calls one message of the connection settles (the answers of one {@code
 * Replies}, the failures of a restart...), collected while the message is handled and then run
 * on the client's executor as one task instead of one task each, never on the connection's
 * thread. Only the connection actor uses an instance.
 *
 * <p>A caller's callback that blocks must not hold up the other calls of the same message (with
 * one task per call it held only its own): while the task runs one completion and others are
 * left, a spare task waits in the executor and takes the rest from the same cursor if it gets a
 * thread first. When the callbacks are quick, the first task runs them all and the spare finds
 * nothing left: two tasks per message, whatever its size.
 */
final class Completions {

  private static final Logger log = LoggerFactory.getLogger(Completions.class);

  private final Executor executor;
  private Runnable[] collected = new Runnable[16];
  private int count;

  Completions(Executor executor) {
    this.executor = executor;
  }

  void add(Runnable completion) {
    if (count == collected.length) {
      collected = Arrays.copyOf(collected, count * 2);
    }
    collected[count++] = completion;
  }

  /** Hands everything collected since the last call to the executor, and starts afresh. */
  void dispatch() {
    if (count == 0) {
      return;
    }
    if (count == 1) {
      executor.execute(collected[0]);
      collected[0] = null;
    } else {
      executor.execute(new Run(Arrays.copyOf(collected, count), executor));
      Arrays.fill(collected, 0, count, null);
    }
    count = 0;
  }

  /** Runs the completions in order from a shared cursor; see the class comment for the spare. */
  private static final class Run implements Runnable {
    private final Runnable[] completions;
    private final Executor executor;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean spareWaiting = new AtomicBoolean();

    Run(Runnable[] completions, Executor executor) {
      this.completions = completions;
      this.executor = executor;
    }

    @Override
    public void run() {
      spareWaiting.set(false); // this is the first task or the spare, which now runs
      int i;
      while ((i = next.getAndIncrement()) < completions.length) {
        if (i + 1 < completions.length && !spareWaiting.get()
            && spareWaiting.compareAndSet(false, true)) {
          executor.execute(this);
        }
        try {
          completions[i].run();
        } catch (RuntimeException e) {
          log.error("Completing a shared store call failed", e);
        }
      }
    }
  }
}
