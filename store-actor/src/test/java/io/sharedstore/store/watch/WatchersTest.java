package io.sharedstore.store.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvent.Kind;
import io.sharedstore.store.protocol.WatchEvent.KeyEvent;
import io.sharedstore.store.protocol.WatchEvent.ResetReason;
import io.sharedstore.store.protocol.WatchEvents;
import io.sharedstore.store.wire.WireSizes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's watches at actor level: a real store actor, writes through {@link Execute}, a
 * {@link TestProbe} as the watcher. From the present, from a revision in the history, from one
 * no longer kept, a watcher that does not acknowledge, unwatch and the refusals.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchersTest {

  private static final OptionalLong NO_TTL = OptionalLong.empty();
  /** Long enough for a stray message to arrive; only ever waited for "nothing more". */
  private static final Duration QUIET = Duration.ofMillis(200);

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private final AtomicInteger ids = new AtomicInteger();

  private static final StoreSettings SETTINGS = StoreSettings.create(ConfigFactory.load());

  private ActorRef<Command> store(WatchSettings watch) {
    // No progress notice between the messages a test expects.
    return testKit.spawn(StoreActor.create(
        SETTINGS.withWatch(watch.withProgressInterval(Duration.ofHours(1)))));
  }

  /** Writes {@code size} bytes and waits for the acknowledgement: the revision after it. */
  private long set(ActorRef<Command> store, String key, int size) {
    TestProbe<StatusReply<Reply.Written>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set(key, Bytes.wrap(new byte[size]), NO_TTL),
        reply.getRef()));
    return reply.receiveMessage().getValue().revision();
  }

  /** The bytes {@code message} takes serialized, as Artery sends it. */
  private int serializedSize(WatchEvents message) {
    return SerializationExtension.get(Adapter.toClassic(testKit.system())).serialize(message)
        .get().length;
  }

  private static Bytes bytes(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes and waits for the acknowledgement: the store's revision after it. */
  private long set(ActorRef<Command> store, String key, String value) {
    TestProbe<StatusReply<Reply.Written>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set(key, bytes(value), NO_TTL), reply.getRef()));
    return reply.receiveMessage().getValue().revision();
  }

  private void delete(ActorRef<Command> store, String key) {
    TestProbe<StatusReply<Reply.Deleted>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Delete(key), reply.getRef()));
    assertTrue(reply.receiveMessage().isSuccess());
  }

  private String newId() {
    return "w-" + ids.incrementAndGet();
  }

  private static List<Long> revisions(List<WatchEvent> events) {
    return events.stream().map(WatchEvent::revision).toList();
  }

  /** Receives messages until one holds an event at {@code through}; all their events. */
  private static List<WatchEvent> receiveThrough(TestProbe<WatchEvents> watcher, long through) {
    List<WatchEvent> events = new ArrayList<>();
    while (events.isEmpty() || events.get(events.size() - 1).revision() < through) {
      WatchEvents message = watcher.receiveMessage();
      assertEquals(Optional.empty(), message.refusal());
      events.addAll(message.events());
    }
    return events;
  }

  /** The confirmation every accepted watch gets first: the revision it starts after. */
  private static long started(TestProbe<WatchEvents> watcher, String id) {
    WatchEvents message = watcher.receiveMessage();
    assertEquals(id, message.watchId());
    assertEquals(List.of(), message.events());
    assertEquals(Optional.empty(), message.refusal());
    return message.through();
  }

  private static KeyEvent changed(String key, long revision, String value) {
    return new KeyEvent(Kind.CHANGED, key, revision, Optional.of(bytes(value)), NO_TTL);
  }

  @Test
  void fromThePresentTheMatchingChangesOfLaterWritesInRevisionOrder() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    long r0 = set(store, "user:0", "before");
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "user:*", Watch.FROM_NOW, watcher.getRef()));
    assertEquals(r0, started(watcher, id));
    long r1 = set(store, "user:1", "a");
    set(store, "other:1", "x");
    long r2 = set(store, "user:2", "b");
    delete(store, "user:1");
    Map<String, Bytes> entries = new LinkedHashMap<>();
    entries.put("user:3", bytes("c"));
    entries.put("other:2", bytes("y"));
    entries.put("user:4", bytes("d"));
    TestProbe<StatusReply<Reply.Written>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.SetAll(entries, NO_TTL), reply.getRef()));
    long last = reply.receiveMessage().getValue().revision();

    assertEquals(WatchEvents.of(id, List.of(changed("user:1", r1, "a")), r1),
        watcher.receiveMessage().unnumbered());
    assertEquals(WatchEvents.of(id, List.of(changed("user:2", r2, "b")), r2),
        watcher.receiveMessage().unnumbered());
    assertEquals(WatchEvents.of(id, List.of(new KeyEvent(Kind.DELETED, "user:1", r2 + 1,
        Optional.empty(), NO_TTL)), r2 + 1), watcher.receiveMessage().unnumbered());
    // One change list (setAll), one message: its matching changes in revision order.
    assertEquals(WatchEvents.of(id, List.of(changed("user:3", last - 2, "c"),
        changed("user:4", last, "d")), last), watcher.receiveMessage().unnumbered());
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void fromARevisionInTheHistoryItReplaysThenGoesLiveWithNoGapOrDuplicate() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    Map<String, Bytes> entries = new LinkedHashMap<>();
    for (int i = 1; i <= 3 * Watchers.PAGE; i++) {
      entries.put("k" + i, bytes("v" + i));
    }
    TestProbe<StatusReply<Reply.Written>> reply = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.SetAll(entries, NO_TTL), reply.getRef()));
    long written = reply.receiveMessage().getValue().revision();
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    store.tell(new Watch(newId(), "k*", 10, watcher.getRef()));
    long live = set(store, "k1", "again"); // sent right behind the watch
    List<WatchEvent> events = receiveThrough(watcher, live);
    assertEquals(LongStream.rangeClosed(11, live).boxed().toList(), revisions(events));
    assertEquals(changed("k11", 11, "v11"), events.get(0));
    assertEquals(changed("k1", live, "again"), events.get(events.size() - 1));
    assertEquals(written + 1, live);
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void fromARevisionOlderThanKeptItGetsAGapThenGoesLive() {
    ActorRef<Command> store = store(new WatchSettings(5, Long.MAX_VALUE));
    long latest = 0;
    for (int i = 0; i < 10; i++) {
      latest = set(store, "k" + i, "v");
    }
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", 2, watcher.getRef()));
    assertEquals(2, started(watcher, id));
    assertEquals(WatchEvents.of(id, List.of(new WatchEvent.Reset(latest, ResetReason.GAP)),
        latest), watcher.receiveMessage().unnumbered());
    long next = set(store, "k0", "w");
    assertEquals(WatchEvents.of(id, List.of(changed("k0", next, "w")), next),
        watcher.receiveMessage().unnumbered());
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void aWatcherThatDoesNotAcknowledgeGetsOneOverflowAndNothingMoreUntilItDoes() {
    ActorRef<Command> store = store(new WatchSettings(1000, Long.MAX_VALUE, 3, 10));
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      written.add(set(store, "k" + i, "v" + i));
    }
    assertEquals(written, revisions(receiveThrough(watcher, written.get(2))));
    long overflowAt = set(store, "k3", "v3");
    long after1 = set(store, "k4", "v4");
    long after2 = set(store, "k5", "v5");
    assertEquals(WatchEvents.of(id, List.of(new WatchEvent.Reset(overflowAt,
        ResetReason.OVERFLOW)), overflowAt), watcher.receiveMessage().unnumbered());
    watcher.expectNoMessage(QUIET);

    // Acknowledging what it had is not enough: it must acknowledge the reset.
    store.tell(new WatchAck(id, written.get(2)));
    watcher.expectNoMessage(QUIET);
    store.tell(new WatchAck(id, overflowAt));
    assertEquals(WatchEvents.of(id, List.of(changed("k4", after1, "v4"),
        changed("k5", after2, "v5")), after2), watcher.receiveMessage().unnumbered());
    long live = set(store, "k6", "v6");
    assertEquals(WatchEvents.of(id, List.of(changed("k6", live, "v6")), live),
        watcher.receiveMessage().unnumbered());
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void acknowledgingKeepsAWatcherLivePastTheBuffer() {
    ActorRef<Command> store = store(new WatchSettings(1000, Long.MAX_VALUE, 2, 10));
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    started(watcher, id);
    for (int i = 0; i < 10; i++) {
      long revision = set(store, "k" + i, "v");
      WatchEvents events = watcher.receiveMessage();
      assertEquals(List.of(revision), revisions(events.events()));
      store.tell(new WatchAck(id, revision));
    }
  }

  @Test
  void unwatchStopsDelivery() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    started(watcher, id);
    long revision = set(store, "k", "v");
    assertEquals(WatchEvents.of(id, List.of(changed("k", revision, "v")), revision),
        watcher.receiveMessage().unnumbered());
    store.tell(new Unwatch(id));
    set(store, "k", "w");
    delete(store, "k");
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void aCatchUpIsSplitByBytesSoNoMessagePassesTheFrameAndAMaxSizeValueGoesAlone() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    long from = set(store, "big:start", "x");
    int quarter = SETTINGS.maxValueSize() * 2 / 5; // two fit in the budget, three do not
    List<Long> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(set(store, "big:" + i, quarter));
    }
    written.add(set(store, "big:max", SETTINGS.maxValueSize()));
    written.add(set(store, "big:small", 10));
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "big:*", from, watcher.getRef()));
    started(watcher, id);

    List<List<Long>> messages = new ArrayList<>();
    while (messages.stream().mapToInt(List::size).sum() < written.size()) {
      WatchEvents message = watcher.receiveMessage();
      long estimate = message.events().stream().mapToLong(WireSizes::watchEvent).sum();
      assertTrue(message.events().size() == 1 || estimate <= SETTINGS.maxValueSize(),
          () -> "a message of " + estimate + " estimated bytes");
      int size = serializedSize(message);
      assertTrue(size <= SETTINGS.maxFrameContent(), () -> "a message of " + size + " bytes");
      assertTrue(estimate >= size - 256, () -> "estimated " + estimate + ", serialized " + size);
      messages.add(revisions(message.events()));
    }
    assertEquals(List.of(written.subList(0, 2), written.subList(2, 4), written.subList(4, 5),
        written.subList(5, 6), written.subList(6, 7)), messages);
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void aWatcherPastTheByteBoundOverflowsAndCatchesUpWithinIt() {
    // An event of a 300-byte value under a 4-char key counts 64 + 12 + 300 = 376 bytes.
    ActorRef<Command> store = store(new WatchSettings(1000, Long.MAX_VALUE, 100, 10, 1000));
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    started(watcher, id);
    long r0 = set(store, "k:00", 300);
    long r1 = set(store, "k:01", 300);
    assertEquals(List.of(r0, r1), revisions(receiveThrough(watcher, r1)));
    long overflowAt = set(store, "k:02", 300); // 3 x 376 > 1000
    assertEquals(WatchEvents.of(id, List.of(new WatchEvent.Reset(overflowAt,
        ResetReason.OVERFLOW)), overflowAt), watcher.receiveMessage().unnumbered());
    long r3 = set(store, "k:03", 300);
    long r4 = set(store, "k:04", 300);
    long r5 = set(store, "k:05", 300);
    watcher.expectNoMessage(QUIET);

    store.tell(new WatchAck(id, overflowAt));
    WatchEvents two = watcher.receiveMessage(); // the third would pass the bound
    assertEquals(List.of(r3, r4), revisions(two.events()));
    assertEquals(r4, two.through());
    watcher.expectNoMessage(QUIET);
    store.tell(new WatchAck(id, r4));
    assertEquals(List.of(r5), revisions(watcher.receiveMessage().events()));
    store.tell(new WatchAck(id, r5));
    long live = set(store, "k:06", 300);
    assertEquals(List.of(live), revisions(watcher.receiveMessage().events()));
  }

  @Test
  void anEventLargerThanTheByteBoundStillGoesAloneOnceAllBeforeItIsAcknowledged() {
    ActorRef<Command> store = store(new WatchSettings(1000, Long.MAX_VALUE, 100, 10, 1000));
    long small = set(store, "k:small", 10);
    long large = set(store, "k:large", 5000);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", small - 1, watcher.getRef()));
    started(watcher, id);
    WatchEvents first = watcher.receiveMessage();
    assertEquals(List.of(small), revisions(first.events()));
    watcher.expectNoMessage(QUIET);
    store.tell(new WatchAck(id, small));
    WatchEvents alone = watcher.receiveMessage();
    assertEquals(List.of(large), revisions(alone.events()));
    assertEquals(large, alone.through());
  }

  @Test
  void aWatchIdLongerThanMaxKeyLengthIsRefused() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = "w".repeat(SETTINGS.maxKeyLength() + 1);
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    assertTrue(refusal(watcher, id).contains("watch id"));
  }

  private static String refusal(TestProbe<WatchEvents> watcher, String id) {
    WatchEvents answer = watcher.receiveMessage();
    assertEquals(id, answer.watchId());
    assertEquals(List.of(), answer.events());
    return answer.refusal().orElseThrow();
  }

  @Test
  void aBadWatchIsRefusedAndRegistersNothing() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    long latest = set(store, "k", "v");
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    store.tell(new Watch("bad-1", "", Watch.FROM_NOW, watcher.getRef()));
    assertTrue(refusal(watcher, "bad-1").startsWith("[invalid] "));
    store.tell(new Watch("bad-2", "ends\\", Watch.FROM_NOW, watcher.getRef()));
    assertTrue(refusal(watcher, "bad-2").contains("lone backslash"));
    store.tell(new Watch("bad-3", "x".repeat(10_000), Watch.FROM_NOW, watcher.getRef()));
    assertTrue(refusal(watcher, "bad-3").contains("max-key-length"));
    store.tell(new Watch("bad-4", "*", latest + 1, watcher.getRef()));
    assertTrue(refusal(watcher, "bad-4").contains("fromRevision"));
    store.tell(new Watch("bad-5", "*", -2, watcher.getRef()));
    assertTrue(refusal(watcher, "bad-5").startsWith("[invalid] "));
    store.tell(new Watch("", "*", Watch.FROM_NOW, watcher.getRef()));
    assertTrue(refusal(watcher, "").startsWith("[invalid] "));
    // None of them registered: a write reaches no one.
    set(store, "k", "w");
    watcher.expectNoMessage(QUIET);
  }

  @Test
  void aDuplicateIdAndTooManyWatchesPerClientAreRefused() {
    ActorRef<Command> store = store(new WatchSettings(1000, Long.MAX_VALUE, 100, 2));
    TestProbe<WatchEvents> first = testKit.createTestProbe();
    TestProbe<WatchEvents> second = testKit.createTestProbe();
    TestProbe<WatchEvents> third = testKit.createTestProbe();
    store.tell(new Watch("one", "a*", Watch.FROM_NOW, first.getRef()));
    started(first, "one");
    store.tell(new Watch("one", "*", Watch.FROM_NOW, second.getRef()));
    assertTrue(refusal(second, "one").contains("already watching"));
    store.tell(new Watch("two", "b*", Watch.FROM_NOW, second.getRef()));
    started(second, "two");
    store.tell(new Watch("three", "*", Watch.FROM_NOW, third.getRef()));
    assertTrue(refusal(third, "three").startsWith("[full] "));
    long a = set(store, "a1", "x");
    assertEquals(List.of(a), revisions(first.receiveMessage().events()));
    third.expectNoMessage(QUIET);

    store.tell(new Unwatch("one"));
    store.tell(new Watch("three", "*", Watch.FROM_NOW, third.getRef()));
    started(third, "three");
    long b = set(store, "b1", "y");
    assertEquals(List.of(b), revisions(second.receiveMessage().events()));
    assertEquals(List.of(b), revisions(third.receiveMessage().events()));
    first.expectNoMessage(QUIET);
  }

  @Test
  void aWatchsMessagesAreNumberedFromTheConfirmation() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "*", Watch.FROM_NOW, watcher.getRef()));
    assertEquals(0, watcher.receiveMessage().sequence());
    for (int i = 1; i <= 3; i++) {
      set(store, "k" + i, "v");
      assertEquals(i, watcher.receiveMessage().sequence());
    }
  }

  @Test
  void theWritesOfOneBatchReachAWatcherInOneMessage() {
    ActorRef<Command> store = store(WatchSettings.DEFAULTS);
    TestProbe<WatchEvents> watcher = testKit.createTestProbe();
    String id = newId();
    store.tell(new Watch(id, "b*", Watch.FROM_NOW, watcher.getRef()));
    long from = started(watcher, id);
    TestProbe<io.sharedstore.store.protocol.Replies> replies = testKit.createTestProbe();
    store.tell(new io.sharedstore.store.protocol.Batch(List.of(
        new io.sharedstore.store.protocol.Request(1, new Operation.Set("b1", bytes("x"), NO_TTL)),
        new io.sharedstore.store.protocol.Request(2, new Operation.Set("other", bytes("y"),
            NO_TTL)),
        new io.sharedstore.store.protocol.Request(3, new Operation.Delete("b1"))),
        replies.getRef()));
    replies.receiveMessage();
    assertEquals(WatchEvents.of(id, List.of(changed("b1", from + 1, "x"),
        new KeyEvent(Kind.DELETED, "b1", from + 3, Optional.empty(), NO_TTL)), from + 3, 1),
        watcher.receiveMessage());
    watcher.expectNoMessage(QUIET);
  }
}
