package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link StoreClient#info()} over real remoting against a fresh in-JVM manager, in a known state:
 * {@value #KEYS} keys of which {@value #WITH_TTL} with a TTL, {@value #CLIENTS} clients connected,
 * a hit and a miss, an expired key, a refusal, and the calls per operation that made it.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreInfoTest {

  private static final int KEYS = 6;
  private static final int WITH_TTL = 2;
  private static final int CLIENTS = 3;

  private InJvmManager manager;
  private final List<ClusterClient> clients = new ArrayList<>();
  private Instant connectedAfter;
  /** How many has calls it took to see the expiring key gone. */
  private long hasCalls;
  private StoreInfo info;

  @BeforeAll
  void knownState() {
    manager = new InJvmManager();
    connectedAfter = Instant.now();
    for (int i = 0; i < CLIENTS; i++) {
      ClusterClient client = ClusterClient.connect(31 + i, manager.address());
      clients.add(client);
      client.awaitReachable(Duration.ofSeconds(20)); // its first ping reached the heartbeat
    }
    StoreClient store = clients.get(0).store();
    await(store.set("plain:1", 1));
    await(store.set("plain:2", 2));
    await(store.set("plain:3", 3));
    await(store.set("text", "x"));
    await(store.set("ttl:1", 1, SetOptions.ttl(Duration.ofHours(1))));
    await(store.set("ttl:2", 2, SetOptions.ttl(Duration.ofHours(1))));
    await(store.set("gone", 0, SetOptions.ttlMillis(1)));
    boolean present = true;
    while (present) { // 1 ms passes within a few round trips; the read that finds it frees it
      present = await(store.has("gone"));
      hasCalls++;
    }
    assertEquals(Optional.of(1), await(store.get("plain:1", Integer.class))); // a hit
    assertEquals(Optional.empty(), await(store.get("missing", Integer.class))); // a miss
    CompletionException refused = assertThrows(CompletionException.class,
        () -> store.increment("text", 1).toCompletableFuture().join());
    assertTrue(refused.getCause() instanceof StoreTypeException, refused.toString());
    info = await(clients.get(1).store().info());
  }

  @AfterAll
  void stop() {
    clients.forEach(ClusterClient::close);
    manager.close();
  }

  @Test
  void theKeyspaceAndMemoryCountTheKeysAndThoseWithATtl() {
    assertEquals(new StoreInfo.Keyspace(KEYS, WITH_TTL), info.keyspace());
    assertEquals(KEYS, info.memory().entries());
    assertEquals(WITH_TTL, info.memory().entriesWithTtl());
    assertTrue(info.memory().usedMemory() > 0, info.memory().toString());
    assertTrue(info.memory().heapUsed() > 0 && info.memory().heapUsed() <= info.memory().heapMax(),
        info.memory().toString());
  }

  @Test
  void theClientsAreEveryConnectedClusterClientWithItsClusterIdAndTimes() {
    assertEquals(CLIENTS, info.clients().connectedClients());
    assertEquals(Set.of("31", "32", "33"), info.clients().clients().stream()
        .map(client -> client.clusterId().orElseThrow()).collect(Collectors.toSet()));
    for (StoreInfo.Client client : info.clients().clients()) {
      String id = client.clusterId().orElseThrow();
      assertTrue(client.address().startsWith("shared-store-cluster-" + id + "@127.0.0.1:"),
          client.toString());
      assertFalse(client.firstSeen().isAfter(client.lastHeartbeat()), client.toString());
      assertFalse(client.firstSeen().isBefore(connectedAfter.minusSeconds(1)), client.toString());
      assertFalse(client.lastHeartbeat().isAfter(Instant.now()), client.toString());
    }
  }

  @Test
  void theStatsCountHitsMissesExpiredRefusalsAndCallsPerOperation() {
    StoreInfo.Stats stats = info.stats();
    assertEquals(1, stats.expiredKeys());
    assertEquals(1 + (hasCalls - 1), stats.keyspaceHits(), "plain:1, and gone while present");
    assertEquals(2, stats.keyspaceMisses(), "missing, and gone once expired");
    assertEquals(Map.of("type", 1L), stats.refusedByReason());
    assertEquals(Map.of("set", 7L, "has", hasCalls, "get", 2L, "increment", 1L, "info", 1L),
        stats.operations());
    assertEquals(0, stats.watches());
  }

  @Test
  void theServerIsThisProcessAtTheManagersAddressInMemory() {
    StoreInfo.Server server = info.server();
    assertEquals(ProcessHandle.current().pid(), server.pid());
    assertEquals(manager.address(), server.hostPort());
    assertEquals(Optional.empty(), server.persistence());
    assertFalse(server.epoch().isEmpty());
    assertFalse(server.version().isEmpty());
    assertFalse(server.uptime().isNegative());
  }

  @Test
  void theSectionsUseRedisNames() {
    Map<String, Map<String, Object>> sections = info.sections();
    assertEquals(List.of("server", "clients", "memory", "stats", "keyspace"),
        List.copyOf(sections.keySet()));
    assertEquals(CLIENTS, sections.get("clients").get("connected_clients"));
    assertTrue(((String) sections.get("clients").get("client_0")).startsWith(
        "addr=shared-store-cluster-3"), sections.get("clients").toString());
    assertEquals(info.memory().usedMemory(), sections.get("memory").get("used_memory"));
    assertTrue(sections.get("stats").get("keyspace_hits") instanceof Long);
    assertEquals(info.stats().keyspaceHits(), sections.get("stats").get("keyspace_hits"));
    assertEquals(2L, sections.get("stats").get("keyspace_misses"));
    assertEquals(1L, sections.get("stats").get("expired_keys"));
    assertEquals(7L, sections.get("stats").get("cmdstat_set"));
    assertEquals(1L, sections.get("stats").get("refused_type"));
    assertEquals(7L + hasCalls + 2 + 1 + 1, sections.get("stats").get("total_commands_processed"));
    assertEquals((long) KEYS, sections.get("keyspace").get("keys"));
    assertEquals((long) WITH_TTL, sections.get("keyspace").get("keys_with_ttl"));
    assertEquals("off", sections.get("server").get("persistence"));
    assertEquals(manager.address(), sections.get("server").get("tcp_address"));
  }

  @Test
  void actorCodeAsksWithStoreRequestAndAWatchIsCounted() {
    ActorTestKit kit = manager.kit(); // any ActorSystem can host the probe: it is local
    ClusterClient client = clients.get(2);
    Watch watch = client.store().watch("plain:*", event -> { });
    try {
      TestProbe<StatusReply<StoreInfo>> probe = kit.createTestProbe();
      StoreInfo seen = null;
      for (int attempt = 0; attempt < 200; attempt++) { // the watch registers asynchronously
        client.storeRef().tell(StoreRequest.info(probe.getRef()));
        seen = probe.receiveMessage(Duration.ofSeconds(20)).getValue();
        if (seen.stats().watches() == 1) {
          break;
        }
      }
      assertEquals(1, seen.stats().watches());
      assertEquals(CLIENTS, seen.clients().connectedClients());
    } finally {
      watch.close();
    }
  }

  @Test
  void aBadTimeoutIsRefusedAtTheCall() {
    StoreClient store = clients.get(0).store();
    assertThrows(NullPointerException.class, () -> store.info(null));
    assertThrows(IllegalArgumentException.class, () -> store.info(Duration.ZERO));
  }

  @Test
  void aDurableManagerTellsItsDataDirectoryAndFsyncPolicy() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("store-info");
    try (InJvmManager durable = new InJvmManager(com.typesafe.config.ConfigFactory.parseString(
            "shared-store.persistence.dir = \"" + dir + "\"\n"
                + "shared-store.persistence.fsync = always"));
        ClusterClient client = ClusterClient.connect(40, durable.address())) {
      StoreInfo durableInfo = await(client.store().info());
      StoreInfo.Persistence persistence = durableInfo.server().persistence().orElseThrow();
      assertEquals(dir.toString(), persistence.directory());
      assertEquals("always", persistence.fsync());
      await(client.store().set("durable-info", "x".repeat(1000)));
      long logBytes = await(client.store().info()).server().persistence().orElseThrow().logBytes();
      assertTrue(logBytes >= persistence.logBytes() + 1000,
          "the log grew by the value written: " + persistence.logBytes() + " -> " + logBytes);
      assertEquals("on", durableInfo.sections().get("server").get("persistence"));
      assertEquals("always", durableInfo.sections().get("server").get("persistence_fsync"));
    }
  }
}
