package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;

/** The operations of one client reach the manager, in another JVM, in the order issued. */
class OrderingAcrossProcessesTest {

  private static final int WRITES = 1_000;

  /** Long enough that a slow machine does not turn an ordering test into a timeout test. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void getIssuedAfterManyUnawaitedSetsSeesTheLastOne() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        ClusterClient cluster = ClusterClient.connect(1, manager.address())) {
      StoreClient store = cluster.store();

      List<CompletableFuture<Done>> writes = new ArrayList<>(WRITES);
      for (int i = 0; i < WRITES; i++) {
        writes.add(store.set("n", i, TIMEOUT).toCompletableFuture());
      }
      CompletionStage<Optional<Integer>> read = store.get("n", Integer.class, TIMEOUT);

      assertEquals(Optional.of(WRITES - 1), Stages.result(read));
      Stages.result(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
      for (int i = 0; i < WRITES; i++) {
        assertEquals(Done.getInstance(), writes.get(i).getNow(null), "write " + i);
      }
    }
  }
}
