package io.sharedstore.demo.load;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads the keys of a finished load in batches, noting when each batch was sent and answered. */
public final class FinalReads {

  private static final int BATCH = 200;

  private FinalReads() {}

  /**
   * What the manager holds for each key, as of each batch's [send, ack] window; read {@link
   * MixedLoad#FINAL_READ_AFTER} after {@code endMillis}, the end of the load (epoch ms).
   */
  public static Map<String, Observation> read(StoreClient store, List<String> keys,
      long endMillis, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long readAt = endMillis + MixedLoad.FINAL_READ_AFTER.toMillis();
    for (long left; (left = readAt - System.currentTimeMillis()) > 0; ) {
      Thread.sleep(left);
    }
    Map<String, Observation> reads = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      long send = MixedLoad.nowMicros();
      Map<String, Long> values =
          store.getAll(batch, Long.class, timeout).toCompletableFuture()
              .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
      long ack = MixedLoad.nowMicros();
      for (String key : batch) {
        Long value = values.get(key);
        reads.put(key, new Observation(key, value == null ? JournalEntry.ABSENT : value, send, ack));
      }
    }
    return reads;
  }
}
