package io.sharedstore.store;

import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import static io.sharedstore.store.StoreDriver.bytes;
import static io.sharedstore.store.StoreDriver.value;
import static io.sharedstore.store.StoreDriver.ok;
import static io.sharedstore.store.StoreDriver.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

/**
 * Scan, Size and DeleteAll over many keys, message by message with the synchronous
 * BehaviorTestKit: each message examines at most {@code scan-batch} keys (Size frees at most
 * {@code sweep-batch} expired entries), longer work continues in messages the actor sends itself,
 * and the totals are right. The clock is a plain counter; the sweep timer never fires here, so
 * an expired key stays stored until a read, Size or the test frees it.
 */
class BoundedScanTest {

  private static final int BATCH = 100;
  private static final StoreSettings SETTINGS =
      new StoreSettings(
          Duration.ofSeconds(30), BATCH, BATCH, 64, 1 << 20, Duration.ofSeconds(60), 1000);
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong nanos = new AtomicLong();
  private BehaviorTestKit<Command> store =
      BehaviorTestKit.create(StoreActor.create(SETTINGS, () -> nanos.get() / 1_000_000, nanos::get, ChangeListener.NONE));

  /** Every key stored, expired or not, as the actor's table holds them (for "examined" counts). */
  private final NavigableSet<String> stored = new TreeSet<>();

  /** Stored keys with the deadline of those that have a TTL. */
  private final Map<String, Long> deadlines = new HashMap<>();

  // --------------------------------------------------------------------- Scan

  @Test
  void eachScanPageExaminesAtMostOneBatchAndTheCursorAdvancesWhenFewMatch() {
    putAll(keys("k", 1050), OptionalLong.empty());

    List<KeyPage> pages = scanPages("*x", 1000); // no key matches
    assertEquals(11, pages.size(), "1,050 keys at 100 per message");
    for (KeyPage page : pages) {
      assertEquals(List.of(), page.keys());
    }
    assertBoundedSteps("*x", pages);

    List<KeyPage> sevens = scanPages("*7", 1000);
    assertBoundedSteps("*7", sevens);
    assertEquals(11, sevens.size());
    assertEquals(105, flatten(sevens).size());
  }

  @Test
  void aPageNeverHoldsMoreThanOneBatchNorMoreThanTheLimit() {
    putAll(keys("k", 1050), OptionalLong.empty());
    List<KeyPage> pages = scanPages("*", OperationRules.MAX_SCAN_LIMIT);
    assertBoundedSteps("*", pages);
    assertEquals(
        List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50),
        pages.stream().map(p -> p.keys().size()).toList());

