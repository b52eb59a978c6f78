package io.sharedstore.demo.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of the mixed load and who may write each one when, so that every key but the counters
 * has one writer at a time and its last acknowledged write is well defined.
 *
 * <ul>
 *   <li>Owned keys {@code load:own:C:T:i}: written and read only by thread T of cluster C.
 *   <li>Shared keys {@code load:shared:i}: every cluster reads them; the writer rotates each
 *       {@link #SLOT_MILLIS} (by wall clock, common to the JVMs of one machine) among the
 *       clusters, and within the cluster it is thread {@code i % threads}. A writer sends only in
 *       the first {@link #WRITE_WINDOW_MILLIS} of its slot, so its last write is normally
 *       acknowledged before the next writer's first (the checker verifies it per key).
 *   <li>Counters {@code load:counter:i}: every thread of every cluster increments them.
 * </ul>
 *
 * @param clusters the number of load clusters, ids 1..clusters
 * @param threads threads per cluster
 */
public record KeySpace(int clusters, int threads, int ownedPerThread, int shared, int counters) {

  public static final long SLOT_MILLIS = 1000;
  public static final long WRITE_WINDOW_MILLIS = 600;

  /** The key whose value (the end of the run, epoch ms) starts every load client. */
  public static final String GO_KEY = "load:go";

  public KeySpace {
    if (clusters < 1 || threads < 1 || ownedPerThread < 1 || shared < 1 || counters < 1) {
      throw new IllegalArgumentException("every key space dimension must be at least 1");
    }
  }

  /** The default sizes for {@code clusters} clusters of {@code threads} threads. */
  public static KeySpace standard(int clusters, int threads) {
    return new KeySpace(clusters, threads, 40, 60, 10);
  }

  public String owned(int cluster, int thread, int i) {
    return "load:own:" + cluster + ":" + thread + ":" + i;
  }

  public String shared(int i) {
    return "load:shared:" + i;
  }

  public String counter(int i) {
    return "load:counter:" + i;
  }

  /** Whether thread {@code thread} of cluster {@code cluster} may write shared key {@code i} now. */
  public boolean mayWriteShared(int cluster, int thread, int i, long nowMillis) {
    long slot = nowMillis / SLOT_MILLIS;
    return nowMillis % SLOT_MILLIS < WRITE_WINDOW_MILLIS
        && (i + slot) % clusters + 1 == cluster
        && i % threads == thread;
  }

  /** Every key the load may touch, for the final read. */
  public List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    for (int c = 1; c <= clusters; c++) {
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < ownedPerThread; i++) {
          keys.add(owned(c, t, i));
        }
      }
    }
    for (int i = 0; i < shared; i++) {
      keys.add(shared(i));
    }
    for (int i = 0; i < counters; i++) {
      keys.add(counter(i));
    }
    return keys;
  }
}
