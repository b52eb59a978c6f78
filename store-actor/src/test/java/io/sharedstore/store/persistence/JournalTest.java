package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's group commit, its fsync policies, its clean close and its write errors. */
class JournalTest {

  private static final long WAIT_SECONDS = 10;

  @TempDir Path dir;

  private static List<Change> set(String key, long revision) {
    return List.of(new Change.Written(key, revision, Bytes.wrap(new byte[] {1, 2}),
        OptionalLong.empty()));
  }

  /** What the journal reported, in order (durable revisions, errors), for a subclass to extend. */
  private static class Reports implements Journal.Listener {
    final BlockingQueue<Object> reports = new LinkedBlockingQueue<>();

    @Override
    public void durable(long revision) {
      reports.add(revision);
    }

    @Override
    public void failed(long revision, IOException error) {
      reports.add(error);
    }

    Object next() throws InterruptedException {
      Object report = reports.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(report != null, "no report within " + WAIT_SECONDS + " s");
      return report;
    }

    /** Reports until one covers {@code revision}. */
    void awaitDurable(long revision) throws InterruptedException {
      while (true) {
        Object report = next();
        assertInstanceOf(Long.class, report);
        if ((Long) report >= revision) {
          return;
        }
      }
    }

    /** The next report that is not a durable revision. */
    Object nextOther() throws InterruptedException {
      while (true) {
        Object report = next();
        if (!(report instanceof Long)) {
          return report;
        }
      }
    }
  }

  /** A file channel that counts its fsyncs and can be made to fail or to wait in its fsync. */
  private static final class Channel extends ForwardingChannel {
    final AtomicInteger forces = new AtomicInteger();
    final CountDownLatch forced = new CountDownLatch(1);
    volatile IOException failWrites;

    Channel(Path path) throws IOException {
      super(path);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      if (failWrites != null) {
        throw failWrites;
      }
      return super.write(source);
    }

    @Override
    public void force() throws IOException {
      forces.incrementAndGet();
      forced.countDown();
      super.force();
    }
  }

  @Test
  void everyAppendedRecordIsReadBackAfterClose() throws Exception {
    for (Journal.Policy policy : Journal.Policy.values()) {
      Path file = dir.resolve(policy + ".log");
      Channel channel = new Channel(file);
      Journal journal = Journal.open(channel, policy, 0);
      Reports reports = new Reports();
      journal.start(reports);
      List<List<Change>> appended = new ArrayList<>();
      for (int i = 1; i <= 500; i++) {
        appended.add(set("k" + i, i));
        assertEquals(i, journal.append(appended.get(i - 1)));
      }
      reports.awaitDurable(500);
      journal.close();
      assertTrue(channel.forces.get() >= 1, policy + ": close fsyncs");
      Recovery recovery = RecordLogReader.readAll(file);
      assertInstanceOf(LogEnd.Clean.class, recovery.end());
      List<List<Change>> read = new ArrayList<>();
      for (byte[] record : recovery.records()) {
        read.add(ChangeCodec.decode(record));
      }
      assertEquals(appended, read, policy.name());
    }
  }

  @Test
  void withoutFsyncTheCallerWritesQueuedRecordsItselfAndNoReportIsSent() throws Exception {
    for (Journal.Policy policy : List.of(Journal.Policy.NO, Journal.Policy.EVERYSEC)) {
      Path file = dir.resolve("caller-" + policy + ".log");
      Channel channel = new Channel(file);
      Journal journal = Journal.open(channel, policy, 0);
      Reports reports = new Reports();
      journal.start(reports);
      int byCaller = 0;
      for (int i = 1; i <= 50; i++) {
        journal.queue(set("k" + i, i));
        long written = journal.writeQueued();
        if (written == -1) {
          // The journal's thread held the log (its once-a-second fsync, or a turn it was woken
          // for): it writes the record and says so; the caller is never left waiting unanswered.
          reports.awaitDurable(i);
        } else {
          assertEquals(i, written, policy + ": written on the caller's thread");
          byCaller++;
        }
      }
      assertTrue(byCaller > 0, policy + ": the caller never wrote the queued records itself");
      // Written to the OS already: another reader sees every record before any close.
      assertEquals(50, RecordLogReader.readAll(file).records().size(), policy.name());
      assertEquals(null, reports.reports.poll(), policy + ": no report for what the caller wrote");
      journal.close();
    }
  }

