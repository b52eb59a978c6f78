package io.sharedstore.store;

import static io.sharedstore.store.StoreDriver.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.Manifest;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.watch.ChangeHistory;
import io.sharedstore.store.watch.WatchSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.Effect;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The store keeps every change it makes in its {@link ChangeHistory} (requests, batches,
 * stepped deleteAll, the sweep in steps), exactly what its listener is told; a durable store's
 * history after a restart holds the changes its logs replayed, from the snapshot's revision + 1.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreHistoryTest {

  /** Sweeps 3 and scans 4 keys per message. */
  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 3, 4, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final Duration RETRY = Duration.ofMillis(20);
  private static final OptionalLong NO_TTL = OptionalLong.empty();

  @JUnit5TestKit ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dir;

  private final AtomicLong nanos = new AtomicLong(1_700_000_000_000_000_000L);
  /** What the store's listener was told, data changes only. */
  private final List<Change> told = new CopyOnWriteArrayList<>();

  private final ChangeListener listener = changes -> changes.stream()
      .filter(change -> !(change instanceof Change.Remembered)).forEach(told::add);

  @BeforeEach
  void nothingToldYet() {
    told.clear(); // one instance for the class's tests
  }

  private static List<Change> all(ChangeHistory history) {
    return ((ChangeHistory.Page) history.since(history.oldestRevision() - 1, key -> true,
        Integer.MAX_VALUE)).changes();
  }

  private static List<Long> revisions(List<Change> changes) {
    return changes.stream().map(Change::revision).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static <R extends Reply> R run(BehaviorTestKit<Command> store, Operation<R> operation) {
    TestInbox<StatusReply<R>> reply = TestInbox.create();
    store.run(new Execute<>(operation, reply.getRef()));
    while (store.selfInbox().hasMessages()) {
      store.runOne(); // the next steps of a stepped operation
    }
    StatusReply<R> answer = reply.receiveMessage();
    assertTrue(answer.isSuccess(), () -> operation + ": " + answer.getError());
    return answer.getValue();
  }

  @Test
  void theStoreKeepsEveryChangeItMakesAndItsListenerIsTold() {
    ChangeHistory history = new ChangeHistory(WatchSettings.DEFAULTS);
    DurableStart.Recovered recovered = new DurableStart.Recovered(new StoreEngine(SETTINGS),
        "epoch-1", null, null, null, history);
    BehaviorTestKit<Command> store = BehaviorTestKit.create(StoreActor.create(SETTINGS,
        () -> nanos.get() / 1_000_000, nanos::get, listener, () -> recovered));
    @SuppressWarnings("unchecked")
    Effect.TimerScheduled<Command> tick = store.expectEffectClass(Effect.TimerScheduled.class);

    run(store, new Operation.Set("a", bytes(new byte[] {1}), NO_TTL));
    run(store, new Operation.Increment("n", 2, NO_TTL, Optional.of("request-1")));
    run(store, new Operation.SetAll(Map.of("d:1", bytes(new byte[] {1}), "d:2",
        bytes(new byte[] {2}), "d:3", bytes(new byte[] {3})), NO_TTL));
    TestInbox<Replies> batchReplies = TestInbox.create();
    store.run(new Batch(List.of(
        new Request(1, new Operation.Set("d:4", bytes(new byte[] {4}), NO_TTL)),
        new Request(2, new Operation.Delete("a")),
        new Request(3, new Operation.Set("d:5", bytes(new byte[] {5}), NO_TTL))),
        batchReplies.getRef()));
    batchReplies.receiveMessage();
    for (int i = 6; i <= 12; i++) {
      run(store, new Operation.Set("d:" + i, bytes(new byte[] {(byte) i}), NO_TTL));
    }
    assertEquals(12, run(store, new Operation.DeleteAll("d:*")).count());
    for (int i = 0; i < 8; i++) {
      run(store, new Operation.Set("ttl:" + i, bytes(new byte[] {1}), OptionalLong.of(1000)));
    }
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    store.getAllEffects();
    store.run(tick.msg());
    int sweeps = 1;
    for (List<Effect.TimerScheduled<?>> more = timers(store); !more.isEmpty();
        more = timers(store)) {
      store.run((Command) more.get(0).msg());
      sweeps++;
    }
    assertEquals(3, sweeps, "8 expired entries, 3 per step");
    long revision = run(store, new Operation.GetStats()).revision();

    assertEquals(told, all(history), "the history holds exactly what the listener was told");
    assertEquals(range(1, revision), revisions(all(history)));
    assertEquals(revision, history.latestRevision());
    assertEquals(8, all(history).stream().filter(change -> change instanceof Change.Removed r
        && r.cause() == Change.Cause.SWEPT).count());
  }

  @SuppressWarnings("unchecked")
  private static List<Effect.TimerScheduled<?>> timers(BehaviorTestKit<Command> store) {
    return store.getAllEffects().stream()
        .filter(Effect.TimerScheduled.class::isInstance)
        .<Effect.TimerScheduled<?>>map(effect -> (Effect.TimerScheduled<?>) effect)
        .toList();
  }

  // ------------------------------------------------------------------ durable

  private PersistenceSettings persistence(Path in) {
    return PersistenceSettings.in(in, PersistenceSettings.Fsync.ALWAYS,
        PersistenceSettings.OnCorruption.REFUSE);
  }

  private ActorRef<Command> start(PersistenceSettings persistence) {
    return testKit.spawn(StoreActor.create(SETTINGS, StoreClock.system(), Ticker.system(),
        listener, persistence, LogChannel::open, RETRY));
  }

  private <R extends Reply> R exec(ActorRef<Command> store, Operation<R> operation) {
    TestProbe<StatusReply<R>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(operation, probe.getRef()));
    StatusReply<R> reply = probe.receiveMessage();
    assertTrue(reply.isSuccess(), () -> operation + ": " + reply.getError());
    return reply.getValue();
  }

  private void set(ActorRef<Command> store, String key, int size) {
    exec(store, new Operation.Set(key, bytes(new byte[size]), NO_TTL));
  }

  private DurableStart.Recovered recover(PersistenceSettings persistence) {
    return DurableStart.recover(SETTINGS, persistence, StoreClock.system(), LogChannel::open,
        RETRY);
  }

  private static void release(DurableStart.Recovered recovered) {
    DurableStart.release(recovered.journal(), recovered.directory(),
        LoggerFactory.getLogger(StoreHistoryTest.class));
  }

  @Test
  void aRestartedDurableStoreHasTheChangesItsLogReplayedAsItsHistory() {
    Path in = dir.resolve("log-only");
    ActorRef<Command> first = start(persistence(in));
    set(first, "kept", 3);
    set(first, "gone", 3);
    exec(first, new Operation.Increment("count", 5, NO_TTL, Optional.of("request-1")));
    exec(first, new Operation.Set("ttl", bytes(new byte[] {1}), OptionalLong.of(3_600_000)));
    exec(first, new Operation.Delete("gone"));
    long revision = exec(first, new Operation.GetStats()).revision();
    testKit.stop(first);
    List<Change> made = List.copyOf(told);
    assertEquals(range(1, revision), revisions(made));

    DurableStart.Recovered recovered = recover(persistence(in));
    ChangeHistory history = recovered.history();
    assertEquals(made, all(history), "seeded with exactly the changes made before the stop");
    assertEquals(1, history.oldestRevision());
    assertEquals(revision, history.latestRevision());

    // The restarted store goes on recording from there.
    told.clear();
    ActorRef<Command> second = testKit.spawn(StoreActor.create(SETTINGS, StoreClock.system(),
        Ticker.system(), listener, DurableStart.once(recovered)));
    set(second, "after", 1);
    testKit.stop(second);
    assertEquals(range(1, revision + 1), revisions(all(history)));
    assertEquals(told, all(history).subList((int) revision, (int) revision + 1));
  }

  @Test
  void afterASnapshotTheHistoryStartsAtTheSnapshotsRevisionPlusOne() throws IOException {
    Path in = dir.resolve("snapshot");
    PersistenceSettings persistence = persistence(in).withRewrite(4096, 100);
    ActorRef<Command> first = start(persistence);
    int written = 0;
    while (Manifest.read(in).orElseThrow().snapshot().isEmpty()) {
      assertTrue(written < 10_000, "no snapshot after 10,000 writes");
      set(first, "k" + (written++ % 50), 100);
    }
    String snapshot = Manifest.read(in).orElseThrow().snapshot().orElseThrow();
    long snapshotRevision =
        Long.parseLong(snapshot.substring("snapshot-".length(), snapshot.indexOf('.')));
    for (int i = 0; i < 5; i++) {
      set(first, "after" + i, 10);
    }
    long revision = exec(first, new Operation.GetStats()).revision();
    testKit.stop(first);
    assertTrue(snapshotRevision > 0 && snapshotRevision < revision - 4,
        "snapshot at " + snapshotRevision + ", revision " + revision);

    DurableStart.Recovered recovered = recover(persistence);
    try {
      ChangeHistory history = recovered.history();
      assertEquals(snapshotRevision + 1, history.oldestRevision());
      assertEquals(revision, history.latestRevision());
      assertEquals(told.subList((int) snapshotRevision, told.size()), all(history),
          "exactly the changes after the snapshot");
      assertEquals(new ChangeHistory.Gap(snapshotRevision + 1),
          history.since(snapshotRevision - 1, key -> true, 10),
          "the snapshot's own changes are not held");
    } finally {
      release(recovered);
    }
  }
}
