package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreFullException;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A manager with a small heap and the default {@code max-memory} (60% of it), written to by a
 * client that never stops: the manager refuses new data with {@link StoreFullException} long
 * before it runs out of memory (it runs with {@code -XX:+ExitOnOutOfMemoryError}, so an OOM would
 * kill it), and keeps serving reads, overwrites and deletes.
 */
class StoreFullProcessTest {

  private static final int HEAP_MIB = 128;
  private static final int MAX_WRITES = 10_000;
  private static final int ROUND = 16;

  @ParameterizedTest(name = "values of {0} bytes")
  @ValueSource(ints = {100_000, 700_000})
  void aManagerWrittenWithoutEndRefusesNewDataInsteadOfRunningOutOfMemory(int valueSize)
      throws Exception {
    List<String> jvm = new ArrayList<>(JvmProcessOptions.fromEnvironmentWithout("-Xmx"));
    jvm.addAll(List.of("-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError"));
    try (ManagerProcess manager = ManagerProcess.start(Managers.layout(), 0, jvm,
            line -> System.out.println("[manager] " + line));
        ClusterClient cluster = ClusterClient.connect(43, manager.address())) {
      StoreClient store = cluster.store();
      Stages.result(store.set("warm-up", 1, Duration.ofSeconds(20)));

      int stored = 0;
      StoreFullException full = null;
      while (full == null && stored < MAX_WRITES) {
        List<CompletableFuture<?>> round = new ArrayList<>();
        for (int i = 0; i < ROUND; i++) {
          round.add(store.set("fill:" + (stored + i), value(valueSize, stored + i))
              .toCompletableFuture());
        }
        for (CompletableFuture<?> write : round) {
          try {
            write.get(Stages.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            stored++;
          } catch (ExecutionException e) {
            StoreFullException refused = assertInstanceOf(StoreFullException.class, e.getCause());
            full = full == null ? refused : full; // report the first refusal
          }
        }
      }
      System.out.printf("StoreFullProcessTest: -Xmx%dm, %d-byte values: %d stored (%.0f MiB of"
              + " values), then: %s%n", HEAP_MIB, valueSize, stored,
          stored * (double) valueSize / (1 << 20), full == null ? "never full" : full.getMessage());
      assertTrue(full != null, "the store never filled up");
      assertTrue(full.getMessage().contains("max-memory"), full.getMessage());

      // Full, and still serving: reads, a same-size overwrite, a delete that makes room.
      assertArrayEquals(value(valueSize, 0),
          Stages.result(store.get("fill:0", byte[].class)).orElseThrow());
      Stages.result(store.set("fill:1", value(valueSize, 7)));
      Stages.failure(store.set("one-more", value(valueSize, 1)), StoreFullException.class);
      assertTrue(Stages.result(store.delete("fill:2")));
      Stages.result(store.set("one-more", value(valueSize, 1)));

      assertTrue(manager.jvm().isAlive(), "the manager died");
      assertEquals(List.of(), manager.jvm().lines().stream()
          .filter(l -> l.contains("OutOfMemoryError") || l.contains(" ERROR ")).toList());
    }
  }

  private static byte[] value(int size, int seed) {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) seed);
    return value;
  }
}
