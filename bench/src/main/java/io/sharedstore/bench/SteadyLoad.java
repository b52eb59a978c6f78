package io.sharedstore.bench;

import io.sharedstore.cluster.StoreClient;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A constant background load on one client: {@code outstanding} independent loops of 80 % get and
 * 20 % set over a fixed set of keys without TTL, each issuing its next operation from the
 * completion of the previous one (on the client's dispatcher). Latencies go to a {@link Recorder}
 * read one interval at a time, so the caller gets one histogram per second.
 */
final class SteadyLoad {

  static final String KEY_PREFIX = "steady:";

  private final StoreClient store;
  private final int keys;
  private final String value;
  private final Recorder recorder = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private final AtomicInteger running = new AtomicInteger();
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile boolean stopping;

  SteadyLoad(StoreClient store, int keys, String value) {
    this.store = store;
    this.keys = keys;
    this.value = value;
  }

  /** Starts {@code outstanding} loops. */
  void start(int outstanding) {
    running.set(outstanding);
    for (int i = 0; i < outstanding; i++) {
      issue();
    }
  }

  /** The latencies recorded since the last call (the first call: since the start). */
  Histogram interval() {
    return recorder.getIntervalHistogram();
  }

  /** Failed operations so far. */
  long errors() {
    return errors.sum();
  }

  AtomicReference<Throwable> firstError() {
    return firstError;
  }

  /** Stops issuing and waits up to {@code millis} for the operations in flight. */
  boolean stop(long millis) throws InterruptedException {
    stopping = true;
    return drained.await(millis, TimeUnit.MILLISECONDS);
  }

  private void issue() {
    if (stopping) {
      if (running.decrementAndGet() == 0) {
        drained.countDown();
      }
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = KEY_PREFIX + random.nextInt(keys);
    long start = System.nanoTime();
    CompletionStage<?> reply =
        random.nextInt(100) < 80 ? store.get(key, String.class) : store.set(key, value);
    reply.whenComplete(
        (result, failure) -> {
          if (failure == null) {
            recorder.recordValue(System.nanoTime() - start);
          } else {
            errors.increment();
            firstError.compareAndSet(null, failure);
          }
          issue();
        });
  }
}
