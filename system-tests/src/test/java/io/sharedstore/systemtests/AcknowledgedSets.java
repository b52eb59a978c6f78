package io.sharedstore.systemtests;

import io.sharedstore.cluster.StoreClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writer threads in the test JVM, each setting keys of its own one after another and recording
 * every set the manager acknowledged, with when: even steps set a fresh key {@code w<t>-<n>} to
 * {@code n}, odd steps overwrite the thread's {@code latest-<t>} with {@code n}. Then {@link
 * #lost} reads them back from a (restarted) manager and answers the acknowledged writes missing.
 */
final class AcknowledgedSets implements AutoCloseable {

  /** One acknowledged set: its key, value and {@link System#nanoTime()} of its answer. */
  record Ack(String key, long value, long ackNanos) {}

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final int READ_BATCH = 200;

  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
  /** Per thread, the highest odd step sent to {@code latest-<t>} (acknowledged or not). */
  private final Map<Integer, AtomicLong> latestSent = new HashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean stopping;

  private AcknowledgedSets() {}

  /** Starts {@code writers} threads writing through {@code store}. */
  static AcknowledgedSets start(StoreClient store, int writers) {
    AcknowledgedSets sets = new AcknowledgedSets();
    for (int t = 0; t < writers; t++) {
      int writer = t;
      sets.latestSent.put(writer, new AtomicLong(-1));
      Thread thread = new Thread(() -> sets.write(store, writer), "writer-" + writer);
      thread.setDaemon(true);
      sets.threads.add(thread);
    }
    sets.threads.forEach(Thread::start);
    return sets;
  }

  private void write(StoreClient store, int writer) {
    for (long n = 0; !stopping; n++) {
      String key = n % 2 == 0 ? "w" + writer + "-" + n : "latest-" + writer;
      if (n % 2 == 1) {
        latestSent.get(writer).set(n);
      }
      try {
        store.set(key, n, CALL_TIMEOUT).toCompletableFuture()
            .get(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        acks.add(new Ack(key, n, System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        failures.incrementAndGet();
        // The manager is gone: the call after it would fail the same way.
        return;
      }
    }
  }

  /** Tells the writers to stop and waits for them (a call in flight ends within its timeout). */
  void stop() throws InterruptedException {
    stopping = true;
    for (Thread thread : threads) {
      thread.join(CALL_TIMEOUT.multipliedBy(3).toMillis());
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " did not stop");
      }
    }
  }

  List<Ack> acks() {
    return List.copyOf(acks);
  }

  long failures() {
    return failures.get();
  }

  /**
   * The acknowledged writes that {@code store} does not hold: a fresh key missing or with
   * another value, or a {@code latest-<t>} older than its last acknowledged value (or newer than
   * anything sent).
   */
  List<Ack> lost(StoreClient store) {
    Map<String, Ack> lastAck = new HashMap<>();
    for (Ack ack : acks) {
      lastAck.merge(ack.key(), ack, (a, b) -> a.value() >= b.value() ? a : b);
    }
    List<String> keys = new ArrayList<>(lastAck.keySet());
    Map<String, Long> held = new HashMap<>();
    for (int i = 0; i < keys.size(); i += READ_BATCH) {
      List<String> batch = keys.subList(i, Math.min(keys.size(), i + READ_BATCH));
      held.putAll(Stages.result(store.getAll(batch, Long.class, Duration.ofSeconds(20))));
    }
    List<Ack> lost = new ArrayList<>();
    for (Ack ack : lastAck.values()) {
      Long value = held.get(ack.key());
      if (ack.key().startsWith("latest-")) {
        long sent = latestSent.get(Integer.parseInt(ack.key().substring(7))).get();
        if (value == null || value < ack.value() || value > sent) {
          lost.add(ack);
        }
      } else if (value == null || value != ack.value()) {
        lost.add(ack);
      }
    }
    return lost;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
