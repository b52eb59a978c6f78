package io.sharedstore.bench;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.load.Callers;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A constant background load on one client: {@code outstanding} chained {@link ClosedLoop} lanes
 * of 80 % get and 20 % set over a fixed set of keys without TTL. Latencies go to a {@link
 * Recorder} read one interval at a time, so the caller gets one histogram per second.
 */
final class SteadyLoad {

  static final String KEY_PREFIX = "steady:";

  private final StoreClient store;
  private final int keys;
  private final String value;
  private final Recorder recorder = new Recorder(3);
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private ClosedLoop<Object> loop;

  SteadyLoad(StoreClient store, int keys, String value) {
    this.store = store;
    this.keys = keys;
    this.value = value;
  }

  /** Starts {@code outstanding} loops. */
  void start(int outstanding) {
    loop = ClosedLoop.<Object>of(Callers.chained(outstanding), (lane, sequence) -> call())
        .onCompletion((lane, sequence, start, result, failure) -> {
          if (failure == null) {
            recorder.recordValue(System.nanoTime() - start);
          } else {
            firstError.compareAndSet(null, failure);
          }
        })
        .start();
  }

  /** The latencies recorded since the last call (the first call: since the start). */
  Histogram interval() {
    return recorder.getIntervalHistogram();
  }

  /** Failed operations so far. */
  long errors() {
    return loop.failed();
  }

  AtomicReference<Throwable> firstError() {
    return firstError;
  }

  /** Stops issuing and waits up to {@code millis} for the operations in flight. */
  boolean stop(long millis) throws InterruptedException {
    loop.stop();
    return loop.awaitDone(Duration.ofMillis(millis));
  }

  @SuppressWarnings("unchecked")
  private CompletionStage<Object> call() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = KEY_PREFIX + random.nextInt(keys);
    CompletionStage<?> reply =
        random.nextInt(100) < 80 ? store.get(key, String.class) : store.set(key, value);
    return (CompletionStage<Object>) reply;
  }
}
