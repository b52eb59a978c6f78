package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's log of changes on disk, with group commit: the store's thread {@link #append}s each
 * change list (encoded and queued, nothing written), and one background thread, {@code
 * shared-store-journal}, takes everything queued since its last write, writes it in one go and,
 * by the {@link Policy}, fsyncs it; then it reports through {@link Listener#durable} the
 * revision the log now covers. The store keeps applying requests meanwhile: the next write
 * covers every change made during this one.
 *
 * <p>What "durable" means is the policy's: with {@link Policy#ALWAYS}, fsynced; with {@link
 * Policy#EVERYSEC}, written to the OS (and fsynced in the background once a second); with {@link
 * Policy#NO}, written to the OS (fsynced only by {@link #close}).
 *
 * <p>After a write or fsync error the log's end is unknown: {@link Listener#failed} is told, with
 * the revisions that could not be made durable, and the journal retries on its thread once every
 * {@link #RETRY_EVERY second} (or the interval it was opened with): it cuts the file back to the last offset known to be whole
 * (fsynced; with {@link Policy#NO}, written) and writes again every record kept since then and
 * everything queued meanwhile, then fsyncs. Once that succeeds {@link Listener#recovered} is told
 * and the journal goes on as before. The records since the last such offset stay in memory for
 * this (with {@link Policy#EVERYSEC}, about a second of changes). Refusing new writes meanwhile
 * is the host's business.
 *
 * <p>{@link #rotate} switches to a new log at a point of the queue: at that mark the journal
 * thread writes and fsyncs every record before it to the old log, creates the new log (header,
 * fsync), has the {@link Rotation} name it in the manifest after the old logs, and only then
 * writes the records after the mark, to the new log: no record is ever in a log the manifest
 * does not name. A rotation that fails (or meets a failed log, or the close) leaves every record
 * in the old log, which stays the journal's.
 *
 * <p>With {@link Policy#EVERYSEC} and {@link Policy#NO} "durable" needs no fsync, so the store's
 * thread may write itself: it {@link #queue}s its changes (no wake-up of the journal's thread)
 * and at the end of each unit of work calls {@link #writeQueued}, which writes everything queued
 * to the OS on the caller's thread and answers the revision now durable: the reply goes at once,
 * without a round trip through the journal's thread. When that thread is using the log at that
 * moment (its once-a-second fsync, a rotation, a retry after a failure), {@code writeQueued}
 * leaves the records to it instead (they are written and reported by {@link Listener#durable}
 * as with {@link #append}). One lock ({@code io}) orders every use of the log between the two
 * threads.
 */
public final class Journal implements AutoCloseable {

  /** When the journal fsyncs. */
  public enum Policy {
    /** After every write, before reporting it durable. */
    ALWAYS,
    /** Once a second, if anything was written since the last fsync. */
    EVERYSEC,
    /** Never, but at {@link #close}. */
    NO
  }

  /** Told, on the journal's thread, how far the log is durable. Must not block. */
  public interface Listener {
    /**
     * Every change up to {@code revision} is durable (by the policy).
     *
     * @param revision the highest revision the log covers
     */
    void durable(long revision);

    /**
     * A write or fsync failed: the changes up to {@code revision} that were not yet durable may
     * never be.
     *
     * @param revision the highest revision of the batch that failed
     * @param error the OS error
     */
    void failed(long revision, IOException error);

    /**
     * After a failure, the log was written again and fsynced: every change up to {@code
     * revision} is durable and the journal takes writes again.
     *
     * @param revision the highest revision the log covers
     */
    default void recovered(long revision) {
      durable(revision);
    }

    /**
     * The journal switched to a new log at a {@link #rotate} mark: every change up to {@code
     * revision} is fsynced in the old logs, the manifest names the new one after them.
     *
     * @param revision the mark's revision
     * @param log the new log, where every later change goes
     */
    default void rotated(long revision, Path log) {}

    /**
     * A rotation did not happen: every change stays in the old log, the journal goes on there.
     *
     * @param revision the mark's revision
     * @param error why (the new log or the manifest could not be written, the old log failed, or
     *     the journal was failed already)
     */
    default void rotationFailed(long revision, IOException error) {}
  }

  /** How a {@link #rotate rotation} makes its new log; called on the journal's thread. */
  public interface Rotation {
    /**
     * Opens the new log, an empty file.
     *
     * @return its channel
     * @throws IOException if it cannot be created
     */
    LogChannel open() throws IOException;

    /**
     * Makes the manifest name the new log after the old ones, atomically; called once the new
     * log's header is fsynced and before any record is written to it.
     *
     * @throws IOException if the manifest cannot be written (the old one is then in place)
     */
    void nameInManifest() throws IOException;
  }

  private static final long FSYNC_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long the journal waits, by default, between two attempts to write after a failure. */
  public static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private final long retryEveryNanos;
  // Guarded by io after start (a rotation swaps them); file is read by any thread.
  private RecordLogWriter writer;
  private volatile Path file;
  private final Policy policy;
  /** Guards the queue; never held while the log is written. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  /** Held by whichever thread uses the writer and the fields below it; taken before {@link #lock}. */
  private final ReentrantLock io = new ReentrantLock();
  /** EVERYSEC: something was written since the last fsync (guarded by {@link #lock}). */
  private boolean fsyncOwed;
  private final Thread thread;
  private Listener listener;
  private List<byte[]> queued = new ArrayList<>();
  private long queuedRevision;
  private long lastRevision;
  private boolean closing;
  /** A rotation asked for and not yet taken by the journal's thread, its mark and revision. */
  private Rotation rotation;
  private int rotationAt;
  private long rotationRevision;
  /** The appending thread's: bytes of every record appended since the journal was opened. */
  private long appendedBytes;
  private IOException closeFailure;
  // Guarded by io: the records written since keptFrom, the last offset known whole.
  private final List<byte[]> kept = new ArrayList<>();
  private long keptFrom;
  private volatile IOException failure;
  // Guarded by io: what the journal did since it was opened (see stats()).
  private long recordsWritten;
  private long writes;
  private long fsyncs;
  private long lastAttempt;
  /** Told how long each fsync of the log took; set before {@link #start}. */
  private volatile LongConsumer fsyncTimes = nanos -> {};

  private Journal(RecordLogWriter writer, Path file, Policy policy, long revision,
      Duration retryEvery) {
    this.retryEveryNanos = retryEvery.toNanos();
    this.writer = writer;
    this.file = file;
    this.policy = policy;
    this.queuedRevision = revision;
    this.lastRevision = revision;
    this.keptFrom = writer.writtenLength();
    this.thread = new Thread(this::run, "shared-store-journal");
    thread.setDaemon(true);
  }

  /**
   * A journal appending to {@code channel}, not yet writing (see {@link #start}).
   *
   * @param channel the log file, new or recovered and truncated to its last whole record
   * @param policy when to fsync
   * @param revision the revision the log already covers (0 for a new one)
   * @return the journal
   * @throws IOException if the channel's size cannot be read
   */
  public static Journal open(LogChannel channel, Policy policy, long revision) throws IOException {
    return open(channel, policy, revision, RETRY_EVERY);
  }

  /**
   * As {@link #open(LogChannel, Policy, long)}, retrying after a failure every {@code
   * retryEvery} instead of every {@link #RETRY_EVERY second} (tests pass a short one).
   *
   * @param channel the log file
   * @param policy when to fsync
   * @param revision the revision the log already covers
   * @param retryEvery the pause between two attempts to write after a failure, positive
   * @return the journal
   * @throws IOException if the channel's size cannot be read
   */
  public static Journal open(LogChannel channel, Policy policy, long revision,
      Duration retryEvery) throws IOException {
    if (retryEvery.isNegative() || retryEvery.isZero()) {
      throw new IllegalArgumentException("a retry interval must be positive: " + retryEvery);
    }
    return new Journal(RecordLogWriter.open(channel), channel.path(), policy, revision,
        retryEvery);
  }

  /**
   * Has {@code fsyncTimes} told the nanoseconds of each fsync of the log (on the thread that
   * fsyncs); call before {@link #start}.
   *
   * @param fsyncTimes told each fsync's duration; it must return at once
   */
  public void observeFsyncs(LongConsumer fsyncTimes) {
    this.fsyncTimes = java.util.Objects.requireNonNull(fsyncTimes, "fsyncTimes");
  }

  /**
   * Starts the background thread, reporting to {@code listener}.
   *
   * @param listener told how far the log is durable
   * @throws IllegalStateException if already started
   */
  public void start(Listener listener) {
    lock.lock();
    try {
      if (this.listener != null) {
        throw new IllegalStateException("the journal of " + file + " is started already");
      }
      this.listener = listener;
    } finally {
      lock.unlock();
    }
    thread.start();
  }

  /**
   * The log's file: the one written now (a {@link #rotate rotation} changes it).
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Queues one change list for the next write and wakes the journal's thread to write it;
   * called on the store's thread, never blocks on the disk.
   *
   * @param changes what one operation changed (at least one change)
   * @return the highest revision queued so far, the one to wait for
   * @throws IllegalStateException if the journal is closed
   */
  public long append(List<Change> changes) {
    return enqueue(changes, true);
  }

  /**
   * Queues one change list like {@link #append} but without waking the journal's thread: the
   * caller follows it, at the end of its unit of work, with {@link #writeQueued} (so one write,
   * and with {@link Policy#ALWAYS} one fsync, covers the whole unit of work).
   *
   * @param changes what one operation changed (at least one change)
   * @return the highest revision queued so far, the one to wait for
   * @throws IllegalStateException if the journal is closed
   */
  public long queue(List<Change> changes) {
    return enqueue(changes, false);
  }

  private long enqueue(List<Change> changes, boolean wake) {
    byte[] record = ChangeCodec.encode(changes);
    appendedBytes += RecordLog.FRAME_BYTES + record.length;
    long revision = 0;
    for (Change change : changes) {
      revision = Math.max(revision, change.revision());
    }
    lock.lock();
    try {
      if (closing) {
        throw new IllegalStateException("the journal of " + file + " is closed");
      }
      queued.add(record);
      queuedRevision = Math.max(queuedRevision, revision);
      if (wake) {
        work.signal();
      }
      return queuedRevision;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes everything queued, on the caller's thread, when that makes it durable ({@link
   * Policy#EVERYSEC}, {@link Policy#NO}: written to the OS) and the journal's thread is not
   * using the log right now; otherwise leaves it to that thread (woken), which reports it.
   *
   * @return the revision the log is now durable up to, or -1 if the journal's thread was left
   *     the work (it reports through {@link Listener#durable}; or {@link Listener#failed}, also
   *     when the write fails here: the records are then kept for its retry)
   */
  public long writeQueued() {
    if (policy == Policy.ALWAYS || !io.tryLock()) {
      wake();
      return -1;
    }
    try {
      List<byte[]> batch;
      long revision;
      lock.lock();
      try {
        if (failure != null || listener == null || closing || rotation != null) {
          work.signal(); // failed, not started, closing or rotating: the thread's business
          return -1;
        }
        batch = takeQueued();
        revision = queuedRevision;
        boolean owedBefore = fsyncOwed;
        fsyncOwed = policy == Policy.EVERYSEC && (fsyncOwed || !batch.isEmpty());
        if (fsyncOwed && !owedBefore) {
          work.signal(); // starts the once-a-second fsync's clock: one wake-up a second at most
        }
      } finally {
        lock.unlock();
      }
      return writeAll(batch, revision, false) ? lastRevision : -1;
    } finally {
      io.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The records queued, taken from the queue (holding {@link #lock}). */
  private List<byte[]> takeQueued() {
    if (queued.isEmpty()) {
      return List.of();
    }
    List<byte[]> batch = queued;
    queued = new ArrayList<>();
    return batch;
  }

  /**
   * Bytes of every record {@link #append}ed since the journal was opened (frames included);
   * read on the appending thread.
   *
   * @return the count
   */
  public long appendedBytes() {
    return appendedBytes;
  }

  /**
   * Switches to a new log after every change appended so far (the mark), as the class says;
   * called on the appending thread. The outcome is reported to the listener ({@link
   * Listener#rotated} or {@link Listener#rotationFailed}). One rotation at a time.
   *
   * @param revision the highest revision appended so far: the mark's
   * @param rotation makes the new log and names it in the manifest
   * @throws IllegalStateException if a rotation is pending already, or the journal is closed
   */
  public void rotate(long revision, Rotation rotation) {
    lock.lock();
    try {
      if (closing) {
        throw new IllegalStateException("the journal of " + file + " is closed");
      }
      if (this.rotation != null) {
        throw new IllegalStateException("the journal of " + file + " is rotating already");
      }
      this.rotation = rotation;
      this.rotationAt = queued.size();
      this.rotationRevision = revision;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes and fsyncs everything queued, stops the thread and closes the file: a clean stop
   * loses nothing, whatever the policy. A rotation not yet taken is dropped (its records go to
   * the old log).
   *
   * @throws IOException if the last write, fsync or the close failed
   */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      closing = true;
      work.signal();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    if (thread.isAlive()) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } else if (listener == null) {
      io.lock();
      try {
        finish(); // never started: write what was queued here
      } finally {
        io.unlock();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  private void run() {
    long lastFsync = System.nanoTime();
    while (true) {
      if (failure != null) {
        if (retryAfterFailure()) {
          return;
        }
        lastFsync = System.nanoTime();
        continue;
      }
      boolean last;
      lock.lock();
      try {
        while (queued.isEmpty() && rotation == null && !closing && failure == null) {
          if (fsyncOwed) {
            long wait = FSYNC_EVERY_NANOS - (System.nanoTime() - lastFsync);
            if (wait <= 0) {
              break;
            }
            work.awaitNanos(wait);
          } else {
            work.await();
          }
        }
        last = closing;
      } catch (InterruptedException e) {
        closing = true;
        continue;
      } finally {
        lock.unlock();
      }
      if (failure != null) {
        continue; // a write on the store's thread failed: retry (or finish) from the top
      }
      io.lock();
      try {
        lastFsync = writeTurn(last, lastFsync);
        if (last) {
          return;
        }
      } finally {
        io.unlock();
      }
    }
  }

  /**
   * One turn of the journal's thread, holding io: writes what is queued (up to a rotation's mark,
   * then rotates), or finishes if {@code last}; fsyncs EVERYSEC's second. Answers when it last
   * fsynced.
   */
  private long writeTurn(boolean last, long lastFsync) {
    List<byte[]> batch;
    long revision;
    Rotation rotating = null;
    lock.lock();
    try {
      if (rotation != null && !last) {
        // Up to the mark now; what follows it stays queued, for the new log.
        rotating = rotation;
        rotation = null;
        batch = new ArrayList<>(queued.subList(0, rotationAt));
        queued = new ArrayList<>(queued.subList(rotationAt, queued.size()));
        revision = rotationRevision;
      } else {
        rotation = null;
        batch = takeQueued();
        revision = queuedRevision;
      }
      if (policy == Policy.EVERYSEC && !batch.isEmpty()) {
        fsyncOwed = true;
      }
    } finally {
      lock.unlock();
    }
    if (last) {
      writeAll(batch, revision, true);
      finish();
      return lastFsync;
    }
    if (rotating != null) {
      rotateAt(batch, revision, rotating);
      return System.nanoTime();
    }
    if (!batch.isEmpty()) {
      if (writeAll(batch, revision, true) && policy == Policy.ALWAYS) {
        lastFsync = System.nanoTime();
      }
    }
    if (failure == null && policy == Policy.EVERYSEC
        && System.nanoTime() - lastFsync >= FSYNC_EVERY_NANOS) {
      everysecFsync();
      lastFsync = System.nanoTime();
    }
    return lastFsync;
  }

  /** EVERYSEC's background fsync, if anything was written since the last one (holding io). */
  private void everysecFsync() {
    lock.lock();
    try {
      if (!fsyncOwed) {
        return;
      }
      fsyncOwed = false;
    } finally {
      lock.unlock();
    }
    try {
      fsyncs++;
      force(writer);
      keep(writer.durableLength());
    } catch (IOException e) {
      fail(lastRevision, e);
    }
  }

  /**
   * What the journal did since it was opened: the records it wrote, in how many writes (one
   * per group) and fsyncs (with {@code always}, one per group; with {@code everysec}, one a
   * second at most). Read it after {@link #close} for exact figures.
   *
   * @return records, writes and fsyncs, as one line of text
   */
  public String stats() {
    io.lock();
    try {
      return recordsWritten + " records in " + writes + " writes and " + fsyncs + " fsyncs";
    } finally {
      io.unlock();
    }
  }

  /**
   * While failed: waits for the next attempt (or the close), then cuts the file back, writes
   * again what was kept and queued, and fsyncs; true if the journal is closing (and finished).
   */
  private boolean retryAfterFailure() {
    boolean last;
    lock.lock();
    try {
      long wait = retryEveryNanos - (System.nanoTime() - lastAttempt);
      while (wait > 0 && !closing) {
        wait = work.awaitNanos(wait);
      }
      last = closing;
    } catch (InterruptedException e) {
      closing = true;
      last = true;
    } finally {
      lock.unlock();
    }
    io.lock();
    try {
      return retryHoldingIo(last);
    } finally {
      io.unlock();
    }
  }

  /** The attempt itself, holding io; see {@link #retryAfterFailure}. */
  private boolean retryHoldingIo(boolean last) {
    lastAttempt = System.nanoTime();
    List<byte[]> batch;
    long revision;
    Rotation dropped;
    long droppedRevision;
    lock.lock();
    try {
      batch = takeQueued();
      revision = queuedRevision;
      dropped = rotation;
      droppedRevision = rotationRevision;
      rotation = null;
    } finally {
      lock.unlock();
    }
    if (dropped != null) {
      listener.rotationFailed(droppedRevision, new IOException("the log " + file
          + " is failed (" + failure.getMessage() + "): no rotation until it is written again"));
    }
    kept.addAll(batch);
    try {
      writer.restartAt(keptFrom);
      for (byte[] record : kept) {
        writer.append(record);
      }
      force(writer);
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      if (last) {
        closeFailure = failure;
        try {
          writer.close();
        } catch (IOException closing) {
          closeFailure.addSuppressed(closing);
        }
      }
      return last;
    }
    failure = null;
    closeFailure = null;
    keep(writer.durableLength());
    lastRevision = revision;
    listener.recovered(revision);
    if (last) {
      finish();
    }
    return last;
  }

  /**
   * At a rotation's mark: writes and fsyncs {@code batch} (what precedes the mark) to the old log,
   * creates the new one, has the manifest name it, and makes it the journal's; on a failure the
   * old log stays the journal's (a write or fsync failure of the old log fails the journal).
   */
  private void rotateAt(List<byte[]> batch, long revision, Rotation rotating) {
    if (!writeAll(batch, revision, true)) {
      listener.rotationFailed(revision, failure);
      return;
    }
    try {
      force(writer);
      keep(writer.durableLength());
    } catch (IOException e) {
      fail(lastRevision, e);
      listener.rotationFailed(revision, e);
      return;
    }
    LogChannel channel = null;
    RecordLogWriter next;
    try {
      channel = rotating.open();
      next = RecordLogWriter.open(channel);
      force(next);
      rotating.nameInManifest();
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      listener.rotationFailed(revision,
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
      return;
    }
    RecordLogWriter old = writer;
    writer = next;
    file = channel.path();
    keep(writer.durableLength());
    try {
      old.close();
    } catch (IOException e) {
      // fsynced above: nothing of it is lost
    }
    listener.rotated(revision, file);
  }

  /** Everything up to {@code offset} is whole on disk: the records kept before it are dropped. */
  private void keep(long offset) {
    kept.clear();
    keptFrom = offset;
  }

  /** A write or fsync failed: the journal is failed until a retry succeeds. */
  private void fail(long revision, IOException error) {
    failure = error;
    lastAttempt = System.nanoTime();
    if (listener != null) {
      listener.failed(revision, error);
    }
    wake(); // the journal's thread retries (it may wait for a write the store's thread made)
  }

  /** Fsyncs {@code log}, telling how long it took. */
  private void force(RecordLogWriter log) throws IOException {
    long started = System.nanoTime();
    log.force();
    fsyncTimes.accept(System.nanoTime() - started);
  }

  /**
   * Writes (and with ALWAYS fsyncs) one batch, holding io; reports it to the listener if {@code
   * report} (else the caller answers it); false if it failed.
   */
  private boolean writeAll(List<byte[]> batch, long revision, boolean report) {
    if (batch.isEmpty()) {
      return true;
    }
    if (listener != null) {
      kept.addAll(batch); // until known whole on disk, for a retry after a failure
    }
    try {
      for (byte[] record : batch) {
        writer.append(record);
      }
      recordsWritten += batch.size();
      writes++;
      if (policy == Policy.ALWAYS) {
        fsyncs++;
        force(writer);
      } else {
        writer.flush();
      }
    } catch (IOException | RuntimeException e) {
      IOException error = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      fail(revision, error);
      closeFailure = error;
      return false;
    }
    if (listener != null && policy != Policy.EVERYSEC) {
      keep(policy == Policy.ALWAYS ? writer.durableLength() : writer.writtenLength());
    }
    lastRevision = revision;
    if (listener != null && report) {
      listener.durable(revision);
    }
    return true;
  }

  /** At close: everything queued is written, then fsynced and the file closed. */
  private void finish() {
    if (listener == null) {
      List<byte[]> batch;
      long revision;
      lock.lock();
      try {
        batch = takeQueued();
        revision = queuedRevision;
      } finally {
        lock.unlock();
      }
      writeAll(batch, revision, true);
    }
    try {
      force(writer);
    } catch (IOException e) {
      closeFailure = e;
    }
    try {
      writer.close();
    } catch (IOException e) {
      if (closeFailure == null) {
        closeFailure = e;
      }
    }
  }
}
