package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.persistence.ChangeCodec;
import io.sharedstore.store.persistence.ChannelOpener;
import io.sharedstore.store.persistence.CorruptLogException;
import io.sharedstore.store.persistence.ForwardingChannel;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.Manifest;
import io.sharedstore.store.persistence.RecordLogWriter;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The durable store's log rewrite: when it starts, that a restart then loads exactly the memory
 * state (every entry, deadline, the revision and the retry memory, compared with an engine the
 * test applies the same operations to), that writes made during it are kept even by a crash in
 * the middle, that disk use stays bounded, that a failed snapshot leaves the store writable, and
 * the files a start deletes or refuses.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRewriteTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 1000, 1000, 64, 4096, Duration.ofSeconds(600),
          1000);

  /** The journal's retry interval and the rewrite's first pause after a failure, here. */
  private static final Duration RETRY = Duration.ofMillis(20);

  /** The test's wall clock: it only moves when the test says so. */
  private static final long NOW = 1_800_000_000_000L;

  @JUnit5TestKit ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dir;

  /** The engine every operation the store answered is applied to as well: the memory state. */
  private StoreEngine mirror;

  @BeforeEach
  void freshMirror() {
    mirror = new StoreEngine(SETTINGS);
  }

  private PersistenceSettings persistence(Path in, long minSize, int percentage) {
    return PersistenceSettings.in(in, PersistenceSettings.Fsync.ALWAYS,
        PersistenceSettings.OnCorruption.REFUSE).withRewrite(minSize, percentage);
  }

  private ActorRef<Command> start(PersistenceSettings persistence, ChannelOpener channels) {
    return testKit.spawn(StoreActor.create(SETTINGS, () -> NOW, Ticker.system(),
        ChangeListener.NONE, persistence, channels, RETRY));
  }

  private <R extends Reply> R exec(ActorRef<Command> store, Operation<R> operation) {
    TestProbe<StatusReply<R>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(operation, probe.getRef()));
    StatusReply<R> reply = probe.receiveMessage();
    assertTrue(reply.isSuccess(), () -> operation + ": " + reply.getError());
    mirror.apply(operation, NOW);
    return reply.getValue();
  }

  /** Sends every operation at once (they interleave with the store's own steps), then checks. */
  private void execAll(ActorRef<Command> store, List<? extends Operation<?>> operations) {
    TestProbe<StatusReply<Reply>> probe = testKit.createTestProbe();
    for (Operation<?> operation : operations) {
      sendTo(store, operation, probe);
    }
    for (Operation<?> operation : operations) {
      StatusReply<Reply> reply = probe.receiveMessage();
      assertTrue(reply.isSuccess(), () -> operation + ": " + reply.getError());
      mirror.apply(operation, NOW);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void sendTo(ActorRef<Command> store, Operation<?> operation,
      TestProbe<StatusReply<Reply>> probe) {
    store.tell(new Execute(operation, (ActorRef) probe.getRef()));
  }

  private static Operation.Set set(String key, int size, int seed) {
    byte[] value = new byte[size];
    java.util.Arrays.fill(value, (byte) seed);
    return new Operation.Set(key, Bytes.wrap(value), OptionalLong.empty());
  }

  /** Every entry with its value and deadline, the revision, and the retry memory. */
  private static List<String> state(StoreEngine engine) {
    List<String> state = new ArrayList<>();
    engine.forEachEntry((key, value, deadline) -> state.add(key + "="
        + HexFormat.of().formatHex(value.unsafeArray()) + " " + deadline));
    state.add("revision " + engine.revision());
    engine.forEachRemembered(NOW, (key, id, result, at) -> state.add("remembered " + key + " "
        + id + " " + result + " " + at));
    return state;
  }

  /** Loads {@code in} as a start does and compares it with the memory state. */
  private void assertLoadsTheMemoryState(Path in) {
    DurableStart.Recovered loaded = DurableStart.recover(SETTINGS, persistence(in, 1L << 40, 0),
        () -> NOW, LogChannel::open, RETRY);
    try {
      mirror.dropExpired(NOW);
      assertEquals(state(mirror), state(loaded.engine()));
    } finally {
      DurableStart.release(loaded.journal(), loaded.directory(),
          LoggerFactory.getLogger(LogRewriteTest.class));
    }
  }

  private static Manifest manifest(Path in) {
    try {
      return Manifest.read(in).orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sets keys until the manifest names another snapshot than {@code before}; how many. */
  private int writeUntilANewSnapshot(ActorRef<Command> store, Path in, String prefix, int size,
      Optional<String> before) {
    for (int i = 0; i < 10_000; i++) {
      exec(store, set(prefix + (i % 50), size, i));
      if (!manifest(in).snapshot().equals(before)) {
        return i + 1;
      }
    }
    throw new AssertionError("no rewrite after 10000 writes");
  }

  private static long sizeOf(Path in) throws IOException {
    try (Stream<Path> files = Files.list(in)) {
      long total = 0;
      for (Path file : files.toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  private static long logBytes(Path in) throws IOException {
    long total = 0;
    for (String log : manifest(in).logs()) {
      total += Files.size(in.resolve(log));
    }
    return total;
  }

  @Test
  void aRewriteWaitsForBothThresholdsAndARestartLoadsExactlyTheMemoryState() throws Exception {
    ActorRef<Command> store = start(persistence(dir, 4096, 200), LogChannel::open);
    exec(store, new Operation.Set("ttl", Bytes.wrap(new byte[] {7}), OptionalLong.of(3_600_000)));
    exec(store, new Operation.Increment("count", 5, OptionalLong.empty(),
        Optional.of("request-1")));
    LoggingTestKit.info("Rewriting the logs").withOccurrences(0).expect(testKit.system(), () -> {
      for (int i = 0; logBytesUnchecked() + 200 < 4096; i++) {
        exec(store, set("below-" + i, 100, i));
      }
      return null;
    });
    assertEquals(Optional.empty(), manifest(dir).snapshot(), "below rewrite-min-size");

    long started = rewriteStartedAt(() -> writeUntilANewSnapshot(store, dir, "over-", 100,
        Optional.empty()), true);
    assertTrue(started >= 4096 && started < 4096 + 130,
        "the write that passed 4096 bytes started it: " + started);
    Manifest first = manifest(dir);
    long snapshot = Files.size(dir.resolve(first.snapshot().orElseThrow()));
    assertEquals(List.of("log-" + (revisionOf(first) + 1) + ".log"), first.logs());
    assertTrue(2 * snapshot > 4096 + 400, "200% of the snapshot is past the minimum size: "
        + snapshot);

    // Past rewrite-min-size and past the snapshot's size, below 200% of it: no rewrite yet.
    LoggingTestKit.info("Rewriting the logs").withOccurrences(0).expect(testKit.system(), () -> {
      for (int i = 0; logBytesUnchecked() + 200 < 2 * snapshot; i++) {
        exec(store, set("grow-" + i, 100, i));
      }
      return null;
    });
    assertTrue(logBytes(dir) > snapshot && logBytes(dir) > 4096);
    assertEquals(first, manifest(dir));
    started = rewriteStartedAt(() -> writeUntilANewSnapshot(store, dir, "grow-more-", 100,
        first.snapshot()), false);
    assertTrue(started >= 2 * snapshot && started < 2 * snapshot + 130,
        "the write that passed 200% of " + snapshot + " started it: " + started);
    exec(store, new Operation.Delete("below-0"));
    exec(store, new Operation.Increment("count", 1, OptionalLong.empty(),
        Optional.of("request-2")));
    testKit.stop(store);

    assertLoadsTheMemoryState(dir);
    ActorRef<Command> restarted = start(persistence(dir, 4096, 200), LogChannel::open);
    Reply.Counter retried = exec(restarted, new Operation.Increment("count", 1,
        OptionalLong.empty(), Optional.of("request-2")));
    assertEquals(6, retried.value(), "the retry is answered from the loaded memory");
    testKit.stop(restarted);
  }

  /**
   * Runs {@code writes}, which start one rewrite: the log bytes its INFO line says it saw. With
   * {@code untilDone}, returns once the store has taken the rewrite's end too (its INFO line).
   */
  private long rewriteStartedAt(Runnable writes, boolean untilDone) {
    AtomicReference<String> line = new AtomicReference<>();
    LoggingTestKit started = LoggingTestKit.custom(event -> {
      if (event.message().startsWith("Rewriting the logs")) {
        line.set(event.message());
        return true;
      }
      return false;
    });
    if (untilDone) {
      LoggingTestKit.info("Rewrote the logs into the snapshot").expect(testKit.system(), () ->
          started.expect(testKit.system(), () -> {
            writes.run();
            return null;
          }));
    } else {
      started.expect(testKit.system(), () -> {
        writes.run();
        return null;
      });
    }
    java.util.regex.Matcher bytes =
        java.util.regex.Pattern.compile("the logs hold ([0-9]+) bytes").matcher(line.get());
    assertTrue(bytes.find(), line.get());
    return Long.parseLong(bytes.group(1));
  }

  private static long revisionOf(Manifest manifest) {
    String name = manifest.snapshot().orElseThrow();
    return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".snap".length()));
  }

  private long logBytesUnchecked() {
    try {
      return logBytes(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void writesDuringARewriteSurviveACrashInTheMiddleOfIt() throws Exception {
    AtomicReference<GatedChannel> gate = new AtomicReference<>();
    ChannelOpener channels = file -> {
      if (!file.getFileName().toString().endsWith(".snap.tmp")) {
        return LogChannel.open(file);
      }
      gate.set(new GatedChannel(LogChannel.open(file)));
      return gate.get();
    };
    ActorRef<Command> store = start(persistence(dir, 128 << 10, 100), channels);
    List<Operation.Set> first = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // about 110 KB: several snapshot steps, no rewrite yet
      first.add(set("k" + i, 20, i));
    }
    execAll(store, first);
    Manifest before = manifest(dir);
    assertEquals(Optional.empty(), before.snapshot());
    for (int i = 0; gate.get() == null && i < 10_000; i += 20) {
      List<Operation.Set> more = new ArrayList<>();
      for (int j = i; j < i + 20; j++) {
        more.add(set("k" + (j % 3000), 20, 1000 + j));
      }
      execAll(store, more);
    }
    assertTrue(gate.get() != null, "no rewrite started");
    // Writes sent at once interleave with the rewrite's steps: they change keys it has not
    // reached yet and add new ones.
    List<Operation.Set> during = new ArrayList<>();
    for (int j = 0; j < 200; j++) {
      during.add(set(j % 2 == 0 ? "k" + (2999 - j) : "during-" + j, 20, j));
    }
    execAll(store, during);
    assertTrue(gate.get().forceEntered.await(10, TimeUnit.SECONDS), "the commit never began");
    exec(store, set("after-rotation", 20, 1));
    Manifest mid = manifest(dir);
    assertEquals(before.withLog(mid.lastLog()), mid,
        "mid-rewrite the manifest names the old state and every log since");

    // A crash now: the directory as it is, copied, and started.
    Path crashed = dir.resolveSibling(dir.getFileName() + "-crashed");
    Files.createDirectories(crashed);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("lock")) {
          Files.copy(file, crashed.resolve(file.getFileName()));
        }
      }
    }
    assertTrue(Files.exists(crashed.resolve("snapshot-" + revisionOfLog(mid) + ".snap.tmp")));
    LoggingTestKit.info("Deleted 1 files the manifest does not name").expect(testKit.system(),
        () -> {
          assertLoadsTheMemoryState(crashed);
          return null;
        });
    assertFalse(Files.exists(crashed.resolve("snapshot-" + revisionOfLog(mid) + ".snap.tmp")));

    // The original finishes its rewrite; a clean restart loads the same state.
    LoggingTestKit.info("Rewrote the logs into the snapshot").expect(testKit.system(), () -> {
      gate.get().release.countDown();
      return null;
    });
    Manifest after = manifest(dir);
    assertEquals(List.of(mid.lastLog()), after.logs());
    testKit.stop(store);
    assertLoadsTheMemoryState(dir);
  }

  @Test
  void aStopInTheMiddleOfARewriteKeepsEveryWriteAndLeavesNoFileBehind() throws Exception {
    ActorRef<Command> store = start(persistence(dir, 1 << 20, 100), LogChannel::open);
    List<Operation.Set> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) { // about 20 snapshot steps
      many.add(set("k" + i, 16, i));
    }
    execAll(store, many);
    assertEquals(Optional.empty(), manifest(dir).snapshot());
    // One of these passes 1 MiB and starts the rewrite; the stop comes right after the last
    // reply, usually before the rewrite's 20 steps and its commit are done (a commit in flight
    // is waited for).
    List<Operation.Set> last = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      last.add(set("last-" + i, 1000, i));
    }
    LoggingTestKit.info("Rewriting the logs").expect(testKit.system(), () -> {
      execAll(store, last);
      return null;
    });
    testKit.stop(store);
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().noneMatch(name -> name.endsWith(".tmp")), names.toString());
      assertEquals(manifest(dir).files().size() + 2, names.size(), "MANIFEST, lock and the"
          + " files it names: " + names);
    }
    assertLoadsTheMemoryState(dir);
  }

  /** R of the last log's name log-(R+1).log. */
  private static long revisionOfLog(Manifest manifest) {
    String name = manifest.lastLog();
    return Long.parseLong(name.substring("log-".length(), name.length() - ".log".length())) - 1;
  }

  @Test
  void diskUseStaysUnderThreeSnapshotsAcrossTenRewritesOfSteadyOverwrites() throws Exception {
    ActorRef<Command> store = start(persistence(dir, 8 << 10, 100), LogChannel::open);
    Optional<String> snapshot = Optional.empty();
    for (int rewrite = 0; rewrite < 10; rewrite++) {
      Optional<String> before = snapshot;
      // Until the store has taken the rewrite's end: the next one is due from there.
      LoggingTestKit.info("Rewrote the logs into the snapshot").expect(testKit.system(),
          () -> writeUntilANewSnapshot(store, dir, "steady-", 400, before));
      snapshot = manifest(dir).snapshot();
    }
    // Let the rewrite in flight, if any, finish: one snapshot and one log named, nothing else.
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(4, files.count(), "MANIFEST, lock, one snapshot, one log");
      }
      return null;
    });
    Manifest last = manifest(dir);
    long snapshotBytes = Files.size(dir.resolve(last.snapshot().orElseThrow()));
    long used = sizeOf(dir);
    assertTrue(used < 3 * snapshotBytes, used + " bytes on disk for a snapshot of "
        + snapshotBytes);
    testKit.stop(store);
    assertLoadsTheMemoryState(dir);
  }

  @Test
  void aFailedSnapshotLeavesTheStoreWritableAndALaterRewriteSucceeds() throws Exception {
    AtomicInteger failedWrites = new AtomicInteger();
    AtomicInteger snapshots = new AtomicInteger();
    // The first snapshot's file fails its writes (a full disk); the retry's takes them.
    ChannelOpener channels = file -> !file.getFileName().toString().endsWith(".snap.tmp")
        ? LogChannel.open(file)
        : new FailingSnapshot(LogChannel.open(file), snapshots.incrementAndGet() == 1,
            failedWrites);
    ActorRef<Command> store = start(persistence(dir, 4096, 100), channels);
    LoggingTestKit.info("Rewrote the logs into the snapshot").expect(testKit.system(), () ->
        LoggingTestKit.error("The log rewrite at revision").expect(testKit.system(), () -> {
          for (int i = 0; i < 100 && failedWrites.get() == 0; i++) {
            exec(store, set("k" + i, 200, i)); // writable all along
          }
          return null;
        }));
    assertTrue(failedWrites.get() > 0 && snapshots.get() == 2, snapshots + " snapshots");
    Manifest done = manifest(dir);
    assertTrue(done.snapshot().isPresent() && done.logs().size() == 1, done.toString());
    exec(store, set("after", 10, 3));
    testKit.stop(store);
    assertLoadsTheMemoryState(dir);
  }

  @Test
  void aDiskBackFromAWriteErrorGetsAFreshSnapshot() throws Exception {
    FullDisk[] disk = new FullDisk[1];
    ChannelOpener channels = file -> file.getFileName().toString().endsWith(".log")
        ? (disk[0] = new FullDisk(LogChannel.open(file))) : LogChannel.open(file);
    // Thresholds far away: only the disk's return starts a rewrite.
    ActorRef<Command> store = start(persistence(dir, 1L << 40, 100), channels);
    exec(store, set("a", 10, 1));
    disk[0].full = true;
    TestProbe<StatusReply<Reply.Written>> probe = testKit.createTestProbe();
    store.tell(new Execute<>(set("b", 10, 2), probe.getRef()));
    assertTrue(probe.receiveMessage().isError(), "the disk is full");
    mirror.apply(set("b", 10, 2), NOW); // applied in memory: the journal keeps it for its retry
    LoggingTestKit.info("Rewrote the logs into the snapshot").expect(testKit.system(), () -> {
      disk[0].full = false;
      return null;
    });
    Manifest fresh = manifest(dir);
    assertEquals(Optional.of("snapshot-2.snap"), fresh.snapshot());
    assertEquals(List.of("log-3.log"), fresh.logs());
    exec(store, set("c", 10, 3));
    testKit.stop(store);
    assertLoadsTheMemoryState(dir);
  }

  @Test
  void filesARewriteLeftBehindAreDeletedAndOthersKept() throws Exception {
    ActorRef<Command> store = start(persistence(dir, 1L << 40, 100), LogChannel::open);
    exec(store, set("a", 10, 1));
    testKit.stop(store);
    List<String> strays = List.of("snapshot-9.snap", "snapshot-9.snap.tmp", "log-10.log",
        "MANIFEST.tmp");
    for (String stray : strays) {
      Files.write(dir.resolve(stray), new byte[] {1, 2, 3});
    }
    Files.writeString(dir.resolve("notes.txt"), "the operator's");
    LoggingTestKit.info("Deleted 4 files the manifest does not name").expect(testKit.system(),
        () -> {
          assertLoadsTheMemoryState(dir);
          return null;
        });
    for (String stray : strays) {
      assertFalse(Files.exists(dir.resolve(stray)), stray);
    }
    assertTrue(Files.exists(dir.resolve("notes.txt")));
    assertTrue(Files.exists(dir.resolve(StoreActor.LOG_FILE)));
  }

  @Test
  void aRecordCutShortInALogThatIsNotTheLastRefusesTheStartUnlessRepaired() throws Exception {
    Files.createDirectories(dir);
    Path first = dir.resolve("log-1.log");
    Path second = dir.resolve("log-4.log");
    writeLog(first, 1, 3);
    writeLog(second, 4, 4);
    long whole = Files.size(first);
    try (var channel = java.nio.channels.FileChannel.open(first,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(whole - 3); // its last record cut short, as a crash would leave it
    }
    new Manifest("an-epoch", Optional.empty(), List.of("log-1.log", "log-4.log")).write(dir);
    CorruptLogException refused = assertThrows(CorruptLogException.class,
        () -> StoreActor.create(SETTINGS, persistence(dir, 1L << 40, 100)));
    assertTrue(refused.getMessage().contains(first.toString())
        && refused.getMessage().contains("not the last"), refused.getMessage());
    assertTrue(Files.exists(second), "a refused start changes nothing");

    PersistenceSettings repair = PersistenceSettings.in(dir, PersistenceSettings.Fsync.ALWAYS,
        PersistenceSettings.OnCorruption.TRUNCATE);
    DurableStart.Recovered repaired = DurableStart.recover(SETTINGS, repair, () -> NOW,
        LogChannel::open, RETRY);
    try {
      assertEquals(2, repaired.engine().revision(), "the records before the cut one");
      assertEquals(List.of("log-1.log"), manifest(dir).logs());
      assertFalse(Files.exists(second), "what followed the cut is dropped");
    } finally {
      DurableStart.release(repaired.journal(), repaired.directory(),
          LoggerFactory.getLogger(LogRewriteTest.class));
    }
  }

  private static void writeLog(Path file, int from, int to) throws IOException {
    try (RecordLogWriter writer = RecordLogWriter.open(LogChannel.open(file))) {
      for (int revision = from; revision <= to; revision++) {
        writer.append(ChangeCodec.encode(List.of(new Change.Written("k" + revision, revision,
            Bytes.wrap(new byte[] {(byte) revision}), OptionalLong.empty()))));
      }
      writer.force();
    }
  }

  /** A channel whose fsync waits until the test releases it. */
  private static final class GatedChannel extends ForwardingChannel {
    final CountDownLatch forceEntered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    GatedChannel(LogChannel file) {
      super(file);
    }

    @Override
    public void force() throws IOException {
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

  /** A snapshot file on a disk that fails its writes (counted), or not. */
  private static final class FailingSnapshot extends ForwardingChannel {
    private final boolean fail;
    private final AtomicInteger failed;

    FailingSnapshot(LogChannel file, boolean fail, AtomicInteger failed) {
      super(file);
      this.fail = fail;
      this.failed = failed;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (fail) {
        failed.incrementAndGet();
        throw new IOException("No space left on device");
      }
      return super.write(source);
    }
  }

  /** A log on a disk that fills up and is freed again by the test. */
  private static final class FullDisk extends ForwardingChannel {
    volatile boolean full;

    FullDisk(LogChannel file) {
      super(file);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
      return super.write(source);
    }

    @Override
    public void force() throws IOException {
      if (full) {
        throw new IOException("No space left on device");
      }
      super.force();
    }
  }
}
