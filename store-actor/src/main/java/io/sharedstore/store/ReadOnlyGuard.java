package io.sharedstore.store;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A durable store's read-only state: entered when a write or fsync on the log fails, left when
 * the disk accepts writes again. While read-only every operation that could change something is
 * refused (counted, the ERROR that says so logged at most once per 10 s); reads go on.
 */
final class ReadOnlyGuard {

  /** While read-only, the ERROR that says so is logged at most this often. */
  private static final long READ_ONLY_LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final Logger log;
  private final Ticker monotonic;
  private final Supplier<Path> file;
  /** Null while the store takes writes; else the refusal every write gets (read-only). */
  private String readOnly;
  private long refusedWrites;
  /** Every write refused since the store started, across read-only spells. */
  private long refusedSinceStart;
  private long readOnlyLogged;

  /**
   * @param log where the ERROR and INFO lines go (the store's logger)
   * @param monotonic times the pause between two ERRORs
   * @param file the log's file written now (null in memory: the store is then never read-only)
   */
  ReadOnlyGuard(Logger log, Ticker monotonic, Supplier<Path> file) {
    this.log = log;
    this.monotonic = monotonic;
    this.file = file;
  }

  /** Every write refused as read-only since the store started (the info's refusal count). */
  long refusedSinceStart() {
    return refusedSinceStart;
  }

  /** True while the store refuses writes. */
  boolean isReadOnly() {
    return readOnly != null;
  }

  /** The refusal every write gets while read-only (null while the store takes writes). */
  String refusal() {
    return readOnly;
  }

  /**
   * True if the store is read-only and {@code operation} is not a read: counted, and the ERROR
   * that says so logged at most once per 10 s.
   */
  boolean refuses(Operation<?> operation) {
    if (readOnly == null || Reads.isRead(operation)) {
      return false;
    }
    refusedWrites++;
    refusedSinceStart++;
    long now = monotonic.nanos();
    if (now - readOnlyLogged >= READ_ONLY_LOG_EVERY_NANOS) {
      readOnlyLogged = now;
      log.error("The store is read-only: the log {} cannot be written ({});"
          + " {} writes refused so far, retrying", file.get(), readOnly, refusedWrites);
    }
    return true;
  }

  /** The journal failed to make the changes up to {@code revision} durable: read-only now. */
  void journalFailed(long revision, String error, String cause) {
    log.error("{} (revision {}); the store is read-only until the disk"
        + " accepts writes again", error, revision);
    if (readOnly == null) {
      readOnly = Refusal.READ_ONLY.describe("the store is read-only: a write to the log "
          + file.get() + " failed (" + cause + "); this change was not applied");
      refusedWrites = 0;
      readOnlyLogged = monotonic.nanos();
    }
  }

  /** The log is written and durable up to {@code revision} again: writes are taken again. */
  void diskBack(long revision) {
    if (readOnly != null) {
      log.info("The log {}: disk accepts writes again (revision {} durable,"
          + " {} writes refused while read-only)", file.get(), revision, refusedWrites);
      readOnly = null;
    }
  }
}
