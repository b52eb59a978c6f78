package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.NO_TTL;
import static io.sharedstore.store.StoreDriver.cbor;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GetAll and SetAll at the actor: present keys only, all or nothing, and the max-value-size
 * budget of one batch (keys counted at 3 bytes a char, plus the values).
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchOperationsTest {

  private static final int MAX_VALUE_SIZE = 64;
  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), 10_000, 1000, 16, MAX_VALUE_SIZE, Duration.ofSeconds(60), 1000);

  @JUnit5TestKit
  ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(ManualTime.config()).build();

  private StoreDriver newStore() {
    return StoreDriver.spawn(testKit, SETTINGS);
  }

  @Test
  void getAllAnswersThePresentKeysOnlyWithTheirValues() {
    var store = newStore();
    store.set("a", cbor("A"), NO_TTL);
    store.set("b", cbor(2), OptionalLong.of(5000));
    store.set("gone", cbor(3), OptionalLong.of(1000));
    store.timePasses(Duration.ofMillis(1000));

    Map<String, Bytes> values =
        ok(store.getAll(List.of("b", "missing", "a", "gone", "b"))).values();
    assertEquals(List.of("b", "a"), new ArrayList<>(values.keySet()), "requested order, once");
    assertArrayEquals(cbor("A"), values.get("a").toArray());
    assertArrayEquals(cbor(2), values.get("b").toArray());
    assertEquals(Map.of(), ok(store.getAll(List.of("missing", "gone"))).values());
    assertEquals(Map.of(), ok(store.getAll(List.of())).values());
  }

  @Test
  void getAllRefusesABadKeyOrNoList() {
    var store = newStore();
    store.set("a", cbor(1), NO_TTL);
    refused(Refusal.INVALID, store.getAll(null));
    refused(Refusal.INVALID, store.getAll(Arrays.asList("a", null)));
    refused(Refusal.INVALID, store.getAll(List.of("a", "")));
    refused(Refusal.INVALID, store.getAll(List.of("a", "k".repeat(17))));
  }

  @Test
  void getAllWhoseReplyWouldPassMaxValueSizeIsRefusedClearly() {
    var store = newStore();
    store.set("a", new byte[40], NO_TTL);
    store.set("b", new byte[40], NO_TTL);
    assertEquals(1, ok(store.getAll(List.of("a", "missing"))).values().size());
    String error = refused(Refusal.INVALID, store.getAll(List.of("a", "b")));
    assertTrue(error.contains("max-value-size"), error);
    assertTrue(error.contains("fewer keys"), error);
  }

  @Test
  void setAllStoresEveryEntryWithTheTtl() {
    var store = newStore();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a", cbor(1));
    entries.put("b", cbor("two"));
    entries.put("c", new byte[0]);
    ok(store.setAll(entries, OptionalLong.of(1000)));
    assertEquals(new Stats(3, 3, 0), store.stats());
    for (var entry : entries.entrySet()) {
      assertArrayEquals(entry.getValue(), store.get(entry.getKey()).orElseThrow());
      assertEquals(OptionalLong.of(1000), ok(store.getTtl(entry.getKey())).remainingMillis());
    }
    store.timePasses(Duration.ofMillis(1000));
    assertEquals(Map.of(), ok(store.getAll(List.of("a", "b", "c"))).values());
  }

  @Test
  void setAllWithoutTtlStoresWithoutOneAndClearsOldTtls() {
    var store = newStore();
    store.set("a", cbor(0), OptionalLong.of(1000));
    ok(store.setAll(Map.of("a", cbor(1), "b", cbor(2)), NO_TTL));
    assertEquals(new Stats(2, 0, 0), store.stats());
    store.timePasses(Duration.ofMillis(2000));
    assertArrayEquals(cbor(1), store.get("a").orElseThrow());
    assertArrayEquals(cbor(2), store.get("b").orElseThrow());
  }

  @Test
  void setAllWithOneBadEntryStoresNothing() {
    var store = newStore();
    store.set("keep", cbor("old"), OptionalLong.of(5000));
    var before = store.snapshot("keep");

    List<Map<String, byte[]>> batches = new ArrayList<>();
    batches.add(withBad("keep", cbor("new"), "bad", null));
    batches.add(withBad("keep", cbor("new"), "bad", new byte[MAX_VALUE_SIZE + 1]));
    batches.add(withBad("keep", cbor("new"), "", cbor(1)));
    batches.add(withBad("keep", cbor("new"), "k".repeat(17), cbor(1)));
    batches.add(withBad("keep", cbor("new"), null, cbor(1)));
    for (Map<String, byte[]> batch : batches) {
      refused(Refusal.INVALID, store.setAll(batch, NO_TTL));
    }
    refused(Refusal.INVALID, store.setAll(Map.of("keep", cbor("new"), "x", cbor(1)),
        OptionalLong.of(0)));
    refused(Refusal.INVALID, store.setAll(Map.of("keep", cbor("new")), OptionalLong.of(-1)));
    refused(Refusal.INVALID, store.setAll(Map.of("keep", cbor("new")), null));
    refused(Refusal.INVALID, store.setAll(null, NO_TTL));

    assertEquals(before, store.snapshot("keep"));
    assertEquals(Optional.empty(), store.get("x"));
  }

  @Test
  void setAllOverMaxValueSizeIsRefusedAndStoresNothing() {
    var store = newStore();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a", new byte[30]);
    entries.put("b", new byte[30]);
    String error = refused(Refusal.INVALID, store.setAll(entries, NO_TTL));
    assertTrue(error.contains("max-value-size"), error);
    assertEquals(new Stats(0, 0, 0), store.stats());

    entries.remove("b");
    ok(store.setAll(entries, NO_TTL));
    assertEquals(1, store.stats().storedEntries());
  }

  @Test
  void setAllOfNoEntriesIsAcknowledged() {
    var store = newStore();
    ok(store.setAll(Map.of(), OptionalLong.of(1000)));
    assertEquals(new Stats(0, 0, 0), store.stats());
  }

  private static Map<String, byte[]> withBad(
      String goodKey, byte[] goodValue, String badKey, byte[] badValue) {
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(goodKey, goodValue);
    entries.put(badKey, badValue);
    return entries;
  }
}
