package io.sharedstore.store;

import static io.sharedstore.store.StoreDriver.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.persistence.CorruptLogException;
import io.sharedstore.store.persistence.DataDirectoryInUseException;
import io.sharedstore.store.persistence.ForwardingChannel;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.Manifest;
import io.sharedstore.store.persistence.RecordLog;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.Reply.Counter;
import io.sharedstore.store.protocol.Reply.Stats;
import io.sharedstore.store.protocol.Reply.Value;
import io.sharedstore.store.protocol.Reply.Written;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store with a data directory: what it applied is there after a restart, its replies wait
 * for the log, and a damaged log is cut (its last record) or refused (a bad record before it).
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableStoreTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 1000, 1000, 64, 1024, Duration.ofSeconds(60),
          1000);

  /** The journal's retry interval after a write error here: short, so the tests wait little. */
  private static final Duration RETRY = Duration.ofMillis(20);

  @JUnit5TestKit ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dir;

  private PersistenceSettings persistence(PersistenceSettings.Fsync fsync) {
    return PersistenceSettings.in(dir, fsync, PersistenceSettings.OnCorruption.REFUSE);
  }

  private ActorRef<Command> start(PersistenceSettings persistence) {
    return testKit.spawn(StoreActor.create(SETTINGS, persistence));
  }

  private <R extends Reply> StatusReply<R> exec(ActorRef<Command> store, Operation<R> operation) {
    TestProbe<StatusReply<R>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(operation, probe.getRef()));
    return probe.receiveMessage();
  }

  private Optional<byte[]> get(ActorRef<Command> store, String key) {
    return exec(store, new Operation.Get(key)).getValue().bytes().map(b -> b.toArray());
  }

  private long revision(ActorRef<Command> store) {
    return exec(store, new Operation.GetStats()).getValue().revision();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void set(ActorRef<Command> store, String key, String value) {
    assertTrue(exec(store, new Operation.Set(key, bytes(text(value)), OptionalLong.empty()))
        .isSuccess());
  }

  @Test
  void aRestartOnTheSameDirectoryKeepsEveryChangeAndContinuesTheRevision() {
    for (PersistenceSettings.Fsync fsync : PersistenceSettings.Fsync.values()) {
      Path sub = dir.resolve(fsync.name());
      PersistenceSettings settings =
          PersistenceSettings.in(sub, fsync, PersistenceSettings.OnCorruption.REFUSE);
      ActorRef<Command> first = start(settings);
      set(first, "kept", "one");
      set(first, "gone", "two");
      assertTrue(exec(first, new Operation.Set("ttl", bytes(text("three")),
          OptionalLong.of(3_600_000))).isSuccess());
      Counter counted = exec(first, new Operation.Increment("count", 5, OptionalLong.empty(),
          Optional.of("request-1"))).getValue();
      assertTrue(exec(first, new Operation.Delete("gone")).getValue().existed());
      long revision = revision(first);
      testKit.stop(first);

      ActorRef<Command> second = start(settings);
      assertArrayEquals(text("one"), get(second, "kept").orElseThrow(), fsync.name());
      assertFalse(get(second, "gone").isPresent(), fsync.name());
      assertArrayEquals(text("three"), get(second, "ttl").orElseThrow(), fsync.name());
      long left = exec(second, new Operation.GetTtl("ttl")).getValue().remainingMillis().orElseThrow();
      assertTrue(left > 3_500_000 && left <= 3_600_000, "ttl left " + left);
      assertEquals(revision, revision(second), fsync.name());
      // The retry of the increment, by its request id, is answered from memory, not applied.
      Counter retried = exec(second, new Operation.Increment("count", 5, OptionalLong.empty(),
          Optional.of("request-1"))).getValue();
      assertEquals(counted.value(), retried.value(), fsync.name());
      Written next = exec(second, new Operation.Set("new", bytes(text("x")),
          OptionalLong.empty())).getValue();
      assertEquals(revision + 1, next.revision(), fsync.name());
      testKit.stop(second);
    }
  }

  @Test
  void repliesToWritesAndReadsWaitUntilTheLogIsDurable() throws Exception {
    GatedChannel[] gate = new GatedChannel[1];
    Behavior<Command> behavior = StoreActor.create(SETTINGS, StoreClock.system(), Ticker.system(),
        ChangeListener.NONE, persistence(PersistenceSettings.Fsync.ALWAYS),
        file -> gate[0] = new GatedChannel(LogChannel.open(file)), RETRY);
    ActorRef<Command> store = testKit.spawn(behavior);
    TestProbe<StatusReply<Written>> written = testKit.createTestProbe();
    TestProbe<StatusReply<Value>> read = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set("k", bytes(text("v")), OptionalLong.empty()),
        written.getRef()));
    store.tell(new Execute<>(new Operation.Get("k"), read.getRef()));
    try {
      assertTrue(gate[0].forceEntered.await(10, TimeUnit.SECONDS), "the journal never fsynced");
      // The set is applied and written, its fsync has not returned: neither reply may be sent.
      written.expectNoMessage(Duration.ofMillis(200));
      read.expectNoMessage(Duration.ofMillis(10));
    } finally {
      gate[0].release.countDown();
    }
    assertEquals(1, written.receiveMessage().getValue().revision());
    assertArrayEquals(text("v"), read.receiveMessage().getValue().bytes().orElseThrow().toArray());
    testKit.stop(store);
  }

  @Test
  void aReadOfKeysWhoseChangesAreDurableIsAnsweredWhileAWriteWaitsForItsFsync() throws Exception {
    GatedChannel[] gate = new GatedChannel[1];
    Behavior<Command> behavior = StoreActor.create(SETTINGS, StoreClock.system(), Ticker.system(),
        ChangeListener.NONE, persistence(PersistenceSettings.Fsync.ALWAYS),
        file -> gate[0] = new GatedChannel(LogChannel.open(file)), RETRY);
    ActorRef<Command> store = testKit.spawn(behavior);
    gate[0].open = true;
    set(store, "durable", "old"); // fsynced: the gate lets it through
    gate[0].open = false;
    TestProbe<StatusReply<Written>> written = testKit.createTestProbe();
    store.tell(new Execute<>(new Operation.Set("fresh", bytes(text("new")), OptionalLong.empty()),
        written.getRef()));
    TestProbe<Replies> batch = testKit.createTestProbe();
    try {
      assertTrue(gate[0].forceEntered.await(10, TimeUnit.SECONDS), "the journal never fsynced");
      // The key read below changed only durably: its reply goes while the set's fsync waits.
      assertArrayEquals(text("old"),
          exec(store, new Operation.Get("durable")).getValue().bytes().orElseThrow().toArray());
      assertTrue(exec(store, new Operation.Has("durable")).getValue().exists());
      // In a batch: the durable read is answered at once, the read of the fresh key waits.
      store.tell(new Batch(List.of(new Request(1, new Operation.Get("fresh")),
          new Request(2, new Operation.Get("durable"))), batch.getRef()));
      List<Outcome> first = batch.receiveMessage().outcomes();
      assertEquals(List.of(2L), first.stream().map(Outcome::id).toList());
      written.expectNoMessage(Duration.ofMillis(100));
      batch.expectNoMessage(Duration.ofMillis(10));
    } finally {
      gate[0].release.countDown();
    }
    assertEquals(2, written.receiveMessage().getValue().revision());
    List<Outcome> second = batch.receiveMessage().outcomes();
    assertEquals(List.of(1L), second.stream().map(Outcome::id).toList());
    testKit.stop(store);
  }

  @Test
  void aWriteTheLogCannotTakeFailsInsteadOfWaitingForEver() {
    Behavior<Command> behavior = StoreActor.create(SETTINGS, StoreClock.system(), Ticker.system(),
        ChangeListener.NONE, persistence(PersistenceSettings.Fsync.EVERYSEC),
        file -> new FailingChannel(LogChannel.open(file)), RETRY);
    ActorRef<Command> store = testKit.spawn(behavior);
    StatusReply<Written> reply = LoggingTestKit.error("could not be made durable")
        .expect(testKit.system(),
            () -> exec(store, new Operation.Set("k", bytes(text("v")), OptionalLong.empty())));
    assertTrue(reply.isError());
    String message = reply.getError().getMessage();
    assertTrue(message.contains(StoreActor.LOG_FILE) && message.contains("No space left"),
        message);
    assertEquals(Refusal.PERSISTENCE, Refusal.of(message), message);
    assertTrue(message.startsWith("[persistence] "), message);
    // Now read-only: a batch's write is refused unapplied, its read is answered from memory.
    TestProbe<Replies> batch = testKit.createTestProbe();
    store.tell(new Batch(List.of(new Request(1, new Operation.Set("b", bytes(text("w")),
        OptionalLong.empty())), new Request(2, new Operation.Get("k"))), batch.getRef()));
    List<Outcome> outcomes = batch.receiveMessage().outcomes();
    assertEquals(2, outcomes.size());
    String error = outcomes.get(0).error().orElseThrow();
    assertEquals(Refusal.READ_ONLY, Refusal.of(error), error);
    assertTrue(error.contains(StoreActor.LOG_FILE) && error.contains("No space left"), error);
    assertTrue(outcomes.get(1).error().isEmpty(), outcomes.get(1).toString());
    testKit.stop(store);
  }

  @Test
  void aRecordCutShortAtTheEndIsCutOffWithAWarning() throws IOException {
    ActorRef<Command> first = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    set(first, "a", "1");
    set(first, "b", "2");
    testKit.stop(first);
    Path log = dir.resolve(StoreActor.LOG_FILE);
    long whole = Files.size(log);
    // A crash in the middle of a write: a frame that announces 20 bytes, with 3 of them.
    Files.write(log, new byte[] {0, 0, 0, 20, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);

    ActorRef<Command> second = LoggingTestKit.warn("cut it at offset " + whole + ", dropping 11"
        + " bytes").expect(testKit.system(), () -> start(persistence(
            PersistenceSettings.Fsync.EVERYSEC)));
    assertEquals(whole, Files.size(log));
    assertArrayEquals(text("2"), get(second, "b").orElseThrow());
    set(second, "c", "3");
    testKit.stop(second);
    ActorRef<Command> third = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    assertArrayEquals(text("3"), get(third, "c").orElseThrow());
    assertEquals(3, revision(third));
    testKit.stop(third);
  }

  @Test
  void aBadRecordInTheMiddleRefusesTheStartUnlessRepaired() throws IOException {
    ActorRef<Command> first = start(persistence(PersistenceSettings.Fsync.NO));
    set(first, "a", "1");
    set(first, "b", "2");
    set(first, "c", "3");
    testKit.stop(first);
    Path log = dir.resolve(StoreActor.LOG_FILE);
    byte[] content = Files.readAllBytes(log);
    int firstLength = ByteBuffer.wrap(content, RecordLog.HEADER_BYTES, 4).getInt();
    int second = RecordLog.HEADER_BYTES + RecordLog.FRAME_BYTES + firstLength;
    content[second + RecordLog.FRAME_BYTES + 2] ^= 0x40; // a flipped bit in the second payload
    Files.write(log, content);

    CorruptLogException refused = assertThrows(CorruptLogException.class,
        () -> StoreActor.create(SETTINGS, persistence(PersistenceSettings.Fsync.NO)));
    assertTrue(refused.getMessage().contains(log.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains("offset " + second), refused.getMessage());
    assertTrue(refused.getMessage().contains("--repair"), refused.getMessage());
    assertEquals(content.length, Files.size(log), "a refused start changes nothing");

    PersistenceSettings repair = PersistenceSettings.in(dir, PersistenceSettings.Fsync.NO,
        PersistenceSettings.OnCorruption.TRUNCATE);
    ActorRef<Command> repaired = LoggingTestKit.warn("bad record at offset " + second)
        .expect(testKit.system(), () -> start(repair));
    assertArrayEquals(text("1"), get(repaired, "a").orElseThrow());
    assertFalse(get(repaired, "b").isPresent());
    assertFalse(get(repaired, "c").isPresent());
    assertEquals(1, revision(repaired));
    assertEquals(second, Files.size(log));
    testKit.stop(repaired);
  }

  @Test
  void aSecondStoreOnADirectoryInUseIsRefusedUntilTheFirstStops() throws IOException {
    ActorRef<Command> first = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    set(first, "a", "1");
    UncheckedIOException refused = assertThrows(UncheckedIOException.class,
        () -> StoreActor.create(SETTINGS, persistence(PersistenceSettings.Fsync.EVERYSEC)));
    assertTrue(refused.getCause() instanceof DataDirectoryInUseException, refused.toString());
    String message = refused.getMessage();
    assertTrue(message.contains(dir.toRealPath().toString()), message);
    assertTrue(message.contains("process " + ProcessHandle.current().pid()), message);
    assertArrayEquals(text("1"), get(first, "a").orElseThrow(), "the first store keeps serving");
    testKit.stop(first);

    ActorRef<Command> second = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    assertArrayEquals(text("1"), get(second, "a").orElseThrow());
    testKit.stop(second);
  }

  @Test
  void aStoreRestartedOnItsDirectoryKeepsItsEpochAndAnotherDirectoryHasAnother()
      throws IOException {
    ActorRef<Command> first = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    String epoch = epoch(first);
    set(first, "a", "1");
    testKit.stop(first);
    assertEquals(epoch, Manifest.read(dir).orElseThrow().epoch());

    ActorRef<Command> second = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    assertEquals(epoch, epoch(second), "the data survived: the same epoch");
    testKit.stop(second);

    Path other = dir.resolve("other");
    ActorRef<Command> elsewhere = start(PersistenceSettings.in(other,
        PersistenceSettings.Fsync.EVERYSEC, PersistenceSettings.OnCorruption.REFUSE));
    String otherEpoch = epoch(elsewhere);
    assertFalse(epoch.equals(otherEpoch), "another directory: another epoch");
    testKit.stop(elsewhere);
    ActorRef<Command> inMemory = testKit.spawn(StoreActor.create(SETTINGS));
    assertFalse(epoch.equals(epoch(inMemory)), "in memory: a new epoch");
    testKit.stop(inMemory);

    ActorRef<Command> third = start(persistence(PersistenceSettings.Fsync.EVERYSEC));
    assertEquals(epoch, epoch(third));
    assertArrayEquals(text("1"), get(third, "a").orElseThrow());
    testKit.stop(third);
  }

  @Test
  void aManifestNamingAMissingSnapshotOrEarlierLogRefusesTheStart() throws IOException {
    Files.createDirectories(dir);
    new Manifest("an-epoch", Optional.of("snapshot-7.snap"), "log-8.log").write(dir);
    UncheckedIOException refused = assertThrows(UncheckedIOException.class,
        () -> StoreActor.create(SETTINGS, persistence(PersistenceSettings.Fsync.EVERYSEC)));
    assertTrue(refused.getMessage().contains("snapshot-7.snap"), refused.getMessage());
    assertEquals("an-epoch", Manifest.read(dir).orElseThrow().epoch(), "nothing changed");

    Manifest twoLogs = new Manifest("an-epoch", Optional.empty(),
        List.of("log-1.log", "log-8.log"));
    twoLogs.write(dir);
    refused = assertThrows(UncheckedIOException.class,
        () -> StoreActor.create(SETTINGS, persistence(PersistenceSettings.Fsync.EVERYSEC)));
    assertTrue(refused.getMessage().contains("log-1.log") && refused.getMessage().contains(
        "missing"), refused.getMessage());
    assertEquals(Optional.of(twoLogs), Manifest.read(dir), "nothing changed");
  }

  private String epoch(ActorRef<Command> store) {
    TestProbe<Pong> pong = testKit.createTestProbe();
    store.tell(new Ping(pong.getRef()));
    return pong.receiveMessage().epoch();
  }

  @Test
  void withoutADirectoryNothingIsWritten() throws IOException {
    ActorRef<Command> store = testKit.spawn(StoreActor.create(SETTINGS,
        PersistenceSettings.IN_MEMORY));
    set(store, "a", "1");
    testKit.stop(store);
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void afterAWriteErrorTheStoreIsReadOnlyUntilTheDiskTakesWritesAgain() {
    SwitchableChannel[] disk = new SwitchableChannel[1];
    PersistenceSettings settings = persistence(PersistenceSettings.Fsync.ALWAYS);
    Behavior<Command> behavior = StoreActor.create(SETTINGS, StoreClock.system(), Ticker.system(),
        ChangeListener.NONE, settings,
        file -> disk[0] = new SwitchableChannel(LogChannel.open(file)), RETRY);
    ActorRef<Command> store = testKit.spawn(behavior);
    set(store, "kept", "1");
    disk[0].full = true;
    StatusReply<Written> failed = LoggingTestKit.error("could not be made durable")
        .expect(testKit.system(),
            () -> exec(store, new Operation.Set("lost", bytes(text("2")), OptionalLong.empty())));
    assertEquals(Refusal.PERSISTENCE, Refusal.of(failed.getError().getMessage()));
    long revision = revision(store);

    // Read-only: a write fails at once, naming the file and the OS error, and changes nothing.
    StatusReply<Written> refused =
        exec(store, new Operation.Set("kept", bytes(text("3")), OptionalLong.empty()));
    String message = refused.getError().getMessage();
    assertEquals(Refusal.READ_ONLY, Refusal.of(message), message);
    assertTrue(message.contains(dir.resolve(StoreActor.LOG_FILE).toString())
        && message.contains("No space left") && message.contains("read-only"), message);
    assertTrue(exec(store, new Operation.Delete("kept")).isError());
    assertTrue(exec(store, new Operation.DeleteAll("*")).isError());
    TestProbe<Replies> batch = testKit.createTestProbe();
    store.tell(new Batch(List.of(new Request(1, new Operation.Increment("n", 1,
        OptionalLong.empty(), Optional.empty())), new Request(2, new Operation.Get("kept"))),
        batch.getRef()));
    List<Outcome> outcomes = batch.receiveMessage().outcomes();
    assertEquals(Refusal.READ_ONLY, Refusal.of(outcomes.get(0).error().orElseThrow()));
    assertTrue(outcomes.get(1).error().isEmpty(), "a read in a batch is answered");
    // Reads are answered at once from memory: the failed set is there (it may have been applied).
    assertArrayEquals(text("1"), get(store, "kept").orElseThrow());
    assertArrayEquals(text("2"), get(store, "lost").orElseThrow());
    assertEquals(revision, revision(store), "nothing refused was applied");
    assertFalse(exec(store, new Operation.Has("n")).getValue().exists());

    // The fault clears: the journal's retry writes the log again and writes are taken again.
    disk[0].full = false;
    TestProbe<StatusReply<Written>> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      store.tell(new Execute<>(new Operation.Set("after", bytes(text("4")),
          OptionalLong.empty()), probe.getRef()));
      assertTrue(probe.receiveMessage().isSuccess());
      return null;
    });
    assertEquals(revision + 1, revision(store));
    testKit.stop(store);

    // A restart on the directory loads exactly what was in memory.
    ActorRef<Command> restarted = start(settings);
    assertArrayEquals(text("1"), get(restarted, "kept").orElseThrow());
    assertArrayEquals(text("2"), get(restarted, "lost").orElseThrow());
    assertArrayEquals(text("4"), get(restarted, "after").orElseThrow());
    assertFalse(exec(restarted, new Operation.Has("n")).getValue().exists());
    assertEquals(revision + 1, revision(restarted));
    testKit.stop(restarted);
  }

  @Test
  void aFailedFsyncUnderEverysecAlsoTurnsTheStoreReadOnlyAndRecovers() {
    SwitchableChannel[] disk = new SwitchableChannel[1];
    PersistenceSettings settings = persistence(PersistenceSettings.Fsync.EVERYSEC);
    ActorRef<Command> store = testKit.spawn(StoreActor.create(SETTINGS, StoreClock.system(),
        Ticker.system(), ChangeListener.NONE, settings,
        file -> disk[0] = new SwitchableChannel(LogChannel.open(file)), RETRY));
    set(store, "a", "1");
    disk[0].failFsync = true;
    set(store, "b", "2"); // written to the OS: acknowledged under everysec
    TestProbe<StatusReply<Written>> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      store.tell(new Execute<>(new Operation.Set("c", bytes(text("3")), OptionalLong.empty()),
          probe.getRef()));
      assertTrue(probe.receiveMessage().isError(), "the background fsync failed: read-only");
      return null;
    });
    assertArrayEquals(text("2"), get(store, "b").orElseThrow());
    disk[0].failFsync = false;
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      store.tell(new Execute<>(new Operation.Set("d", bytes(text("4")), OptionalLong.empty()),
          probe.getRef()));
      assertTrue(probe.receiveMessage().isSuccess());
      return null;
    });
    long revision = revision(store);
    testKit.stop(store);
    ActorRef<Command> restarted = start(settings);
    assertArrayEquals(text("2"), get(restarted, "b").orElseThrow());
    assertArrayEquals(text("4"), get(restarted, "d").orElseThrow());
    assertEquals(revision, revision(restarted));
    testKit.stop(restarted);
  }

  /** A log channel on a disk that fills up and is freed again by the test. */
  private static final class SwitchableChannel extends GatedChannel {
    volatile boolean full;
    volatile boolean failFsync;

    SwitchableChannel(LogChannel file) {
      super(file);
      release.countDown(); // no gate
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (full) {
        // A partial write first, as a disk filling up does: the retry must cut it off.
        if (source.remaining() > 1) {
          ByteBuffer part = source.slice().limit(1);
          int written = super.write(part);
          source.position(source.position() + written);
        }
        throw new IOException("No space left on device");
      }
      return super.write(source);
    }

    @Override
    public void force() throws IOException {
      if (full || failFsync) {
        throw new IOException("Input/output error");
      }
      super.force();
    }
  }

  /** A log channel on a full disk: every write fails. */
  private static final class FailingChannel extends GatedChannel {
    FailingChannel(LogChannel file) {
      super(file);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      throw new IOException("No space left on device");
    }

    @Override
    public void force() throws IOException {
      throw new IOException("No space left on device");
    }
  }

  /** A log channel whose fsync waits until the test releases it. */
  private static class GatedChannel extends ForwardingChannel {
    final CountDownLatch forceEntered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    /** While true, fsyncs pass without waiting. */
    volatile boolean open;

    GatedChannel(LogChannel file) {
      super(file);
    }

    @Override
    public void force() throws IOException {
      if (open) {
        super.force();
        return;
      }
      forceEntered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      super.force();
    }
  }
}
