package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.store.slots.KeySlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one key in each of a sample of slots every {@link #EVERY}, from a client of its own on a
 * thread of its own, and keeps per slot the longest stretch between two successful reads: the
 * gap in service a caller of that slot saw (a gap still open when it stops counts to then).
 * {@link #close} stops it; read the figures after.
 */
final class SlotProbe implements AutoCloseable {

  static final Duration EVERY = Duration.ofMillis(100);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  private final ClusterClient client;
  private final List<String> keys = new ArrayList<>();
  private final List<Integer> slots = new ArrayList<>();
  private final long[] lastSuccess;
  private final long[] longestGap;
  private final Thread thread;
  private volatile boolean running = true;

  /** Probes {@code sample} slots spread over {@code slotCount}, through {@code addresses}. */
  SlotProbe(int clusterId, String addresses, int slotCount, int sample) {
    client = ClusterClient.connect(clusterId, addresses);
    KeySlots keySlots = new KeySlots(slotCount);
    int step = Math.max(1, slotCount / sample);
    for (int slot = 0; slot < slotCount && slots.size() < sample; slot += step) {
      slots.add(slot);
      keys.add(keyIn(keySlots, slot));
    }
    lastSuccess = new long[slots.size()];
    longestGap = new long[slots.size()];
    thread = new Thread(this::run, "slot-probe");
  }

  private static String keyIn(KeySlots keySlots, int slot) {
    for (int i = 0; ; i++) {
      String key = "probe:" + i;
      if (keySlots.slotOf(key) == slot) {
        return key;
      }
    }
  }

  /** Starts probing once every slot of the sample answers. */
  SlotProbe start() {
    client.awaitReachable(Duration.ofSeconds(60));
    long now = System.nanoTime();
    java.util.Arrays.fill(lastSuccess, now);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    StoreClient store = client.store();
    while (running) {
      long round = System.nanoTime();
      List<CompletableFuture<Boolean>> reads = new ArrayList<>();
      for (String key : keys) {
        reads.add(store.has(key, CALL_TIMEOUT).toCompletableFuture());
      }
      for (int i = 0; i < reads.size(); i++) {
        boolean ok;
        try {
          reads.get(i).get(CALL_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
          ok = true;
        } catch (Exception e) {
          ok = false;
        }
        long now = System.nanoTime();
        if (ok) {
          longestGap[i] = Math.max(longestGap[i], now - lastSuccess[i]);
          lastSuccess[i] = now;
        }
      }
      long left = EVERY.toNanos() - (System.nanoTime() - round);
      if (left > 0) {
        try {
          Thread.sleep(left / 1_000_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The longest gap of any probed slot, in ms (read after {@link #close}). */
  long longestGapMillis() {
    long worst = 0;
    for (long gap : longestGap) {
      worst = Math.max(worst, gap);
    }
    return worst / 1_000_000;
  }

  /** Per probed slot, {@code slot=gapMs}, the worst first, at most {@code n} (after close). */
  String worst(int n) {
    List<long[]> gaps = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      gaps.add(new long[] {slots.get(i), longestGap[i] / 1_000_000});
    }
    gaps.sort((a, b) -> Long.compare(b[1], a[1]));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(n, gaps.size()); i++) {
      text.append(i == 0 ? "" : ", ").append(gaps.get(i)[0]).append('=').append(gaps.get(i)[1])
          .append(" ms");
    }
    return text.toString();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(CALL_TIMEOUT.toMillis() * 3);
    long now = System.nanoTime();
    for (int i = 0; i < lastSuccess.length; i++) {
      longestGap[i] = Math.max(longestGap[i], now - lastSuccess[i]); // a gap not yet healed
    }
    client.close();
  }
}
