package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Calls issued together travel as batches, and their answers as replies split to fit a frame:
 * many large values in flight at once all cross, each to its own caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoalescingTest {

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(12, manager.address());
  private final StoreClient store = cluster.store();

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  @Test
  void manyLargeValuesWrittenAndReadAtOnceAllCrossToTheirOwnCallers() {
    int count = 8;
    List<byte[]> values = new ArrayList<>();
    List<CompletionStage<?>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[700_000];
      java.util.Arrays.fill(value, (byte) i);
      values.add(value);
      writes.add(store.set("large:" + i, value));
    }
    writes.forEach(InJvmManager::await);

    List<CompletionStage<Optional<byte[]>>> reads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      reads.add(store.get("large:" + i, byte[].class));
    }
    for (int i = 0; i < count; i++) {
      assertArrayEquals(values.get(i), await(reads.get(i)).orElseThrow(), "value " + i);
    }
  }

  @Test
  void aThousandMixedCallsIssuedAtOnceEachGetTheirOwnAnswer() {
    List<CompletionStage<Long>> increments = new ArrayList<>();
    List<CompletionStage<Optional<Integer>>> reads = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      store.set("mixed:" + i, i);
      increments.add(store.increment("mixed:counter", 1));
      reads.add(store.get("mixed:" + i, Integer.class));
    }
    for (int i = 0; i < 500; i++) {
      assertEquals(Optional.of(i), await(reads.get(i)));
      assertEquals(i + 1L, await(increments.get(i)));
    }
  }
}