  @Test
  void everyFsyncIsTimedForTheObserver() throws Exception {
    Channel channel = new Channel(dir.resolve("observed-always.log"));
    Journal journal = Journal.open(channel, Journal.Policy.ALWAYS, 0);
    java.util.concurrent.atomic.AtomicLong timed = new java.util.concurrent.atomic.AtomicLong();
    journal.observeFsyncs(nanos -> {
      assertTrue(nanos >= 0);
      timed.incrementAndGet();
    });
    Reports reports = new Reports();
    journal.start(reports);
    for (int i = 1; i <= 3; i++) {
      journal.queue(set("o" + i, i));
      journal.writeQueued();
      reports.awaitDurable(i);
    }
    journal.close();
    assertTrue(timed.get() >= 3, "each durable write fsynced and timed: " + timed.get());
  }

  @Test
  void withFsyncAlwaysTheCallerLeavesTheWriteToTheJournalsThread() throws Exception {
    Channel channel = new Channel(dir.resolve("caller-always.log"));
    Journal journal = Journal.open(channel, Journal.Policy.ALWAYS, 0);
    Reports reports = new Reports();
    journal.start(reports);
    journal.queue(set("a", 1));
    assertEquals(-1, journal.writeQueued());
    reports.awaitDurable(1);
    assertTrue(channel.forces.get() >= 1, "fsynced before it was reported durable");
    journal.close();
  }

  @Test
  void aWriteErrorOnTheCallersThreadIsReportedAndTheRecordsAreKeptForTheRetry() throws Exception {
    Channel channel = new Channel(dir.resolve("caller-fails.log"));
    Journal journal = Journal.open(channel, Journal.Policy.NO, 0);
    Reports reports = new Reports();
    journal.start(reports);
    channel.failWrites = new IOException("No space left on device");
    journal.queue(set("a", 1));
    assertEquals(-1, journal.writeQueued());
    assertInstanceOf(IOException.class, reports.next());
    channel.failWrites = null;
    journal.close();
    assertEquals(1, RecordLogReader.readAll(dir.resolve("caller-fails.log")).records().size(),
        "the record whose write failed was written again");
  }

  @Test
  void alwaysFsyncsBeforeReportingDurable() throws Exception {
    Channel channel = new Channel(dir.resolve("always.log"));
    Journal journal = Journal.open(channel, Journal.Policy.ALWAYS, 0);
    AtomicInteger forcesSeen = new AtomicInteger(-1);
    CountDownLatch reported = new CountDownLatch(1);
    journal.start(new Journal.Listener() {
      @Override
      public void durable(long revision) {
        forcesSeen.compareAndSet(-1, channel.forces.get());
        reported.countDown();
      }

      @Override
      public void failed(long revision, IOException error) {}
    });
    journal.append(set("a", 1));
    assertTrue(reported.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, forcesSeen.get());
    journal.close();
  }

  @Test
  void noNeverFsyncsButAtCloseAndEverysecFsyncsInTheBackground() throws Exception {
    Channel never = new Channel(dir.resolve("no.log"));
    Journal no = Journal.open(never, Journal.Policy.NO, 0);
    Reports noReports = new Reports();
    no.start(noReports);
    no.append(set("a", 1));
    noReports.awaitDurable(1);
    assertEquals(0, never.forces.get());
    no.close();
    assertEquals(1, never.forces.get());

    Channel everySecond = new Channel(dir.resolve("everysec.log"));
    Journal everysec = Journal.open(everySecond, Journal.Policy.EVERYSEC, 0);
    Reports reports = new Reports();
    everysec.start(reports);
    everysec.append(set("a", 1));
    reports.awaitDurable(1); // written to the OS
    assertTrue(everySecond.forced.await(WAIT_SECONDS, TimeUnit.SECONDS),
        "no background fsync within " + WAIT_SECONDS + " s");
    everysec.close();
  }

