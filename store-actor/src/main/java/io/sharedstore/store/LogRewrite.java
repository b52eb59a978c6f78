package io.sharedstore.store;

import io.sharedstore.store.engine.SnapshotCursor;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.persistence.ChannelOpener;
import io.sharedstore.store.persistence.DataDirectory;
import io.sharedstore.store.persistence.Journal;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.Manifest;
import io.sharedstore.store.persistence.RecordLog;
import io.sharedstore.store.persistence.SnapshotWriter;
import io.sharedstore.store.protocol.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * A durable store's log rewrite: compacts the logs into a new snapshot of the state and a new,
 * empty log, without stalling the store. Driven on the store's thread by the store's messages.
 *
 * <p>Due when the logs since the last snapshot hold {@code rewrite-min-size} bytes and {@code
 * rewrite-percentage} of the snapshot's ({@link PersistenceSettings#rewriteDue}), and right after
 * the disk comes back from a write error (a fresh snapshot of what is in memory). Then:
 *
 * <ol>
 *   <li>at revision R it opens the engine's snapshot cursor (the state at R, read in steps while
 *       the store keeps applying requests) and asks the journal to rotate at this point of its
 *       queue to {@code log-(R+1).log}: the journal fsyncs the old log, creates the new one and
 *       writes the manifest {old snapshot, old logs + new log} before any record goes there;
 *   <li>it streams the cursor into {@code snapshot-R.snap.tmp} in steps of at most {@value
 *       #STEP_ENTRIES} entries or about {@value #STEP_BYTES} bytes, each a self-message, so other
 *       requests interleave;
 *   <li>once both are done, off the store's thread (the blocking-I/O dispatcher): fsyncs the
 *       snapshot, renames it to {@code snapshot-R.snap}, writes the manifest {snapshot-R,
 *       [log-(R+1)]}, deletes the old snapshot and logs and fsyncs the directory, and reports
 *       back.
 * </ol>
 *
 * A failure at any step logs an ERROR and abandons the rewrite (the manifest names a complete
 * state: the old one, or the old snapshot and every log since); it is tried again after a pause
 * that doubles from {@code firstRetry} up to {@value #MAX_RETRY_SECONDS} s. It never makes the
 * store read-only: the log is still fine. A stop in the middle ({@link #abandon}) drops an
 * unfinished snapshot and waits for a commit in flight.
 */
final class LogRewrite {

  /**
   * The most entries one snapshot step writes. Measured with a throwaway timing on the 2-core
   * development machine (1,000,000 entries of 100 bytes restored into an engine, its cursor
   * streamed through {@link SnapshotWriter} to a file, 4 rounds): about 0.45 to 1.1 us an entry,
   * the write(2) calls of the writer's buffer included, so a step of 1024 entries takes 0.5 to
   * 1.2 ms on average (256: 0.1 to 0.3 ms, 4096: 1.8 to 6.5 ms, 16384: 7.5 to 14 ms). 1024 keeps
   * a request queued behind a step within about a millisecond while the per-message overhead
   * stays negligible; a snapshot of a million entries takes about 1000 steps, under a second of
   * the store's time.
   */
  static final int STEP_ENTRIES = 1024;

  /**
   * About the most value bytes one step writes: with large values a step holds fewer entries
   * (the next step's count follows the last step's bytes per entry), so it stays short.
   */
  static final int STEP_BYTES = 256 << 10;

  static final long MAX_RETRY_SECONDS = 60;

  /** How long a stop waits for a commit in flight (an fsync, a rename, a manifest). */
  private static final long STOP_WAITS_SECONDS = 10;

  /** The rewrite's messages to the store, handled by {@link #on}. */
  sealed interface Message extends Command {}

  /** The next snapshot step of the rewrite {@code number}, sent to the store itself. */
  record Step(long number) implements Message {}

  /** The pause after a failure is over: try again if still due. */
  enum Retry implements Message {
    INSTANCE
  }

  /** The journal switched to the new log at revision. */
  record Rotated(long revision, Path log) implements Message {}

  /** The journal did not switch: every change stays in the old log. */
  record RotationFailed(long revision, String error) implements Message {}

  /** The snapshot of revision is in place and the manifest names it with the new log. */
  record Committed(long revision, long snapshotBytes, List<String> undeleted)
      implements Message {}

  /** The snapshot of revision could not be made durable or named; the manifest in place if read. */
  record CommitFailed(long revision, String error, Optional<Manifest> manifest)
      implements Message {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Logger log;
  private final StoreEngine engine;
  private final Journal journal;
  private final DataDirectory directory;
  private final PersistenceSettings settings;
  private final StoreClock clock;
  private final Ticker monotonic;
  private final ChannelOpener channels;
  private final Executor blocking;
  private final Duration firstRetry;
  private final BooleanSupplier readOnly;

  /** The manifest in place, as far as this store knows. */
  private Manifest manifest;
  private long snapshotBytes;
  /** The logs' bytes are this plus the journal's appended bytes. */
  private long logBytesBase;
  private Duration retry;
  private boolean waiting;
  private boolean freshWanted;

  /** The manifest a rotation asked of the journal will write (null: none pending). */
  private Manifest rotating;
  private long rotatingRevision;

  // The rewrite under way (writer null: none), its number (a stale step is ignored).
  private long number;
  private SnapshotCursor cursor;
  private SnapshotWriter writer;
  private long revision;
  private String newLog;
  private boolean rotated;
  private boolean stepsDone;
  private long appendedAtMark;
  private long startedNanos;
  private int steps;
  private int stepEntries = STEP_ENTRIES;
  private CompletableFuture<Message> commit;

  /**
   * The rewrite of a durable store.
   *
   * @param context the store's context (its log, its self, pipeToSelf)
   * @param timers the store's timers (the retry's)
   * @param recovered what the store started with (journal, directory, files on disk)
   * @param clock the wall clock the snapshot's retry memory is counted on
   * @param monotonic times the rewrite
   * @param readOnly true while the store is read-only (no rewrite starts then)
   */
  LogRewrite(ActorContext<Command> context, TimerScheduler<Command> timers,
      DurableStart.Recovered recovered, StoreClock clock, Ticker monotonic,
      BooleanSupplier readOnly) {
    DurableStart.OnDisk onDisk = recovered.onDisk();
    this.context = context;
    this.timers = timers;
    this.log = context.getLog();
    this.engine = recovered.engine();
    this.journal = recovered.journal();
    this.directory = recovered.directory();
    this.manifest = onDisk.manifest();
    this.snapshotBytes = onDisk.snapshotBytes();
    this.logBytesBase = onDisk.logBytes();
    this.settings = onDisk.persistence();
    this.clock = clock;
    this.monotonic = monotonic;
    this.channels = onDisk.channels();
    this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.firstRetry = onDisk.retryEvery();
    this.retry = firstRetry;
    this.readOnly = readOnly;
  }

  /** The bytes of the logs since the last snapshot. */
  long logBytes() {
    return logBytesBase + journal.appendedBytes();
  }

  /** True while a rewrite is under way, or a rotation it asked for is not yet done. */
  boolean running() {
    return writer != null || rotating != null;
  }

  /** After changes went to the journal: starts a rewrite if one is due. */
  void appended() {
    if (!running() && !waiting && settings.rewriteDue(logBytes(), snapshotBytes)) {
      start("the logs hold " + logBytes() + " bytes");
    }
  }

  /** The disk took writes again after an error: a fresh snapshot of what is in memory. */
  void diskBack() {
    freshWanted = true;
    if (!running()) {
      timers.cancel(Retry.INSTANCE);
      waiting = false;
      start("the disk takes writes again after an error");
    }
  }

  /** Handles one of the rewrite's messages. */
  void on(Message message) {
    if (message instanceof Step step) {
      step(step);
    } else if (message instanceof Retry) {
      retryNow();
    } else if (message instanceof Rotated done) {
      rotated(done);
    } else if (message instanceof RotationFailed failed) {
      rotationFailed(failed);
    } else if (message instanceof Committed done) {
      committed(done);
    } else if (message instanceof CommitFailed failed) {
      commitFailed(failed);
    }
  }

  private void retryNow() {
    waiting = false;
    if (running()) {
      // The failed rewrite's rotation is not done yet: its outcome decides the next manifest.
      waiting = true;
      timers.startSingleTimer(Retry.INSTANCE, Retry.INSTANCE, firstRetry);
      return;
    }
    if (freshWanted || settings.rewriteDue(logBytes(), snapshotBytes)) {
      start(freshWanted ? "a fresh snapshot, retried" : "retried");
    }
  }

  private void start(String why) {
    if (readOnly.getAsBoolean()) {
      backOff(); // the journal is failed: try once it takes writes again
      return;
    }
    freshWanted = false;
    number++;
    revision = engine.revision();
    startedNanos = monotonic.nanos();
    steps = 0;
    rotated = false;
    stepsDone = false;
    Path target = directory.snapshotFile(revision);
    try {
      writer = SnapshotWriter.open(target, manifest.epoch(), revision, channels);
    } catch (IOException | RuntimeException e) {
      log.error("Cannot start the snapshot {}: {}; the logs are kept, retrying in {} ms", target,
          e.getMessage(), retry.toMillis());
      writer = null;
      backOff();
      return;
    }
    cursor = engine.openSnapshot(clock.nowMillis());
    appendedAtMark = journal.appendedBytes();
    newLog = directory.logFile(revision + 1).getFileName().toString();
    log.info("Rewriting the logs into the snapshot {} at revision {} ({})",
        target.getFileName(), revision, why);
    if (newLog.equals(manifest.lastLog())) {
      // The log written now starts after revision already (no change since it was created).
      rotated = true;
    } else {
      Manifest next = manifest.withLog(newLog);
      rotating = next;
      rotatingRevision = revision;
      Path file = directory.file(newLog);
      journal.rotate(revision, new Journal.Rotation() {
        @Override
        public LogChannel open() throws IOException {
          Files.deleteIfExists(file); // one a failed rotation created, never named
          return channels.open(file);
        }

        @Override
        public void nameInManifest() throws IOException {
          directory.switchTo(next);
        }
      });
    }
    context.getSelf().tell(new Step(number));
  }

  private void rotated(Rotated done) {
    if (rotating != null && done.revision() == rotatingRevision) {
      manifest = rotating; // also if its rewrite was abandoned meanwhile: the disk's manifest
      rotating = null;
    }
    if (writer == null || done.revision() != revision) {
      return;
    }
    rotated = true;
    commitIfReady();
  }

  private void rotationFailed(RotationFailed failed) {
    if (rotating != null && failed.revision() == rotatingRevision) {
      rotating = null;
    }
    failed(failed.revision(), "the journal did not switch to " + newLog + ": " + failed.error());
  }

  private void step(Step step) {
    if (step.number() != number || cursor == null || stepsDone) {
      return; // abandoned meanwhile
    }
    steps++;
    long before = writer.size();
    int[] written = {0};
    try {
      boolean more = cursor.step(stepEntries, (key, value, deadline) -> {
        try {
          writer.entry(key, value, deadline);
          written[0]++;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (written[0] > 0) {
        long perEntry = Math.max(1, (writer.size() - before) / written[0]);
        stepEntries = (int) Math.max(1, Math.min(STEP_ENTRIES, STEP_BYTES / perEntry));
      }
      if (more) {
        context.getSelf().tell(step);
        return;
      }
      cursor.forEachRemembered((key, requestId, result, atMillis) -> {
        try {
          writer.remembered(key, requestId, result, atMillis);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      writer.complete();
    } catch (UncheckedIOException | IOException e) {
      String error = e instanceof UncheckedIOException u ? u.getCause().getMessage()
          : e.getMessage();
      failed(revision, "cannot write " + writer.target() + ".tmp: " + error);
      return;
    }
    cursor.close();
    stepsDone = true;
    commitIfReady();
  }

  /** Once the snapshot is written and the journal switched: the commit, off this thread. */
  private void commitIfReady() {
    if (!rotated || !stepsDone || commit != null) {
      return;
    }
    SnapshotWriter written = writer;
    long at = revision;
    Manifest before = manifest;
    Manifest after = new Manifest(before.epoch(),
        Optional.of(written.target().getFileName().toString()), List.of(newLog));
    commit = CompletableFuture.supplyAsync(() -> commit(written, at, before, after), blocking);
    context.pipeToSelf(commit, (done, error) -> error == null ? done
        : new CommitFailed(at, String.valueOf(error.getMessage()), Optional.empty()));
  }

  /** Off the store's thread: the snapshot made durable and named, the old files deleted. */
  private Message commit(SnapshotWriter written, long at, Manifest before, Manifest after) {
    long bytes;
    try {
      bytes = written.commit();
      directory.switchTo(after);
    } catch (IOException | RuntimeException e) {
      Optional<Manifest> now;
      try {
        written.close(); // deletes the temporary file if it was not renamed
        now = directory.manifest();
        if (!now.equals(Optional.of(after))) {
          Files.deleteIfExists(written.target()); // renamed, never named
        }
      } catch (IOException | RuntimeException reading) {
        now = Optional.empty();
      }
      return new CommitFailed(at, String.valueOf(e.getMessage()), now);
    }
    List<String> undeleted = new ArrayList<>();
    for (String name : before.files()) {
      if (!after.files().contains(name)) {
        try {
          Files.deleteIfExists(directory.file(name));
        } catch (IOException e) {
          undeleted.add(name + " (" + e.getMessage() + ")");
        }
      }
    }
    try {
      directory.sync();
    } catch (IOException e) {
      undeleted.add("the directory's fsync (" + e.getMessage() + ")");
    }
    return new Committed(at, bytes, List.copyOf(undeleted));
  }

  private void committed(Committed done) {
    if (done.revision() != revision || commit == null) {
      return;
    }
    manifest = new Manifest(manifest.epoch(),
        Optional.of(writer.target().getFileName().toString()), List.of(newLog));
    snapshotBytes = done.snapshotBytes();
    logBytesBase = RecordLog.HEADER_BYTES - appendedAtMark;
    log.info("Rewrote the logs into the snapshot {}: {} bytes at revision {}, in {} steps and {}"
        + " ms; the log is now {}", writer.target().getFileName(), snapshotBytes, revision, steps,
        TimeUnit.NANOSECONDS.toMillis(monotonic.nanos() - startedNanos), newLog);
    if (!done.undeleted().isEmpty()) {
      log.warn("Could not delete after the rewrite (the next start does): {}", done.undeleted());
    }
    clear();
    retry = firstRetry;
    if (freshWanted) {
      start("a fresh snapshot after the disk came back");
    }
  }

  private void commitFailed(CommitFailed failed) {
    if (failed.revision() != revision || commit == null) {
      return;
    }
    failed.manifest().ifPresent(now -> manifest = now);
    failed(failed.revision(), "cannot put the snapshot " + writer.target().getFileName()
        + " in place: " + failed.error());
  }

  /** The rewrite is abandoned: ERROR, the unfinished snapshot dropped, a retry later. */
  private void failed(long at, String error) {
    if (at != revision || writer == null) {
      return;
    }
    log.error("The log rewrite at revision {} failed: {}; the manifest names {} and {}, the store"
        + " keeps taking writes; retrying in {} ms", at, error,
        manifest.snapshot().orElse("no snapshot"), String.join(" ", manifest.logs()),
        retry.toMillis());
    drop();
    clear();
    backOff();
  }

  private void backOff() {
    waiting = true;
    timers.startSingleTimer(Retry.INSTANCE, Retry.INSTANCE, retry);
    Duration doubled = retry.multipliedBy(2);
    retry = doubled.compareTo(Duration.ofSeconds(MAX_RETRY_SECONDS)) > 0
        ? Duration.ofSeconds(MAX_RETRY_SECONDS) : doubled;
  }

  /**
   * The store stops: an unfinished snapshot is dropped (the manifest names the old state and
   * every log since, complete once the journal closes), a commit in flight is waited for.
   */
  void abandon() {
    if (commit != null) {
      try {
        commit.get(STOP_WAITS_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        log.error("The snapshot {} was not put in place before the stop: {}",
            writer.target().getFileName(), e.getMessage());
      }
      return;
    }
    drop();
  }

  private void drop() {
    if (cursor != null) {
      cursor.close();
    }
    if (writer != null && commit == null) {
      try {
        writer.close();
      } catch (IOException e) {
        log.warn("Could not delete the unfinished snapshot {}.tmp: {}", writer.target(),
            e.getMessage());
      }
    }
  }

  private void clear() {
    cursor = null;
    writer = null;
    commit = null;
    rotated = false;
    stepsDone = false;
  }
}