    List<KeyPage> small = scanPages("*", 7);
    assertTrue(small.stream().allMatch(p -> p.keys().size() <= 7));
    assertEquals(List.copyOf(stored), flatten(small));
  }

  @Test
  void pagingFromTheStartToTheEndListsEveryLiveMatchOnceInKeyOrder() {
    List<String> all = keys("k", 1350);
    Collections.shuffle(all, new Random(1));
    putAll(all.subList(0, 900), OptionalLong.empty());
    putAll(all.subList(900, 1200), OptionalLong.of(1000)); // expire below
    putAll(all.subList(1200, 1350), OptionalLong.of(60_000)); // still live
    nanos.set(2 * SECOND);

    Map<String, Predicate<String>> globs = new LinkedHashMap<>();
    globs.put("*", key -> true);
    globs.put("*3*", key -> key.contains("3"));
    globs.put("k?5*", key -> key.startsWith("k") && key.charAt(2) == '5');
    globs.put("k00??", key -> key.startsWith("k00") && key.length() == 5);
    for (var glob : globs.entrySet()) {
      List<String> expected = liveKeys().stream().filter(glob.getValue()).toList();
      for (int limit : new int[] {1, 13, 1000}) {
        List<KeyPage> pages = scanPages(glob.getKey(), limit);
        assertBoundedSteps(glob.getKey(), pages);
        assertEquals(expected, flatten(pages), glob.getKey() + " with limit " + limit);
      }
    }
    assertEquals(1050, liveKeys().size());
  }

  @Test
  void aGlobWithALiteralPrefixReadsOnlyItsRange() {
    putAll(keys("a:", 1000), OptionalLong.empty());
    putAll(keys("user:", 150), OptionalLong.empty());
    putAll(keys("zz:", 1000), OptionalLong.empty());
    putAll(List.of("a*b1", "a*b2", "a*c", "aXb1", "a*"), OptionalLong.empty());

    List<KeyPage> users = scanPages("user:*", 1000);
    assertEquals(keys("user:", 150), flatten(users));
    assertTrue(users.size() <= 2, "starts at the prefix and stops after it: " + users.size());
    assertBoundedSteps("user:*", users);

    List<KeyPage> userHundreds = scanPages("user:01??", 1000);
    assertEquals(keys("user:", 150).subList(100, 150), flatten(userHundreds));
    assertEquals(1, userHundreds.size());

    assertEquals(List.of("a*b1", "a*b2"), flatten(scanPages("a\\*b*", 1000)));
    assertEquals(List.of(), flatten(scanPages("nothing:*", 1000)));
    assertEquals(1, scanPages("nothing:*", 1000).size());
  }

  @Test
  void aCursorBeforeThePrefixStartsAtThePrefixAndOneAfterItEndsTheScan() {
    putAll(keys("a:", 10), OptionalLong.empty());
    putAll(keys("m:", 10), OptionalLong.empty());
    putAll(keys("z:", 10), OptionalLong.empty());
    assertEquals(
        new KeyPage(keys("m:", 10), ""), ok(scan("m:*", "a:0003", 1000)));
    assertEquals(new KeyPage(List.of(), ""), ok(scan("m:*", "z:0000", 1000)));
    assertEquals(
        new KeyPage(keys("m:", 10).subList(5, 10), ""),
        ok(scan("m:*", "m:0004", 1000)));
  }

  @Test
  void keysPresentForTheWholeScanAreListedExactlyOnceWhileOthersComeAndGo() {
    Random random = new Random(42);
    List<String> stable = new ArrayList<>();
    List<String> changing = new ArrayList<>();
    for (int i = 0; i < 2400; i++) {
      (i % 2 == 0 ? stable : changing).add(String.format("k%05d", i));
    }
    putAll(stable, OptionalLong.empty());
    putAll(changing.subList(0, 600), OptionalLong.empty());

    List<String> listed = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      KeyPage page = ok(scan("*", cursor, 37));
      listed.addAll(page.keys());
      cursor = page.cursor();
      pages++;
      // Behind and ahead of the cursor: delete some changing keys (the cursor's own key
      // included, when it is one), add others, expire others.
      for (int i = 0; i < 20; i++) {
        String key = changing.get(random.nextInt(changing.size()));
        if (random.nextBoolean()) {
          delete(key);
        } else {
          put(key, random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(1));
        }
      }
      if (changing.contains(cursor)) {
        delete(cursor);
      }
      nanos.addAndGet(2_000_000);
    } while (!cursor.isEmpty());

    assertTrue(pages >= stable.size() / 37, "pages: " + pages);
    for (int i = 1; i < listed.size(); i++) {
      assertTrue(listed.get(i - 1).compareTo(listed.get(i)) < 0, "in order, no duplicate");
    }
    assertTrue(listed.containsAll(stable), "every stable key listed");
    assertEquals(new HashSet<>(listed).size(), listed.size());
  }

  @Test
  void scanRefusesBadInput() {
    putAll(keys("k", 10), OptionalLong.empty());
    refused(Refusal.INVALID, scan(null, "", 10));
    refused(Refusal.INVALID, scan("", "", 10));
    refused(Refusal.INVALID, scan("k\\", "", 10));
    refused(Refusal.INVALID, scan("*".repeat(65), "", 10));
    refused(Refusal.INVALID, scan("*", null, 10));
    refused(Refusal.INVALID, scan("*", "c".repeat(65), 10));
    refused(Refusal.INVALID, scan("*", "", 0));
    refused(Refusal.INVALID, scan("*", "", -1));
    refused(Refusal.INVALID, scan("*", "", OperationRules.MAX_SCAN_LIMIT + 1));
    assertEquals(10, ok(scan("*", "", OperationRules.MAX_SCAN_LIMIT)).keys().size());
  }

  // --------------------------------------------------------------------- Size

  @Test
  void sizeCountsLiveKeysOnlyFreeingExpiredOnesInBoundedSteps() {
    putAll(keys("forever", 500), OptionalLong.empty());
    putAll(keys("expired", 1050), OptionalLong.of(1000));
    putAll(keys("later", 50), OptionalLong.of(60_000));
    nanos.set(2 * SECOND);

    TestInbox<StatusReply<Count>> reply = TestInbox.create();
    store.run(new Execute<>(new Operation.Size(), reply.getRef()));
    assertEquals(1600 - BATCH, storedEntries(), "the first step freed one batch");
    int messages = 1;
    while (store.selfInbox().hasMessages()) {
      assertFalse(reply.hasMessages(), "no answer while expired entries remain");
      long before = storedEntries();
      store.runOne();
      messages++;
      long freed = before - storedEntries();
      assertTrue(freed > 0 && freed <= BATCH, "freed " + freed + " in one message");
    }
    assertEquals(new Count(550), ok(reply.receiveMessage()));
    assertEquals(11, messages, "1,050 expired entries at 100 per message");
    assertEquals(550, storedEntries());
  }

  @Test
  void sizeWithNothingExpiredAnswersAtOnce() {
    putAll(keys("k", 1500), OptionalLong.empty());
    assertEquals(new Count(1500), size());
    assertFalse(store.selfInbox().hasMessages());
  }

  // ---------------------------------------------------------------- DeleteAll

  @Test
  void deleteAllDeletesLiveMatchesInBoundedStepsAndLeavesTheRest() {
    putAll(keys("user:", 1000), OptionalLong.empty());
    putAll(keys("user:x", 120), OptionalLong.of(1000)); // expire below
    putAll(keys("user:y", 30), OptionalLong.of(60_000));
    putAll(keys("other:", 500), OptionalLong.empty());
    putAll(keys("v", 300), OptionalLong.empty()); // after "user:" in key order
    nanos.set(2 * SECOND);

    TestInbox<StatusReply<DeletedKeys>> reply = TestInbox.create();
    long before = storedEntries();
    store.run(new Execute<>(new Operation.DeleteAll("user:*"), reply.getRef()));
    int messages = 1;
    assertTrue(before - storedEntries() <= BATCH);
    while (store.selfInbox().hasMessages()) {
      assertFalse(reply.hasMessages(), "no answer while work remains");
      before = storedEntries();
      // Another request interleaves between two steps and is answered at once.
      TestInbox<StatusReply<Exists>> has = TestInbox.create();
      store.run(new Execute<>(new Operation.Has("other:0001"), has.getRef()));
      assertEquals(new Exists(true), ok(has.receiveMessage()));
      store.runOne();
      messages++;
      assertTrue(before - storedEntries() <= BATCH, "deleted " + (before - storedEntries()));
    }
    assertEquals(1030, ok(reply.receiveMessage()).count(), "live matches only");
    assertTrue(messages >= 1150 / BATCH, "examined 1,150 keys in " + messages + " messages");

    List<String> left = new ArrayList<>(keys("other:", 500));
    left.addAll(keys("v", 300));
    assertEquals(left, flatten(scanPages("*", 1000)));
    assertEquals(new Count(800), size());
  }

  @Test
  void deleteAllWithoutALiteralPrefixDeletesOnlyMatches() {
    putAll(keys("k", 1050), OptionalLong.empty());
    assertEquals(105, deleteAll("*7").count());
    List<String> expected = keys("k", 1050).stream().filter(k -> !k.endsWith("7")).toList();
    assertEquals(expected, flatten(scanPages("*", 1000)));
    assertEquals(0, deleteAll("*7").count());
    assertEquals(945, deleteAll("*").count());
    assertEquals(new Count(0), size());
  }

  @Test
  void deleteAllOfExpiredMatchesCountsNothing() {
    putAll(keys("session:", 250), OptionalLong.of(1000));
    nanos.set(2 * SECOND);
    assertEquals(0, deleteAll("session:*").count());
    assertEquals(new Count(0), size());
  }

  @Test
  void deleteAllRefusesABadGlobAndDeletesNothing() {
    putAll(keys("k", 10), OptionalLong.empty());
    for (String bad : new String[] {null, "", "k\\", "*".repeat(65)}) {
      TestInbox<StatusReply<DeletedKeys>> reply = TestInbox.create();
      store.run(new Execute<>(new Operation.DeleteAll(bad), reply.getRef()));
      refused(Refusal.INVALID, reply.receiveMessage());
      assertFalse(store.selfInbox().hasMessages());
    }
    assertEquals(10, storedEntries());
  }

  // -------------------------------------------------------------- 200,000 keys

  @Test
  void aScanOverTwoHundredThousandKeysIsCompleteWithoutDuplicatesOrExpiredKeys() {
    StoreSettings defaults =
        new StoreSettings(
            Duration.ofSeconds(30), 1000, 1000, 64, 64 << 20, Duration.ofSeconds(60), 1000);
    store = BehaviorTestKit.create(StoreActor.create(defaults, () -> nanos.get() / 1_000_000, nanos::get, ChangeListener.NONE));
    List<String> all = keys("key:", 200_000);
    List<String> expiring = new ArrayList<>();
    List<String> live = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % 4 == 1 ? expiring : live).add(all.get(i));
    }
    putAll(live, OptionalLong.empty());
    putAll(expiring, OptionalLong.of(1000));
    nanos.set(2 * SECOND);
    assertEquals(200_000, storedEntries());

    List<String> listed = new ArrayList<>(live.size());
    String cursor = "";
    int pages = 0;
    do {
      KeyPage page = ok(scan("*", cursor, 1000));
      assertTrue(page.keys().size() <= 1000);
      listed.addAll(page.keys());
      cursor = page.cursor();
      pages++;
    } while (!cursor.isEmpty());
    assertEquals(live, listed, "complete, in order, no duplicate, no expired key");
    assertTrue(pages >= 200, "at most 1,000 keys examined per page: " + pages + " pages");
    assertEquals(new Count(150_000), size());
  }

  // ------------------------------------------------------------------ helpers

  /** prefix + 0000, 0001, ...: in key order. */
  private static List<String> keys(String prefix, int n) {
    String format = prefix + (n > 10_000 ? "%06d" : "%04d");
    return IntStream.range(0, n).mapToObj(i -> String.format(format, i)).collect(
        Collectors.toCollection(ArrayList::new));
  }

  private void putAll(List<String> keys, OptionalLong ttl) {
    int chunk = 10_000;
    for (int from = 0; from < keys.size(); from += chunk) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      for (String key : keys.subList(from, Math.min(keys.size(), from + chunk))) {
        entries.put(key, new byte[] {1});
        track(key, ttl);
      }
      TestInbox<StatusReply<Written>> ack = TestInbox.create();
      store.run(new Execute<>(new Operation.SetAll(bytes(entries), ttl), ack.getRef()));
      ok(ack.receiveMessage());
    }
  }

  private void put(String key, OptionalLong ttl) {
    TestInbox<StatusReply<Written>> ack = TestInbox.create();
    store.run(new Execute<>(new Operation.Set(key, bytes(new byte[] {1}), ttl), ack.getRef()));
    ok(ack.receiveMessage());
    track(key, ttl);
  }

  private void track(String key, OptionalLong ttl) {
    stored.add(key);
    if (ttl.isPresent()) {
      deadlines.put(key, nanos.get() + ttl.getAsLong() * 1_000_000);
    } else {
      deadlines.remove(key);
    }
  }

  private void delete(String key) {
    TestInbox<StatusReply<Deleted>> reply = TestInbox.create();
    store.run(new Execute<>(new Operation.Delete(key), reply.getRef()));
    ok(reply.receiveMessage());
    stored.remove(key);
    deadlines.remove(key);
  }

  private List<String> liveKeys() {
    return stored.stream()
        .filter(key -> !deadlines.containsKey(key) || deadlines.get(key) > nanos.get())
        .toList();
  }

  private StatusReply<KeyPage> scan(String glob, String cursor, int limit) {
    TestInbox<StatusReply<KeyPage>> reply = TestInbox.create();
    store.run(new Execute<>(new Operation.Scan(glob, cursor, limit), reply.getRef()));
    assertFalse(store.selfInbox().hasMessages(), "a scan page is one message");
    return reply.receiveMessage();
  }

  /** Every page of a scan from the start to the end. */
  private List<KeyPage> scanPages(String glob, int limit) {
    List<KeyPage> pages = new ArrayList<>();
    String cursor = "";
    do {
      KeyPage page = ok(scan(glob, cursor, limit));
      pages.add(page);
      cursor = page.cursor();
      assertTrue(pages.size() <= stored.size() + 1, "the scan ends");
    } while (!cursor.isEmpty());
    return pages;
  }

  /**
   * Each page examined at most a batch of the stored keys its glob could match (those with its
   * literal prefix) after the previous cursor, and the cursor moved forward.
   */
  private void assertBoundedSteps(String glob, List<KeyPage> pages) {
    String prefix = Glob.of(glob).literalPrefix();
    String previous = "";
    for (KeyPage page : pages) {
      String cursor = page.cursor();
      if (!cursor.isEmpty()) {
        assertTrue(cursor.compareTo(previous) > 0, "the cursor advances past " + previous);
        long examined =
            (previous.isEmpty() ? stored.headSet(cursor, true) : stored.subSet(previous, false,
                cursor, true)).stream().filter(key -> key.startsWith(prefix)).count();
        assertTrue(examined <= BATCH, "page after [" + previous + "] examined " + examined);
        assertNotEquals(0, examined);
      }
      previous = cursor;
    }
  }

  private static List<String> flatten(List<KeyPage> pages) {
    return pages.stream().flatMap(page -> page.keys().stream()).toList();
  }

  private Count size() {
    TestInbox<StatusReply<Count>> reply = TestInbox.create();
    store.run(new Execute<>(new Operation.Size(), reply.getRef()));
    while (store.selfInbox().hasMessages()) {
      store.runOne();
    }
    return ok(reply.receiveMessage());
  }

  private DeletedKeys deleteAll(String glob) {
    TestInbox<StatusReply<DeletedKeys>> reply = TestInbox.create();
    store.run(new Execute<>(new Operation.DeleteAll(glob), reply.getRef()));
    while (store.selfInbox().hasMessages()) {
      store.runOne();
    }
    DeletedKeys count = ok(reply.receiveMessage());
    stored.removeIf(key -> Glob.of(glob).matches(key));
    return count;
  }

  private long storedEntries() {
    TestInbox<StatusReply<Stats>> inbox = TestInbox.create();
    store.run(new Execute<>(new Operation.GetStats(), inbox.getRef()));
    return inbox.receiveMessage().getValue().storedEntries();
  }
}
