package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreRejectedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three store node JVMs with their slots on a real PostgreSQL (durability journal), three client
 * JVMs: the whole API across slots, from a client that knows every node (it sends each call to
 * its slot's owner) and from one that knows only the last (which forwards what it does not
 * serve); 3
 * x 4 threads x 2,000 increments of one counter end exactly at 24,000 with every value returned
 * once, setIfAbsent claims each task once, and the data is all there after every node stopped
 * and started again (the slots recover from the journal).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreClusterSlotsTest {

  private static final int NODES = 3;
  private static final int WORKERS = 3;
  private static final int THREADS = 4;
  private static final int ITERATIONS = 2_000;
  private static final int TASKS = 1_000;
  private static final int KEYS = 300;

  private StoreNodes nodes;
  private final List<ClusterClient> clients = new ArrayList<>();
  private StoreClient first;
  private StoreClient last;

  @BeforeAll
  void startNodesAndConnect() throws Exception {
    Assumptions.assumeTrue(io.sharedstore.testsupport.PostgresServer.missing().isEmpty(),
        () -> io.sharedstore.testsupport.PostgresServer.missing().orElse(""));
    nodes = StoreNodes.start(NODES, "journal", List.of());
    first = connect(1, String.join(",", nodes.addresses()));
    last = connect(2, nodes.addresses().get(NODES - 1));
  }

  private StoreClient connect(int id, String address) {
    ClusterClient client = ClusterClient.connect(id, address);
    clients.add(client);
    return client.store();
  }

  @AfterAll
  void stop() {
    try {
      clients.forEach(ClusterClient::close);
    } finally {
      if (nodes != null) {
        nodes.close();
      }
    }
  }

  @Test
  @Order(1)
  void theWholeApiWorksAcrossSlotsThroughAnyNode() {
    Map<String, Integer> written = new LinkedHashMap<>();
    List<CompletableFuture<?>> sets = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      written.put("api:" + i, i);
      sets.add(first.set("api:" + i, i).toCompletableFuture());
    }
    sets.forEach(Stages::result);
    Set<Integer> slots = new HashSet<>();
    written.keySet().forEach(key -> slots.add(StoreNodes.KEY_SLOTS.slotOf(key)));
    assertTrue(slots.size() > 200, "the keys spread over " + slots.size() + " slots");

    for (String key : List.of("api:0", "api:150", "api:299")) {
      assertEquals(Optional.of(written.get(key)), Stages.result(last.get(key, Integer.class)));
    }
    assertEquals(written, Stages.result(last.getAll(written.keySet(), Integer.class)));
    assertEquals(new HashSet<>(written.keySet()),
        new HashSet<>(Stages.result(last.keys("api:*"))));
    assertEquals(KEYS, Stages.result(first.size()));

    StoreRejectedException rejected = Stages.failure(
        first.setAll(Map.of("cross:a", 1, "cross:b", 2)), StoreRejectedException.class);
    assertTrue(rejected.getMessage().contains("more than one slot"), rejected.getMessage());
    assertEquals(Optional.empty(), Stages.result(last.get("cross:a", Integer.class)));
    Stages.result(first.setAll(Map.of("{cart:7}.items", 3, "{cart:7}.total", 30)));
    assertEquals(Map.of("{cart:7}.items", 3, "{cart:7}.total", 30), Stages.result(
        last.getAll(List.of("{cart:7}.items", "{cart:7}.total"), Integer.class)));

    assertEquals(5L, Stages.result(last.increment("api:counter", 5)));
    assertEquals(true, Stages.result(first.delete("api:0")));
    assertEquals(KEYS + 3 - 1, Stages.result(last.size()), "api:* less api:0, the counter, the cart");
  }

  @Test
  @Order(2)
  void incrementsFromThreeJvmsOverThreeNodesEndExactlyAt24000() throws Exception {
    List<RaceWorker.Result> results = Race.run(List.of(String.join(",", nodes.addresses())),
        first, "increment", "atomic", WORKERS, THREADS, ITERATIONS);
    long stored = Stages.result(first.get(RaceWorker.counterKey("atomic"), Long.class))
        .orElseThrow();
    assertEquals((long) WORKERS * THREADS * ITERATIONS, stored);
    assertEquals(List.of(),
        RaceChecks.increments(results, stored, (long) THREADS * ITERATIONS));
  }

  @Test
  @Order(3)
  void setIfAbsentFromThreeJvmsClaimsEachTaskOnce() throws Exception {
    List<RaceWorker.Result> results = Race.run(nodes.addresses(), first, "claim", "atomic",
        WORKERS, THREADS, TASKS);
    List<CompletableFuture<Optional<Integer>>> reads = new ArrayList<>();
    for (int task = 1; task <= TASKS; task++) {
      reads.add(last.get(RaceWorker.taskKey("atomic", task), Integer.class)
          .toCompletableFuture());
    }
    List<Optional<Integer>> stored = reads.stream().map(Stages::result).toList();
    assertEquals(List.of(), RaceChecks.claims(results, stored, TASKS));
  }

  @Test
  @Order(4)
  void everyNodeStoppedAndStartedAgainTheSlotsRecoverFromTheJournal() throws Exception {
    long counter = Stages.result(first.get(RaceWorker.counterKey("atomic"), Long.class))
        .orElseThrow();
    long size = Stages.result(first.size());
    clients.forEach(ClusterClient::close);
    clients.clear();
    nodes.nodes().forEach(node -> node.close());
    nodes.restartAll();
    StoreClient again = connect(3, String.join(",", nodes.addresses()));
    clients.get(0).awaitReachable(java.time.Duration.ofSeconds(30));
    assertEquals(Optional.of(counter),
        Stages.result(again.get(RaceWorker.counterKey("atomic"), Long.class)));
    assertEquals(Optional.of(150), Stages.result(again.get("api:150", Integer.class)));
    assertEquals(size, Stages.result(again.size()));
  }
}
