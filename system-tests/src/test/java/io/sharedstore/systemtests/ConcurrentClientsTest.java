package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.ManagerProcess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Three clients, each with an ActorSystem of its own, write disjoint keys into one manager JVM at
 * the same time and read each other's values.
 */
class ConcurrentClientsTest {

  private static final int CLIENTS = 3;
  private static final int KEYS_PER_CLIENT = 200;

  @Test
  void clientsWriteConcurrentlyAndReadEachOthersValues() throws Exception {
    try (ManagerProcess manager = Managers.start(0)) {
      List<ClusterClient> clients = new ArrayList<>();
      ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
      try {
        for (int id = 1; id <= CLIENTS; id++) {
          clients.add(ClusterClient.connect(id, manager.address()));
        }
        assertEquals(CLIENTS, distinctSystemAddresses(clients), "each client has its own system");

        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (ClusterClient client : clients) {
          done.add(writers.submit(() -> writeOwnKeys(client, go)));
        }
        go.countDown();
        for (Future<?> writer : done) {
          writer.get();
        }

        for (ClusterClient reader : clients) {
          for (ClusterClient writer : clients) {
            assertReadsValuesOf(reader.store(), writer.id());
          }
        }
      } finally {
        writers.shutdownNow();
        clients.forEach(ClusterClient::close);
      }
    }
  }

  private static Void writeOwnKeys(ClusterClient client, CountDownLatch go)
      throws InterruptedException {
    go.await();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int k = 0; k < KEYS_PER_CLIENT; k++) {
      writes.add(client.store().set(key(client.id(), k), value(client.id(), k)).toCompletableFuture());
    }
    Stages.result(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    return null;
  }

  private static void assertReadsValuesOf(StoreClient reader, int writerId) {
    List<CompletableFuture<Optional<String>>> reads = new ArrayList<>();
    for (int k = 0; k < KEYS_PER_CLIENT; k++) {
      reads.add(reader.get(key(writerId, k), String.class).toCompletableFuture());
    }
    for (int k = 0; k < KEYS_PER_CLIENT; k++) {
      assertEquals(Optional.of(value(writerId, k)), Stages.result(reads.get(k)), key(writerId, k));
    }
  }

  private static int distinctSystemAddresses(List<ClusterClient> clients) {
    var addresses = new HashSet<>();
    clients.forEach(c -> addresses.add(c.system().address()));
    return addresses.size();
  }

  private static String key(int clientId, int k) {
    return "client-" + clientId + "/key-" + k;
  }

  private static String value(int clientId, int k) {
    return "written by client " + clientId + " as value " + k;
  }
}
