package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The whole seed API through a ClusterClient, over real Artery remoting on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterClientApiTest {

  record Player(String name, int level, List<String> tags, Optional<Instant> lastSeen) {}

  /** A classic JavaBean: no-argument constructor, getters and setters. */
  public static final class GuildSettings {
    private String prefix;
    private int maxQueue;

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public int getMaxQueue() {
      return maxQueue;
    }

    public void setMaxQueue(int maxQueue) {
      this.maxQueue = maxQueue;
    }
  }

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(1, manager.address());
  private final StoreClient store = cluster.store();

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  @Test
  void aRecordRoundTrips() {
    Player player = new Player("ada", 7, List.of("admin"), Optional.of(Instant.parse("2026-01-02T03:04:05Z")));
    assertEquals(Done.getInstance(), await(store.set("player:ada", player)));
    assertEquals(Optional.of(player), await(store.get("player:ada", Player.class)));
  }

  @Test
  void aJavaBeanRoundTrips() {
    GuildSettings settings = new GuildSettings();
    settings.setPrefix("!");
    settings.setMaxQueue(25);
    await(store.set("guild:1:settings", settings));
    GuildSettings read = await(store.get("guild:1:settings", GuildSettings.class)).orElseThrow();
    assertEquals("!", read.getPrefix());
    assertEquals(25, read.getMaxQueue());
  }

  @Test
  void genericTypesRoundTripWithATypeReference() {
    List<Player> team = List.of(new Player("a", 1, List.of(), Optional.empty()),
        new Player("b", 2, List.of("x"), Optional.empty()));
    await(store.set("team", team));
    assertEquals(Optional.of(team), await(store.get("team", new TypeReference<List<Player>>() {})));
    Map<String, Player> byName = Map.of("a", team.get(0));
    await(store.set("byName", byName));
    assertEquals(
        Optional.of(byName), await(store.get("byName", new TypeReference<Map<String, Player>>() {})));
  }

  @Test
  void untypedGetAnswersJacksonsNaturalTypes() {
    await(store.set("u:string", "text"));
    await(store.set("u:int", 42));
    await(store.set("u:long", 5_000_000_000L));
    await(store.set("u:double", 1.5));
    await(store.set("u:bool", true));
    await(store.set("u:list", List.of(1, "two")));
    await(store.set("u:map", Map.of("a", 1)));
    assertEquals(Optional.of("text"), await(store.get("u:string")));
    assertEquals(Optional.of(42), await(store.get("u:int")));
    assertEquals(Optional.of(5_000_000_000L), await(store.get("u:long")));
    assertEquals(Optional.of(1.5), await(store.get("u:double")));
    assertEquals(Optional.of(true), await(store.get("u:bool")));
    assertEquals(Optional.of(List.of(1, "two")), await(store.get("u:list")));
    assertEquals(Optional.of(Map.of("a", 1)), await(store.get("u:map")));
  }

  @Test
  void arraysAndJsonTreesRoundTrip() {
    await(store.set("array", new int[] {3, 1, 2}));
    assertArrayEquals(new int[] {3, 1, 2}, await(store.get("array", int[].class)).orElseThrow());
    ObjectNode tree = JsonNodeFactory.instance.objectNode().put("a", 1);
    tree.putArray("b").add("x").add(2.5);
    await(store.set("tree", tree));
    assertEquals(Optional.of(tree), await(store.get("tree", JsonNode.class)));
  }

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertEquals(Optional.empty(), await(store.get("never-set", String.class)));
    assertEquals(Optional.empty(), await(store.get("never-set")));
  }

  @Test
  void hasAndDeleteAnswerWhetherTheKeyExists() {
    await(store.set("hd", "v"));
    assertTrue(await(store.has("hd")));
    assertTrue(await(store.delete("hd")));
    assertFalse(await(store.has("hd")));
    assertFalse(await(store.delete("hd")));
  }

  @Test
  void everyOperationTakesItsOwnTimeout() {
    Duration timeout = Duration.ofSeconds(2);
    await(store.set("t", "v", timeout));
    await(store.set("t", "v", SetOptions.ttl(Duration.ofMinutes(1)), timeout));
    assertEquals(Optional.of("v"), await(store.get("t", String.class, timeout)));
    assertEquals(Optional.of("v"), await(store.get("t", new TypeReference<String>() {}, timeout)));
    assertEquals(Optional.of("v"), await(store.get("t", timeout)));
    assertTrue(await(store.has("t", timeout)));
    assertTrue(await(store.delete("t", timeout)));
    assertEquals(Duration.ofMillis(5000), store.defaultTimeout());
  }

  @Test
  void aKeyWithATtlIsGoneAfterIt() throws InterruptedException {
    await(store.set("short-lived", "v", SetOptions.ttlMillis(300)));
    assertTrue(await(store.has("short-lived")));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (await(store.has("short-lived")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(await(store.has("short-lived")));
    assertEquals(Optional.empty(), await(store.get("short-lived", String.class)));
  }

  @Test
  void operationsFromOneClientApplyInTheOrderIssued() {
    List<java.util.concurrent.CompletionStage<Done>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      writes.add(store.set("n", i));
    }
    var read = store.get("n", Integer.class);
    writes.forEach(InJvmManager::await);
    assertEquals(Optional.of(999), await(read));
  }
}
