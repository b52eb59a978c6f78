package io.sharedstore.bench;

import io.sharedstore.cluster.StoreClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores every key of a {@link StartupData} through a {@link StoreClient} as fast as one client
 * can: {@code setAll} batches with a window of batches in flight, or single {@code set} calls in
 * chains, each issued from the completion of the last.
 */
final class StartupFill {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private StartupFill() {}

  /**
   * Fills the store and answers the seconds it took.
   *
   * @throws IllegalStateException with the first failure, once the calls in flight are done
   */
  static double fill(StoreClient store, StartupData data, StartupOptions.Fill fill,
      int outstanding) throws InterruptedException {
    long start = System.nanoTime();
    switch (fill) {
      case SETALL -> setAll(store, data, outstanding);
      case CHAINED -> chained(store, data, outstanding);
      default -> throw new IllegalArgumentException(fill.toString());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void setAll(StoreClient store, StartupData data, int window)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(window);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Map<String, byte[]> batch = new LinkedHashMap<>();
    for (int i = 0; i < data.keys() && failure.get() == null; i++) {
      batch.put(StartupData.key(i), data.value(i));
      if (batch.size() == StartupOptions.Fill.SETALL_BATCH || i == data.keys() - 1) {
        inFlight.acquire();
        store.setAll(batch, CALL_TIMEOUT).whenComplete((done, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
          inFlight.release();
        });
        batch = new LinkedHashMap<>();
      }
    }
    inFlight.acquire(window);
    throwIfFailed(failure);
  }

  private static void chained(StoreClient store, StartupData data, int chains)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(chains);
    for (int c = 0; c < chains; c++) {
      setNext(store, data, next, failure, done);
    }
    if (!done.await(CALL_TIMEOUT.toMillis() + data.keys() * 10L, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the chained fill did not end");
    }
    throwIfFailed(failure);
  }

  /** Sets the next key and, once it is stored, the one after, until none is left. */
  private static void setNext(StoreClient store, StartupData data, AtomicInteger next,
      AtomicReference<Throwable> failure, CountDownLatch done) {
    int index = next.getAndIncrement();
    if (index >= data.keys() || failure.get() != null) {
      done.countDown();
      return;
    }
    store.set(StartupData.key(index), data.value(index), CALL_TIMEOUT)
        .whenComplete((stored, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
          setNext(store, data, next, failure, done);
        });
  }

  private static void throwIfFailed(AtomicReference<Throwable> failure) {
    if (failure.get() != null) {
      throw new IllegalStateException("the fill failed: " + failure.get(), failure.get());
    }
  }
}