  @Test
  void aWriteErrorIsReportedWithTheRevisionsItCovers() throws Exception {
    Channel channel = new Channel(dir.resolve("full.log"));
    channel.failWrites = new IOException("No space left on device");
    Journal journal = Journal.open(channel, Journal.Policy.ALWAYS, 7);
    Reports reports = new Reports();
    journal.start(reports);
    journal.append(set("a", 8));
    IOException error = assertInstanceOf(IOException.class, reports.next());
    assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
    journal.append(set("b", 9));
    // Kept for the retry (the host refuses writes meanwhile); the disk is still full at close.
    assertThrows(IOException.class, journal::close);
    assertThrows(IllegalStateException.class, () -> journal.append(set("c", 10)));
  }

  /** Reports, rotations included. */
  private static final class RotationReports extends Reports {
    @Override
    public void rotated(long revision, Path log) {
      reports.add("rotated " + revision + " " + log.getFileName());
    }

    @Override
    public void rotationFailed(long revision, IOException error) {
      reports.add("failed " + revision + " " + error.getMessage());
    }
  }

  private static List<List<Change>> read(Path file) throws IOException {
    List<List<Change>> read = new ArrayList<>();
    for (byte[] record : RecordLogReader.readAll(file).records()) {
      read.add(ChangeCodec.decode(record));
    }
    return read;
  }

  @Test
  void aRotationPutsTheRecordsBeforeItsMarkInTheOldLogAndTheRestInTheNewOne() throws Exception {
    Path old = dir.resolve("log-1.log");
    Path next = dir.resolve("log-3.log");
    Journal journal = Journal.open(new Channel(old), Journal.Policy.NO, 0);
    RotationReports reports = new RotationReports();
    journal.start(reports);
    journal.append(set("a", 1));
    journal.append(set("b", 2));
    long[] newLogSizeWhenNamed = {-1};
    List<List<Change>> oldWhenNamed = new ArrayList<>();
    journal.rotate(2, new Journal.Rotation() {
      @Override
      public LogChannel open() throws IOException {
        return LogChannel.open(next);
      }

      @Override
      public void nameInManifest() throws IOException {
        newLogSizeWhenNamed[0] = java.nio.file.Files.size(next);
        oldWhenNamed.addAll(read(old));
      }
    });
    journal.append(set("c", 3));
    assertEquals("rotated 2 log-3.log", reports.nextOther());
    journal.append(set("d", 4));
    journal.close();
    assertEquals(RecordLog.HEADER_BYTES, newLogSizeWhenNamed[0],
        "the new log holds its header only when the manifest names it");
    assertEquals(List.of(set("a", 1), set("b", 2)), oldWhenNamed,
        "the old log is whole when the manifest names the new one");
    assertEquals(List.of(set("a", 1), set("b", 2)), read(old));
    assertEquals(List.of(set("c", 3), set("d", 4)), read(next));
    assertEquals(next, journal.file());
  }

  @Test
  void aRotationThatCannotCreateItsLogLeavesEveryRecordInTheOldOne() throws Exception {
    Path old = dir.resolve("log-1.log");
    Journal journal = Journal.open(new Channel(old), Journal.Policy.ALWAYS, 0);
    RotationReports reports = new RotationReports();
    journal.start(reports);
    journal.append(set("a", 1));
    journal.rotate(1, new Journal.Rotation() {
      @Override
      public LogChannel open() throws IOException {
        throw new IOException("No space left on device");
      }

      @Override
      public void nameInManifest() {
        throw new AssertionError("no new log, no manifest");
      }
    });
    journal.append(set("b", 2));
    assertEquals("failed 1 No space left on device", reports.nextOther());
    journal.append(set("c", 3));
    journal.close();
    assertEquals(List.of(set("a", 1), set("b", 2), set("c", 3)), read(old));
    assertEquals(old, journal.file());
  }
}
