package io.sharedstore.store.engine;

import io.sharedstore.store.protocol.Bytes;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * A point-in-time view of an engine's state at the revision it was opened at ({@link
 * StoreEngine#openSnapshot}), read in bounded {@link #step}s while the engine keeps applying
 * operations: the way to write a snapshot without stopping the store and without a second copy of
 * the heap.
 *
 * <p>State: the open {@link #revision}, a copy of the increment retry memory taken at opening
 * (small: at most {@code retry-capacity} results), the last key stepped past, and the pre-images
 * ({@link #preImages}): for each key changed since the opening that the cursor has not yet
 * passed, the entry it held at the opening (or the fact that it held none). Each pre-image is a
 * reference to an entry the engine no longer holds, so the extra memory is at most one entry per
 * distinct key changed during the snapshot, and it goes down as the cursor passes those keys;
 * unchanged entries are read from the engine's own map and never copied.
 *
 * <p>One cursor is open per engine at a time. It stops recording when {@link #close}d or when its
 * last step is done. Not thread-safe: use it on the thread that drives the engine, between
 * operations.
 */
public final class SnapshotCursor implements AutoCloseable {

  private final EntryTable table;
  private final PreImages preImages = new PreImages();
  private final long revision;
  private final List<Change.Remembered> remembered;
  private boolean done;
  private boolean closed;

  SnapshotCursor(EntryTable table, long revision, List<Change.Remembered> remembered) {
    this.table = table;
    this.revision = revision;
    this.remembered = List.copyOf(remembered);
    table.startRecording(preImages);
  }

  /**
   * The engine's revision when the cursor opened: the entries it steps through are the state at
   * this revision, and a log replayed after them starts above it.
   *
   * @return the open revision
   */
  public long revision() {
    return revision;
  }

  /**
   * Visits the increment retry memory as it was at opening (copied then), oldest first, in the
   * form {@link StoreEngine#forEachRemembered} gives; replaying it in this order as {@link
   * Change.Remembered}s restores the same memory. Works open or closed.
   *
   * @param visitor sees each remembered result
   */
  public void forEachRemembered(RememberedVisitor visitor) {
    remembered.forEach(r -> visitor.remembered(r.key(), r.requestId(), r.result(), r.atMillis()));
  }

  /**
   * Visits the next entries of the state at {@link #revision}, in key order, examining at most
   * {@code maxEntries} keys (so at most that many entries; a key created after the opening is
   * examined and skipped). Entries past their deadline are included with it (the load drops
   * them). The visitor must not change the engine. After the step that visits the last entry,
   * the cursor closes itself.
   *
   * @param maxEntries the most keys to examine, at least 1
   * @param visitor sees each entry (the value is the engine's own bytes: read them, never change
   *     them)
   * @return true while more entries remain, false once every entry was visited
   * @throws IllegalArgumentException if {@code maxEntries} is below 1
   * @throws IllegalStateException if the cursor was closed before it was done
   */
  public boolean step(int maxEntries, EntryVisitor visitor) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
    }
    if (done) {
      return false;
    }
    if (closed) {
      throw new IllegalStateException("the snapshot cursor at revision " + revision
          + " was closed before it was done");
    }
    Iterator<Entry> live = table.entriesAfter(preImages.position());
    Entry nextLive = live.hasNext() ? live.next() : null;
    String nextChanged = preImages.firstKey();
    for (int examined = 0; examined < maxEntries; examined++) {
      if (nextLive == null && nextChanged == null) {
        break;
      }
      int order = nextLive == null ? 1 : nextChanged == null ? -1
          : nextLive.key().compareTo(nextChanged);
      String key;
      Entry entry;
      if (order < 0) {
        key = nextLive.key();
        entry = nextLive;
      } else {
        key = nextChanged; // changed since the opening: its pre-image is the state at the open
        entry = preImages.pollFirst();
        nextChanged = preImages.firstKey();
      }
      if (order <= 0) {
        nextLive = live.hasNext() ? live.next() : null;
      }
      if (entry != PreImages.ABSENT) {
        visitor.entry(key, Bytes.wrap(entry.value()),
            entry.expires() ? OptionalLong.of(entry.expiresAtMillis()) : OptionalLong.empty());
      }
      preImages.passed(key);
    }
    if (nextLive == null && nextChanged == null) {
      done = true;
      close();
      return false;
    }
    return true;
  }

  /**
   * The pre-images held now: one per distinct key changed since the opening that the cursor has
   * not yet passed (0 once closed). For tests and measurement.
   *
   * @return how many
   */
  public long preImages() {
    return preImages.size();
  }

  /**
   * Stops recording pre-images and drops those held; the cursor can no longer step (unless it was
   * done), and another can be opened on the engine. Idempotent; a done cursor has closed itself.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      table.stopRecording(preImages);
      preImages.clear();
    }
  }
}
