package io.sharedstore.store.watch;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.internal.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The store's last changes in revision order, in a ring: every {@link Change.Written} and {@link
 * Change.Removed} the engine made, as {@link #record} was given them, bounded by a count ({@code
 * shared-store.watch.history}) and by an estimate of their bytes ({@code
 * shared-store.watch.history-max-bytes}, see {@link #estimate}); the oldest go first. A watch
 * resumes from it with {@link #since}.
 *
 * <p>The engine gives each data change the revision after the one before (the retry memory's
 * {@link Change.Remembered} takes none and is not kept here), so the history holds one unbroken
 * run of revisions, from {@link #oldestRevision} to {@link #latestRevision}, and knows exactly
 * whether a revision is still held. Should a recorded change not follow the latest one (a jump:
 * no engine does that, but a host must not hand out a history with a hole), what was held is
 * dropped and the run starts again at that change: a watcher from before it gets a gap, never a
 * silent hole.
 *
 * <p>What it holds is in memory only. A store started in memory starts it empty at revision 0; a
 * durable store seeds it with the changes it replays from its logs at start, so it reaches as far
 * back as the logs do: after a snapshot (whose entries carry no history) it starts at the
 * snapshot's revision + 1.
 *
 * <p>Not thread-safe: owned by the store's thread. The changes it hands out are immutable.
 */
public final class ChangeHistory {

  /**
   * The bytes a kept change counts beyond its key's chars and its value's bytes: the ring's slot
   * (8), the change record (32), the key's String and its array's header (40) and the value's
   * {@code Bytes} and its array's header (32), rounded up. A removal counts the same. The key and
   * the value are counted even while the store's entry shares them, so the estimate errs high.
   */
  public static final int CHANGE_OVERHEAD = 128;

  private static final int INITIAL_CAPACITY = 16;

  private final int maxChanges;
  private final long maxBytes;
  private Change[] ring = new Change[0];
  /** The slot of the oldest change held. */
  private int head;
  private int size;
  private long bytes;
  private long latest;

  /**
   * An empty history of a store at revision 0 (a new store).
   *
   * @param settings its bounds
   */
  public ChangeHistory(WatchSettings settings) {
    this(settings, 0);
  }

  /**
   * An empty history of a store at {@code revision}: the next change recorded is expected at
   * {@code revision + 1} (a store that has just loaded a snapshot of that revision).
   *
   * @param settings its bounds
   * @param revision the store's revision now, not negative
   * @throws IllegalArgumentException if {@code revision} is negative
   */
  public ChangeHistory(WatchSettings settings, long revision) {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must not be negative, was " + revision);
    }
    this.maxChanges = settings.history();
    this.maxBytes = settings.historyMaxBytes();
    this.latest = revision;
  }

  /**
   * What a change counts against {@code history-max-bytes}: 2 per key char, its value's bytes (a
   * write's), plus {@link #CHANGE_OVERHEAD}.
   *
   * @param change a written or removed change
   * @return its estimated bytes
   */
  public static long estimate(Change change) {
    long value = change instanceof Change.Written written ? written.value().length() : 0;
    return CHANGE_OVERHEAD + 2L * change.key().length() + value;
  }

  /**
   * Keeps the data changes of one change list, in order, evicting the oldest past the bounds
   * ({@link Change.Remembered} entries are skipped: they change no data and take no revision).
   * Called with every change list the engine makes, in the order made.
   *
   * @param changes the changes
   * @throws IllegalArgumentException if a change's revision is not above the latest recorded
   *     (changes out of order or of another store: a bug); those before it are kept
   */
  public void record(List<Change> changes) {
    for (Change change : changes) {
      if (!(change instanceof Change.Remembered)) {
        add(change);
      }
    }
  }

  private void add(Change change) {
    long revision = change.revision();
    if (revision <= latest) {
      throw new IllegalArgumentException("cannot record " + change + ": its revision must be"
          + " above the latest recorded, " + latest);
    }
    if (revision != latest + 1) {
      clear(); // a jump: the run restarts here, so that no hole is ever handed out
    }
    latest = revision;
    if (maxChanges == 0) {
      return;
    }
    if (size == maxChanges) {
      evictOldest();
    } else if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = change;
    size++;
    bytes += estimate(change);
    while (bytes > maxBytes && size > 0) {
      evictOldest();
    }
  }

  /**
   * The oldest revision held; {@link #latestRevision} + 1 if none is held.
   *
   * @return the oldest revision held
   */
  public long oldestRevision() {
    return latest - size + 1;
  }

  /**
   * The revision of the latest change recorded (or the revision the history started at).
   *
   * @return the latest revision
   */
  public long latestRevision() {
    return latest;
  }

  /**
   * How many changes are held.
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * The estimated bytes of the changes held (see {@link #estimate}).
   *
   * @return the bytes
   */
  public long bytes() {
    return bytes;
  }

  /**
   * As {@link #since(long, Predicate, int)}, for the keys matching {@code glob}.
   *
   * @param revision the last revision the caller has
   * @param glob the keys of interest
   * @param max the most changes in the page, at least 1
   * @return a page, a gap or ahead
   */
  public Since since(long revision, Glob glob, int max) {
    return since(revision, glob::matches, max);
  }

  /**
   * The changes after {@code revision} whose key {@code keys} accepts, in revision order, at
   * most {@code max}: a {@link Page} (read the next with {@code since(page.through(), ...)});
   * or a {@link Gap} if a change after {@code revision} is no longer held ({@code revision + 1 <
   * oldestRevision()}); or {@link Ahead} if {@code revision} is past the latest recorded (the
   * caller saw revisions this store does not have). Examines at most the changes held.
   *
   * @param revision the last revision the caller has, not negative
   * @param keys which keys the caller wants
   * @param max the most changes in a page, at least 1
   * @return the page, gap or ahead
   * @throws IllegalArgumentException if {@code revision} is negative or {@code max} below 1
   */
  public Since since(long revision, Predicate<String> keys, int max) {
    Objects.requireNonNull(keys, "keys");
    if (revision < 0 || max < 1) {
      throw new IllegalArgumentException("revision must not be negative and max at least 1, were "
          + revision + " and " + max);
    }
    if (revision > latest) {
      return new Ahead(latest);
    }
    long oldest = oldestRevision();
    if (revision + 1 < oldest) {
      return new Gap(oldest);
    }
    List<Change> page = new ArrayList<>(Math.min(max, 64));
    for (int i = (int) (revision + 1 - oldest); i < size; i++) {
      Change change = ring[(head + i) % ring.length];
      if (keys.test(change.key())) {
        page.add(change);
        if (page.size() == max) {
          return new Page(page, change.revision(), i < size - 1);
        }
      }
    }
    return new Page(page, latest, false);
  }

  private void evictOldest() {
    bytes -= estimate(ring[head]);
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
  }

  private void clear() {
    while (size > 0) {
      evictOldest();
    }
  }

  private void grow() {
    int capacity = (int) Math.min(maxChanges,
        Math.max(INITIAL_CAPACITY, 2L * ring.length));
    Change[] grown = new Change[capacity];
    for (int i = 0; i < size; i++) {
      grown[i] = ring[(head + i) % ring.length];
    }
    ring = grown;
    head = 0;
  }

  /** What {@link #since} answers. */
  public sealed interface Since permits Page, Gap, Ahead {}

  /**
   * The matching changes after the asked revision, in revision order, complete up to and
   * including {@code through}.
   *
   * @param changes the changes (unmodifiable)
   * @param through the revision the page covers: ask for the next with it
   * @param more whether changes after {@code through} were held when asked
   */
  public record Page(List<Change> changes, long through, boolean more) implements Since {
    /** Copies {@code changes} into an unmodifiable list. */
    public Page {
      changes = List.copyOf(changes);
    }
  }

  /**
   * The asked revision is older than the history keeps: some change after it is gone.
   *
   * @param oldestRevision the oldest revision held then ({@code latest + 1} if none)
   */
  public record Gap(long oldestRevision) implements Since {}

  /**
   * The asked revision is past the latest recorded: the caller saw a state this store does not
   * have (another store, or changes lost by a restart).
   *
   * @param latestRevision the latest revision recorded
   */
  public record Ahead(long latestRevision) implements Since {}
}
