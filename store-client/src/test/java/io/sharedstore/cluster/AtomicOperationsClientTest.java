package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The race-free operations through a ClusterClient over real Artery remoting. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtomicOperationsClientTest {

  record Claim(String owner, int attempt) {}

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(11, manager.address());
  private final StoreClient store = cluster.store();

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  @Test
  void incrementStartsAtZeroAndAddsNegativeDeltasToo() {
    assertEquals(5L, await(store.increment("counter:a", 5)));
    assertEquals(3L, await(store.increment("counter:a", -2)));
    assertEquals(Optional.of(3L), await(store.get("counter:a", Long.class)));
    assertEquals(Optional.of(3), await(store.get("counter:a")));
  }

  @Test
  void incrementOfANonIntegerFailsWithStoreTypeExceptionAndChangesNothing() {
    await(store.set("counter:text", "abc"));
    StoreTypeException e =
        assertThrows(StoreTypeException.class, () -> await(store.increment("counter:text", 1)));
    assertEquals("increment", e.operation());
    assertEquals(Optional.of("abc"), await(store.get("counter:text", String.class)));
    await(store.set("counter:float", 1.5));
    assertThrows(StoreTypeException.class, () -> await(store.increment("counter:float", 1)));
  }

  @Test
  void incrementPastTheLongRangeFailsAndChangesNothing() {
    await(store.set("counter:max", Long.MAX_VALUE - 1));
    assertEquals(Long.MAX_VALUE, await(store.increment("counter:max", 1)));
    assertThrows(StoreOverflowException.class, () -> await(store.increment("counter:max", 1)));
    assertEquals(Optional.of(Long.MAX_VALUE), await(store.get("counter:max", Long.class)));
  }

  @Test
  void anIncrementsTtlAppliesOnlyWhenItCreatesTheKey() {
    SetOptions window = SetOptions.ttl(Duration.ofMinutes(1));
    await(store.increment("counter:window", 1, window));
    Duration first = await(store.ttl("counter:window")).remaining().orElseThrow();
    await(store.increment("counter:window", 1, SetOptions.ttl(Duration.ofHours(1))));
    Duration second = await(store.ttl("counter:window")).remaining().orElseThrow();
    assertTrue(second.compareTo(first) <= 0, "the window moved: " + first + " -> " + second);
    await(store.increment("counter:plain", 1));
    assertEquals(new Ttl(true, Optional.empty()), await(store.ttl("counter:plain")));
  }

  @Test
  void incrementBoundedIsAWholeRateLimiter() {
    SetOptions window = SetOptions.ttl(Duration.ofMinutes(1));
    for (long i = 1; i <= 3; i++) {
      assertEquals(OptionalLong.of(i), await(store.incrementBounded("rate:g1", 1, 3, window)));
    }
    assertEquals(OptionalLong.empty(), await(store.incrementBounded("rate:g1", 1, 3, window)));
    assertEquals(Optional.of(3L), await(store.get("rate:g1", Long.class)));
    assertEquals(OptionalLong.empty(), await(store.incrementBounded("rate:g2", 5, 3, window)));
    assertFalse(await(store.has("rate:g2")), "a refused first increment must not create the key");
    assertThrows(IllegalArgumentException.class, () -> store.incrementBounded("rate:g1", 0, 3, window));
    assertThrows(IllegalArgumentException.class, () -> store.incrementBounded("rate:g1", -1, 3, window));
  }

  @Test
  void aRetriedIncrementWithTheSameRequestIdIsAppliedOnce() {
    SetOptions retry = SetOptions.none().withRequestId("retry-1");
    assertEquals(1L, await(store.increment("counter:retried", 1, retry)));
    assertEquals(1L, await(store.increment("counter:retried", 1, retry)));
    assertEquals(Optional.of(1L), await(store.get("counter:retried", Long.class)));
    assertEquals(2L, await(store.increment("counter:retried", 1)));
  }

  @Test
  void setIfAbsentStoresOnlyOnce() {
    SetOptions claimTtl = SetOptions.ttl(Duration.ofMinutes(1));
    assertTrue(await(store.setIfAbsent("task:1", new Claim("c1", 1), claimTtl)));
    assertFalse(await(store.setIfAbsent("task:1", new Claim("c2", 1), claimTtl)));
    assertEquals(Optional.of(new Claim("c1", 1)), await(store.get("task:1", Claim.class)));
    assertTrue(await(store.ttl("task:1")).remaining().isPresent());
  }

  @Test
  void compareAndSetComparesJsonTrees() {
    await(store.set("cfg", Map.of("mode", "on", "level", 1)));
    assertFalse(await(store.compareAndSet("cfg", Map.of("mode", "off", "level", 1), "x")));
    assertTrue(
        await(store.compareAndSet("cfg", Map.of("level", 1.0, "mode", "on"), Map.of("mode", "off"))));
    assertEquals(Optional.of(Map.of("mode", "off")), await(store.get("cfg")));
    assertFalse(await(store.compareAndSet("cfg:new", "something", "v")));
    assertTrue(await(store.compareAndSet("cfg:new", null, "v")));
    assertFalse(await(store.compareAndSet("cfg:new", null, "w")));
    assertEquals(Optional.of("v"), await(store.get("cfg:new", String.class)));
  }

  @Test
  void deleteIfEqualsReleasesOnlyTheOwnersClaim() {
    await(store.setIfAbsent("lock:1", new Claim("owner", 3)));
    assertFalse(await(store.deleteIfEquals("lock:1", new Claim("intruder", 3))));
    assertTrue(await(store.has("lock:1")));
    assertTrue(await(store.deleteIfEquals("lock:1", new Claim("owner", 3))));
    assertFalse(await(store.has("lock:1")));
    assertFalse(await(store.deleteIfEquals("lock:1", new Claim("owner", 3))));
  }

  @Test
  void getAndDeleteAndGetAndSetAnswerThePreviousValue() {
    await(store.set("gad", "first"));
    assertEquals(Optional.of("first"), await(store.getAndSet("gad", "second", String.class)));
    assertEquals(Optional.of("second"), await(store.getAndDelete("gad", String.class)));
    assertEquals(Optional.empty(), await(store.getAndDelete("gad", String.class)));
    assertEquals(Optional.empty(), await(store.getAndSet("gad", "third", String.class)));
    assertEquals(Optional.of("third"), await(store.get("gad", String.class)));
  }

  @Test
  void expirePersistAndTtl() {
    assertEquals(new Ttl(false, Optional.empty()), await(store.ttl("exp:missing")));
    assertFalse(await(store.expire("exp:missing", Duration.ofSeconds(10))));
    assertFalse(await(store.persist("exp:missing")));

    await(store.set("exp:k", "v"));
    assertEquals(new Ttl(true, Optional.empty()), await(store.ttl("exp:k")));
    assertFalse(await(store.persist("exp:k")), "no TTL to remove");
    assertTrue(await(store.expire("exp:k", Duration.ofSeconds(10))));
    Duration left = await(store.ttl("exp:k")).remaining().orElseThrow();
    assertTrue(left.compareTo(Duration.ofSeconds(10)) <= 0 && left.compareTo(Duration.ofSeconds(5)) > 0, left.toString());
    assertTrue(await(store.persist("exp:k")));
    assertEquals(new Ttl(true, Optional.empty()), await(store.ttl("exp:k")));

    assertThrows(IllegalArgumentException.class, () -> store.expire("exp:k", Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> store.expire("exp:k", Duration.ofSeconds(-1)));
  }

  @Test
  void keysScanSizeAndDeleteAllOverTwoHundredThousandKeys() throws InterruptedException {
    int total = 200_000;
    for (int batch = 0; batch < total / 10_000; batch++) {
      Map<String, Integer> entries = new java.util.HashMap<>();
      for (int i = 0; i < 10_000; i++) {
        int n = batch * 10_000 + i;
        entries.put(String.format("big:%06d", n), n);
      }
      await(store.setAll(entries));
    }
    Map<String, Integer> shortLived = new java.util.HashMap<>();
    for (int i = 0; i < 50; i++) {
      shortLived.put("big:short:" + i, i);
    }
    await(store.setAll(shortLived, SetOptions.ttlMillis(200)));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (await(store.has("big:short:0")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    List<String> keys = await(store.keys("big:*"));
    assertEquals(total, keys.size());
    assertEquals(total, new java.util.HashSet<>(keys).size(), "duplicates in keys()");
    assertTrue(keys.stream().noneMatch(k -> k.startsWith("big:short:")), "an expired key was listed");
    assertEquals(List.of("big:000010", "big:000011", "big:000012", "big:000013", "big:000014",
        "big:000015", "big:000016", "big:000017", "big:000018", "big:000019"),
        await(store.keys("big:00001?")));

    int pages = 0;
    int seen = 0;
    String cursor = "";
    do {
      ScanPage page = await(store.scan("big:0*", cursor, 500));
      assertTrue(page.keys().size() <= 500);
      seen += page.keys().size();
      cursor = page.cursor();
      pages++;
    } while (!cursor.isEmpty());
    assertEquals(100_000, seen);
    assertTrue(pages >= 200, pages + " pages");

    long size = await(store.size());
    assertTrue(size >= total, "size " + size);
    assertEquals(total, await(store.deleteAll("big:*")));
    assertEquals(List.of(), await(store.keys("big:*")));
    assertEquals(size - total, await(store.size()));
  }

  @Test
  void getAllAndSetAllWithTenThousandEntries() {
    Map<String, Integer> entries = new java.util.HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      entries.put("batch:" + i, i);
    }
    await(store.setAll(entries, SetOptions.ttl(Duration.ofMinutes(5))));
    List<String> asked = new java.util.ArrayList<>(entries.keySet());
    asked.add("batch:missing");
    Map<String, Integer> read = await(store.getAll(asked, Integer.class));
    assertEquals(entries, read);
    assertTrue(await(store.ttl("batch:7")).remaining().isPresent());
  }

  @Test
  void batchesThatBreakTheLimitsFailClearlyAndChangeNothing() {
    Map<String, byte[]> huge = new java.util.HashMap<>();
    for (int i = 0; i < 20; i++) {
      huge.put("huge:" + i, new byte[100_000]);
    }
    ValueTooLargeException tooLarge =
        assertThrows(ValueTooLargeException.class, () -> await(store.setAll(huge)));
    assertEquals("setAll", tooLarge.operation());
    assertFalse(await(store.has("huge:0")));

    Map<String, byte[]> half = new java.util.HashMap<>();
    for (int i = 0; i < 20; i++) {
      String key = "half:" + i;
      half.put(key, new byte[100_000]);
      await(store.set(key, new byte[100_000]));
    }
    StoreRejectedException replyTooLarge =
        assertThrows(StoreRejectedException.class,
            () -> await(store.getAll(half.keySet(), byte[].class)));
    assertTrue(replyTooLarge.getMessage().contains("max-value-size"), replyTooLarge.getMessage());

    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("ok", 1);
    withNull.put("bad", null);
    assertThrows(NullPointerException.class, () -> store.setAll(withNull));
    assertThrows(IllegalArgumentException.class, () -> store.setAll(Map.of("", 1)));
    assertThrows(IllegalArgumentException.class, () -> store.getAll(List.of("ok", ""), Integer.class));
    assertFalse(await(store.has("ok")));
  }

  @Test
  void badInputThrowsBeforeSending() {
    assertThrows(NullPointerException.class, () -> store.increment(null, 1));
    assertThrows(NullPointerException.class, () -> store.setIfAbsent("k", null));
    assertThrows(NullPointerException.class, () -> store.compareAndSet("k", "a", null));
    assertThrows(NullPointerException.class, () -> store.deleteIfEquals("k", null));
    assertThrows(NullPointerException.class, () -> store.keys(null));
    assertThrows(IllegalArgumentException.class, () -> store.keys(""));
    assertThrows(IllegalArgumentException.class, () -> store.keys("trailing\\"));
    assertThrows(IllegalArgumentException.class, () -> store.deleteAll(""));
    assertThrows(IllegalArgumentException.class, () -> store.scan("*", "", 0));
    assertThrows(NullPointerException.class, () -> store.scan("*", null, 10));
    assertThrows(NullPointerException.class, () -> store.increment("k", 1, (SetOptions) null));
    assertThrows(IllegalArgumentException.class, () -> SetOptions.none().withRequestId(""));
  }
}
