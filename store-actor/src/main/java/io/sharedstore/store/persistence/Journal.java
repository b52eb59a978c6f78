package io.sharedstore.store.persistence;

import io.sharedstore.store.engine.Change;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@link #RETRY_EVERY_NANOS second}: it cuts the file back to the last offset known to be whole
 * (fsynced; with {@link Policy#NO}, written) and writes again every record kept since then and
 * everything queued meanwhile, then fsyncs. Once that succeeds {@link Listener#recovered} is told
 * and the journal goes on as before. The records since the last such offset stay in memory for
 * this (with {@link Policy#EVERYSEC}, about a second of changes). Refusing new writes meanwhile
 * is the host's business.
 *
 * <p>With {@link Policy#EVERYSEC} and {@link Policy#NO} "durable" needs no fsync, so the store's
 * thread may write itself: it {@link #queue}s its changes (no wake-up of the journal's thread)
 * and at the end of each unit of work calls {@link #writeQueued}, which writes everything queued
 * to the OS on the caller's thread and answers the revision now durable: the reply goes at once,
 * without a round trip through the journal's thread. When that thread is using the log at that
 * moment (its once-a-second fsync, a retry after a failure), {@code writeQueued} leaves the
 * records to it instead (they are written and reported by {@link Listener#durable} as with
 * {@link #append}). One lock ({@code io}) orders every use of the log between the two threads.
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
  }

  private static final long FSYNC_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** How long the journal waits between two attempts to write again after a failure. */
  static final long RETRY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RecordLogWriter writer;
  private final Path file;
  private final Policy policy;
  /** Guards the queue; never held while the log is written. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  /** Held by whichever thread uses the writer and the fields below it. Taken before {@link #lock}. */
  private final ReentrantLock io = new ReentrantLock();
  /** EVERYSEC: something was written since the last fsync (guarded by {@link #lock}). */
  private boolean fsyncOwed;
  private final Thread thread;
  private Listener listener;
  private List<byte[]> queued = new ArrayList<>();
  private long queuedRevision;
  private long lastRevision;
  private boolean closing;
  private IOException closeFailure;
  // Guarded by io: the records written since keptFrom, the last offset known whole.
  private final List<byte[]> kept = new ArrayList<>();
  private long keptFrom;
  private volatile IOException failure;
  private long lastAttempt;

  private Journal(RecordLogWriter writer, Path file, Policy policy, long revision) {
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
    return new Journal(RecordLogWriter.open(channel), channel.path(), policy, revision);
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
   * The log's file.
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
   * caller follows it, at the end of its unit of work, with {@link #writeQueued}.
   *
   * @param changes what one operation changed (at least one change)
   * @return the highest revision queued so far, the one to wait for
   * @throws IllegalStateException if the journal is closed
   */
  public long queue(List<Change> changes) {
    return enqueue(changes, policy == Policy.ALWAYS);
  }

  private long enqueue(List<Change> changes, boolean wake) {
    byte[] record = ChangeCodec.encode(changes);
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
   * using the log right now; otherwise wakes that thread to do it (and report it).
   *
   * @return the revision the log is now durable up to, or -1 if the journal's thread was left
   *     the work (it reports through {@link Listener#durable}, or {@link Listener#failed} if the
   *     write fails here: the records stay kept for its retry)
   */
  public long writeQueued() {
    if (policy == Policy.ALWAYS) {
      return -1; // queue woke the journal's thread: it writes, fsyncs and reports
    }
    if (!io.tryLock()) {
      wake();
      return -1;
    }
    try {
      if (failure != null || listener == null) {
        wake();
        return -1;
      }
      List<byte[]> batch;
      long revision;
      boolean owedBefore;
      lock.lock();
      try {
        if (closing) {
          work.signal();
          return -1;
        }
        batch = takeQueued();
        revision = queuedRevision;
        owedBefore = fsyncOwed;
        fsyncOwed = policy == Policy.EVERYSEC && (fsyncOwed || !batch.isEmpty());
        if (fsyncOwed && !owedBefore) {
          work.signal(); // start the once-a-second fsync's clock: at most one wake-up a second
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

  /** The records queued, taken from the queue (guarded by {@link #lock}). */
  private List<byte[]> takeQueued() {
    if (queued.isEmpty()) {
      return List.of();
    }
    List<byte[]> batch = queued;
    queued = new ArrayList<>();
    return batch;
  }

  /**
   * Writes and fsyncs everything queued, stops the thread and closes the file: a clean stop
   * loses nothing, whatever the policy.
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
        while (queued.isEmpty() && !closing && failure == null) {
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
        List<byte[]> batch;
        long revision;
        lock.lock();
        try {
          batch = takeQueued();
          revision = queuedRevision;
          if (policy == Policy.EVERYSEC && !batch.isEmpty()) {
            fsyncOwed = true;
          }
        } finally {
          lock.unlock();
        }
        if (last) {
          writeAll(batch, revision, true);
          finish();
          return;
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
      } finally {
        io.unlock();
      }
    }
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
      writer.force();
      keep(writer.durableLength());
    } catch (IOException e) {
      fail(lastRevision, e);
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
      long wait = RETRY_EVERY_NANOS - (System.nanoTime() - lastAttempt);
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

  private boolean retryHoldingIo(boolean last) {
    lastAttempt = System.nanoTime();
    List<byte[]> batch;
    long revision;
    lock.lock();
    try {
      batch = takeQueued();
      revision = queuedRevision;
    } finally {
      lock.unlock();
    }
    kept.addAll(batch);
    try {
      writer.restartAt(keptFrom);
      for (byte[] record : kept) {
        writer.append(record);
      }
      writer.force();
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
    wake(); // the journal's thread retries
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
      if (policy == Policy.ALWAYS) {
        writer.force();
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
      writer.force();
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
