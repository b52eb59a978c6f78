package io.sharedstore.store.engine;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationNames;
import io.sharedstore.store.protocol.OperationRules;
import io.sharedstore.store.protocol.OperationVisitor;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Reply.Applied;
import io.sharedstore.store.protocol.Reply.BoundedCounter;
import io.sharedstore.store.protocol.Reply.Count;
import io.sharedstore.store.protocol.Reply.Counter;
import io.sharedstore.store.protocol.Reply.DeletedKeys;
import io.sharedstore.store.protocol.Reply.Previous;
import io.sharedstore.store.protocol.SteppedOperation;
import io.sharedstore.store.wire.WireSizes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store's logic, without Pekko: the entries ({@link EntryTable}) with their expiry index,
 * the bounds ({@link StoreLimits}), the increment retry memory ({@link RecentResults}) and the
 * revision counter. {@link #apply} runs one operation at a given wall-clock time (epoch
 * milliseconds, so deadlines are absolute) and returns its reply or refusal with the {@link
 * Change}s it made; {@link #sweep} and the steps of a {@link SteppedOperation} ({@link #start})
 * do bounded work, so a host can interleave other requests.
 *
 * <p>The revision starts at 0 and each change takes the next one (the first is 1); a read of a
 * live or missing key takes none. A write that changes nothing answers the current revision.
 *
 * <p>Internal, not API: public for the store's hosts and benchmarks. Holds any subset of the
 * store's keys (a host may run one engine per slot). Not thread-safe: one host drives it. State
 * is in memory only; {@link #replay} rebuilds it from its changes, and {@link #forEachEntry}
 * with {@link #forEachRemembered} and {@link #revision} reads all of it (a snapshot, loaded back
 * with {@link #restoreEntry} and {@link #restoreRevision}); {@link #openSnapshot} reads the same
 * in bounded steps while the engine keeps changing.
 */
public final class StoreEngine {

  private final StoreSettings settings;
  private final OperationRules rules;
  private final ChangeLog log = new ChangeLog();
  private final Activity activity = new Activity(log);
  private final EntryTable table = new EntryTable(activity);
  private final StoreLimits limits;
  private final RecentResults recentResults;
  private final Handlers handlers = new Handlers();

  /**
   * An empty engine with these limits.
   *
   * @param settings the key, value, batch and memory bounds, and the retry memory's size
   */
  public StoreEngine(StoreSettings settings) {
    this.settings = settings;
    this.rules = new OperationRules(settings.maxKeyLength(), settings.maxValueSize());
    this.limits = new StoreLimits(settings);
    this.recentResults =
        new RecentResults(settings.retryWindow().toMillis(), settings.retryCapacity());
  }

  /**
   * The estimated heap bytes of one entry, as {@code max-memory} counts it: a fixed overhead, 2
   * per key char, the value's bytes, and more if it expires.
   *
   * @param key the key
   * @param value the serialized value
   * @param expires whether the entry has a TTL
   * @return the estimated bytes
   */
  public static long estimate(String key, byte[] value, boolean expires) {
    return EntryTable.estimate(key, value, expires);
  }

  /**
   * The revision of the last change (0 before any).
   *
   * @return the current revision
   */
  public long revision() {
    return log.revision();
  }

  /**
   * Entries stored, expired ones not yet freed included.
   *
   * @return how many
   */
  public int storedEntries() {
    return table.storedEntries();
  }

  /**
   * The estimated heap bytes of every stored entry (see {@code max-memory}).
   *
   * @return the sum of {@link #estimate}s
   */
  public long estimatedBytes() {
    return table.estimatedBytes();
  }

  /**
   * Runs {@code operation} at {@code nowMillis}. A {@link SteppedOperation} runs all its steps
   * at once (a host that must stay responsive uses {@link #start} instead). An operation that
   * breaks the {@link OperationRules} is refused as {@code invalid} and changes nothing.
   *
   * @param operation the operation
   * @param nowMillis now, in epoch milliseconds
   * @param <R> its reply
   * @return its reply or refusal, with the changes it made
   */
  public <R extends Reply> Result<R> apply(Operation<R> operation, long nowMillis) {
    if (operation instanceof SteppedOperation<R> stepped) { // counted by start
      Stepper<R> stepper = start(stepped);
      List<Change> changes = new java.util.ArrayList<>();
      while (true) {
        Result<R> step = stepper.step(nowMillis);
        changes.addAll(step.changes());
        if (step.isDone()) {
          return new Result<>(step.reply(), step.refused(), changes);
        }
      }
    }
    activity.called(operation);
    Optional<String> problem = rules.problem(operation);
    if (problem.isPresent()) {
      return refusedFor(operation, Refusal.INVALID, problem.get());
    }
    handlers.begin(nowMillis);
    @SuppressWarnings("unchecked")
    R reply = (R) operation.accept(handlers);
    return new Result<>(reply, handlers.refused, log.drain());
  }

  /**
   * Starts a stepped operation; its first step checks its arguments. Nothing runs until the
   * first {@link Stepper#step}.
   *
   * @param operation the operation
   * @param <R> its reply
   * @return the stepper that runs it
   */
  @SuppressWarnings("unchecked")
  public <R extends Reply> Stepper<R> start(SteppedOperation<R> operation) {
    activity.called(operation);
    if (operation instanceof Operation.Size) {
      return (Stepper<R>) new SizeSteps();
    }
    return (Stepper<R>) new DeleteAllSteps((Operation.DeleteAll) operation);
  }

  /**
   * Frees up to {@code maxEntries} expired entries, earliest deadline first.
   *
   * @param nowMillis now, in epoch milliseconds
   * @param maxEntries the most entries to free
   * @return the {@link Change.Removed} changes, one per entry freed
   */
  public List<Change> sweep(long nowMillis, int maxEntries) {
    table.sweep(nowMillis, maxEntries);
    return log.drain();
  }

  /**
   * The earliest deadline among the stored entries (expired ones not yet freed included): when
   * the sweep next has work, if nothing changes before. Reads the head of the expiry index.
   *
   * @return the deadline in epoch milliseconds, or empty if no stored entry has a TTL
   */
  public OptionalLong nextDeadline() {
    long deadline = table.nextDeadline();
    return deadline == Entry.NEVER ? OptionalLong.empty() : OptionalLong.of(deadline);
  }

  /**
   * Whether the sweep has work.
   *
   * @param nowMillis now, in epoch milliseconds
   * @return true if an expired entry is still stored at {@code nowMillis}
   */
  public boolean hasExpired(long nowMillis) {
    return table.hasExpired(nowMillis);
  }

  /**
   * Applies recorded changes, in order, exactly as the engine that made them did: a {@link
   * Change.Written} stores its value with its absolute deadline (even one already passed: the
   * host sweeps), a {@link Change.Removed} removes the key's entry, a {@link Change.Remembered}
   * restores that result in the increment retry memory as of its time. The revision counter
   * moves to each change's revision, so the next operation's first change takes the one after
   * the highest replayed. Records no changes (the next {@link Result} does not repeat them) and
   * checks no bounds: the changes were within them when made.
   *
   * <p>Each change is checked before it is applied; a refused change leaves the ones before it
   * applied (a host that refuses to start discards the engine).
   *
   * @param changes the changes, in the order they were made
   * @throws IllegalStateException if a {@link Change.Written} or {@link Change.Removed} does not
   *     have a revision greater than the engine's current one, a {@link Change.Remembered} (which
   *     takes no revision) has one below it, or a {@link Change.Removed} names a key with no
   *     entry: the changes are out of order or not this engine's (a bug or a corrupt log)
   */
  public void replay(List<Change> changes) {
    changes.forEach(this::replay);
  }

  /**
   * Applies one recorded change; see {@link #replay(List)}.
   *
   * @param change the change
   * @throws IllegalStateException as {@link #replay(List)} says
   */
  public void replay(Change change) {
    if (log.hasPending()) {
      throw new IllegalStateException("replay while an operation's changes are not drained");
    }
    long current = log.revision();
    if (change instanceof Change.Remembered remembered) {
      if (remembered.revision() < current) {
        throw outOfOrder(change, current, "not below");
      }
      recentResults.remember(remembered.key(), remembered.requestId(), remembered.result(),
          remembered.atMillis());
    } else {
      if (change.revision() <= current) {
        throw outOfOrder(change, current, "greater than");
      }
      if (change instanceof Change.Written written) {
        table.put(written.key(), written.value().unsafeArray(),
            written.deadlineMillis().orElse(Entry.NEVER));
      } else if (!table.forget(change.key())) {
        throw new IllegalStateException("cannot replay " + change + ": no entry is stored for "
            + "its key at revision " + current);
      }
    }
    log.replayed(Math.max(current, change.revision()));
  }

  /**
   * Loads one entry of a snapshot (as {@link #forEachEntry} saw it) into a fresh engine, before
   * {@link #restoreRevision}: it takes no revision and records no change. With the snapshot's
   * retry memory (replayed as {@link Change.Remembered}s at revision 0) and {@link
   * #restoreRevision}, then {@link #replay(List)} of the log after it, this rebuilds the engine.
   *
   * @param key the key
   * @param value the value (kept as is, not copied)
   * @param deadlineMillis when it expires, in epoch milliseconds; empty for never
   * @throws IllegalStateException if the engine has a revision already (not fresh), or already
   *     holds the key (a snapshot names each key once)
   */
  public void restoreEntry(String key, Bytes value, OptionalLong deadlineMillis) {
    if (log.revision() != 0) {
      throw new IllegalStateException("cannot restore entry " + key + ": the engine is at revision "
          + log.revision() + ", a snapshot loads into a fresh engine");
    }
    if (table.contains(key)) {
      throw new IllegalStateException("cannot restore entry " + key + ": already restored");
    }
    table.put(key, value.unsafeArray(), deadlineMillis.orElse(Entry.NEVER));
  }

  /**
   * Sets the revision of a loaded snapshot, once its entries are restored: the log replayed after
   * it must start above it.
   *
   * @param revision the snapshot's revision, not negative
   * @throws IllegalStateException if the engine's revision is not 0 (set already, or changes
   *     applied), or {@code revision} is negative or below the number of entries (each needed a
   *     revision)
   */
  public void restoreRevision(long revision) {
    if (log.revision() != 0 || revision < table.storedEntries()) {
      throw new IllegalStateException("cannot restore revision " + revision + ": the engine is at "
          + "revision " + log.revision() + " with " + table.storedEntries() + " entries");
    }
    log.replayed(revision);
  }

  private static IllegalStateException outOfOrder(Change change, long current, String rule) {
    return new IllegalStateException("cannot replay " + change + ": its revision "
        + change.revision() + " must be " + rule + " the engine's revision " + current
        + " (changes out of order or not this engine's)");
  }

  /**
   * Visits every stored entry, in key order, from the engine's own structures (no copy): with
   * {@link #revision} and {@link #forEachRemembered} it is the engine's whole state, for a
   * snapshot or a comparison. Entries past their deadline but not yet freed are included. The
   * visitor must not change the engine.
   *
   * @param visitor sees each entry
   */
  public void forEachEntry(EntryVisitor visitor) {
    table.forEach(entry -> visitor.entry(entry.key(), Bytes.wrap(entry.value()),
        entry.expires() ? OptionalLong.of(entry.expiresAtMillis()) : OptionalLong.empty()));
  }

  /**
   * Opens a point-in-time view of the whole state at the current {@link #revision}: its entries,
   * read in bounded {@link SnapshotCursor#step}s in key order while this engine keeps applying
   * operations, and its retry memory at {@code nowMillis} (copied now: it is small). From now
   * until the cursor is closed or done, the first change of each key the cursor has not yet
   * passed keeps that key's entry as of now (a pre-image): the cursor costs at most one entry per
   * distinct key changed while it is open, released as it passes them, and no copy of the
   * unchanged entries. Call it between operations (or between the steps of a stepped one).
   *
   * @param nowMillis now, in epoch milliseconds: retry-memory results whose window has passed are
   *     left out
   * @return the open cursor; close it if it is abandoned before it is done
   * @throws IllegalStateException if a cursor of this engine is open already
   */
  public SnapshotCursor openSnapshot(long nowMillis) {
    List<Change.Remembered> remembered = new java.util.ArrayList<>();
    long current = log.revision();
    recentResults.forEach(nowMillis, (key, requestId, result, atMillis) ->
        remembered.add(new Change.Remembered(key, current, requestId, result, atMillis)));
    return new SnapshotCursor(table, current, remembered);
  }

  /**
   * Frees every entry whose deadline has passed at {@code nowMillis}, without recording a change
   * or taking a revision: for a host that has just loaded a snapshot and replayed its log, before
   * it serves (the entries were expired already; a later replay of the same files drops them the
   * same way). An open snapshot cursor still sees them.
   *
   * @param nowMillis now, in epoch milliseconds
   * @return how many entries were freed
   */
  public int dropExpired(long nowMillis) {
    return table.dropExpired(nowMillis);
  }

  /**
   * Visits the increment retry memory: each result a retry of its request id would get at
   * {@code nowMillis}, oldest first, with the time it was remembered. Replaying them in this
   * order as {@link Change.Remembered}s restores the same memory. Forgets nothing; the visitor
   * must not change the engine.
   *
   * @param nowMillis now, in epoch milliseconds: results whose window has passed are left out
   * @param visitor sees each remembered result
   */
  public void forEachRemembered(long nowMillis, RememberedVisitor visitor) {
    recentResults.forEach(nowMillis, visitor);
  }

  /**
   * What the engine knows of the manager's {@link ManagerInfo}: its memory, keyspace and stats
   * sections (the watches and the refusals of its host aside); the other sections are {@link
   * ManagerInfo#EMPTY}'s. The same as {@link #apply} of a {@link Operation.GetInfo} answers,
   * without counting a call.
   *
   * @return the info, with this engine's sections filled
   */
  public ManagerInfo info() {
    Runtime runtime = Runtime.getRuntime();
    long stored = table.storedEntries();
    long withTtl = table.entriesWithTtl();
    return new ManagerInfo(
        ManagerInfo.EMPTY.server(),
        ManagerInfo.EMPTY.clients(),
        new ManagerInfo.Memory(table.estimatedBytes(), stored, withTtl,
            runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory()),
        new ManagerInfo.Stats(activity.calls(), activity.hits(), activity.misses(),
            activity.expired(), activity.refusals(), 0, 0, Map.of(), 0),
        new ManagerInfo.Keyspace(stored, withTtl));
  }

  private <R> Result<R> refusedFor(Operation<?> operation, Refusal refusal, String problem) {
    activity.refused(refusal);
    return new Result<>(null, new Result.Refused(refusal, OperationNames.name(operation),
        OperationNames.subject(operation), problem), log.drain());
  }

  /** Counts the live keys after freeing the expired ones, one sweep batch per step. */
  private final class SizeSteps implements Stepper<Count> {
    @Override
    public Result<Count> step(long nowMillis) {
      table.sweep(nowMillis, settings.sweepBatch());
      Count count = table.hasExpired(nowMillis) ? null : new Count(table.storedEntries());
      return new Result<>(count, null, log.drain());
    }
  }

  /** Deletes the keys matching a glob, one scan batch per step. */
  private final class DeleteAllSteps implements Stepper<DeletedKeys> {
    private final Operation.DeleteAll operation;
    private Glob glob;
    private String cursor = "";
    private long deleted;

    DeleteAllSteps(Operation.DeleteAll operation) {
      this.operation = operation;
    }

    @Override
    public Result<DeletedKeys> step(long nowMillis) {
      if (glob == null) {
        Optional<String> problem = rules.problem(operation);
        if (problem.isPresent()) {
          return refusedFor(operation, Refusal.INVALID, problem.get());
        }
        glob = Glob.of(operation.glob());
      }
      EntryTable.ScanStep scanned =
          table.scan(glob, cursor, Integer.MAX_VALUE, settings.scanBatch(), Long.MAX_VALUE,
              nowMillis);
      scanned.keys().forEach(key -> table.delete(key, nowMillis));
      deleted += scanned.keys().size();
      cursor = scanned.cursor();
      DeletedKeys reply = cursor.isEmpty() ? new DeletedKeys(deleted, log.revision()) : null;
      return new Result<>(reply, null, log.drain());
    }
  }

  /** The handler of each operation; answers null after setting {@link #refused}. */
  private final class Handlers implements OperationVisitor<Reply> {

    private long now;
    private Result.Refused refused;

    void begin(long nowMillis) {
      now = nowMillis;
      refused = null;
    }

    private Reply refuse(Refusal refusal, String operation, String key, String problem) {
      activity.refused(refusal);
      refused = new Result.Refused(refusal, operation, key == null ? "" : key, problem);
      return null;
    }

    /** True, after refusing, if storing the value would pass the store's bounds. */
    private boolean full(String operation, String key, byte[] value, long deadline) {
      Optional<String> problem = limits.roomFor(table, key, value, deadline, now);
      problem.ifPresent(p -> refuse(Refusal.FULL, operation, key, p));
      return problem.isPresent();
    }

    private long write(String key, byte[] value, long deadline) {
      table.put(key, value, deadline);
      return log.written(key, value, deadline);
    }

    @Override
    public Reply visit(Operation.Set set) {
      long deadline = deadline(set.ttlMillis(), now);
      byte[] value = set.value().unsafeArray();
      if (full("set", set.key(), value, deadline)) {
        return null;
      }
      return new Reply.Written(write(set.key(), value, deadline));
    }

    /** A read of a named key, counted as a keyspace hit or miss. */
    private Entry read(String key) {
      Entry entry = table.live(key, now);
      activity.looked(entry != null);
      return entry;
    }

    @Override
    public Reply visit(Operation.Get get) {
      return new Reply.Value(valueOf(read(get.key())));
    }

    @Override
    public Reply visit(Operation.Has has) {
      return new Reply.Exists(read(has.key()) != null);
    }

    @Override
    public Reply visit(Operation.Delete delete) {
      boolean existed = table.delete(delete.key(), now);
      return new Reply.Deleted(existed, log.revision());
    }

    @Override
    public Reply visit(Operation.Increment increment) {
      String key = increment.key();
      Reply first = repliedBefore(key, increment.requestId());
      if (first instanceof Counter) {
        return first;
      }
      Entry entry = table.live(key, now);
      long value;
      long deadline;
      if (entry == null) {
        value = increment.delta();
        deadline = deadline(increment.ttlMillis(), now);
      } else {
        OptionalLong current = Counters.read(entry.value());
        if (current.isEmpty()) {
          return refuse(Refusal.TYPE, "increment", key, "the stored value is not an integer");
        }
        try {
          value = Math.addExact(current.getAsLong(), increment.delta());
        } catch (ArithmeticException e) {
          return refuse(Refusal.OVERFLOW, "increment", key,
              current.getAsLong() + " + " + increment.delta() + " leaves the range of a long");
        }
        deadline = entry.expiresAtMillis();
      }
      byte[] counter = Counters.write(value);
      if (full("increment", key, counter, deadline)) {
        return null;
      }
      return remember(key, increment.requestId(), new Counter(value, write(key, counter, deadline)));
    }

    @Override
    public Reply visit(Operation.IncrementBounded increment) {
      String key = increment.key();
      Reply first = repliedBefore(key, increment.requestId());
      if (first instanceof BoundedCounter) {
        return first;
      }
      Entry entry = table.live(key, now);
      long current = 0;
      if (entry != null) {
        OptionalLong stored = Counters.read(entry.value());
        if (stored.isEmpty()) {
          return refuse(Refusal.TYPE, "incrementBounded", key,
              "the stored value is not an integer");
        }
        current = stored.getAsLong();
      }
      boolean fits;
      try {
        fits = current <= Math.subtractExact(increment.max(), increment.delta());
      } catch (ArithmeticException e) {
        fits = false; // max - delta is below every long: nothing fits
      }
      BoundedCounter result;
      if (!fits) {
        result = new BoundedCounter(OptionalLong.empty(), log.revision());
      } else {
        long value = current + increment.delta();
        long deadline = entry == null ? deadline(increment.ttlMillis(), now) : entry.expiresAtMillis();
        byte[] counter = Counters.write(value);
        if (full("incrementBounded", key, counter, deadline)) {
          return null;
        }
        result = new BoundedCounter(OptionalLong.of(value), write(key, counter, deadline));
      }
      return remember(key, increment.requestId(), result);
    }

    @Override
    public Reply visit(Operation.SetIfAbsent set) {
      boolean absent = table.live(set.key(), now) == null;
      if (!absent) {
        return new Applied(false, log.revision());
      }
      long deadline = deadline(set.ttlMillis(), now);
      byte[] value = set.value().unsafeArray();
      if (full("setIfAbsent", set.key(), value, deadline)) {
        return null;
      }
      return new Applied(true, write(set.key(), value, deadline));
    }

    @Override
    public Reply visit(Operation.CompareAndSet cas) {
      Entry current = table.live(cas.key(), now);
      boolean matches;
      try {
        matches =
            cas.expected().isEmpty()
                ? current == null
                : current != null
                    && ValueTrees.equal(current.value(), cas.expected().get().unsafeArray());
      } catch (IOException e) {
        return refuse(Refusal.INVALID, "compareAndSet", cas.key(),
            "expected is not a readable value");
      }
      if (!matches) {
        return new Applied(false, log.revision());
      }
      long deadline = deadline(cas.ttlMillis(), now);
      byte[] value = cas.value().unsafeArray();
      if (full("compareAndSet", cas.key(), value, deadline)) {
        return null;
      }
      return new Applied(true, write(cas.key(), value, deadline));
    }

    @Override
    public Reply visit(Operation.DeleteIfEquals delete) {
      Entry current = table.live(delete.key(), now);
      boolean matches;
      try {
        matches =
            current != null && ValueTrees.equal(current.value(), delete.expected().unsafeArray());
      } catch (IOException e) {
        return refuse(Refusal.INVALID, "deleteIfEquals", delete.key(),
            "expected is not a readable value");
      }
      if (matches) {
        table.delete(delete.key(), now);
      }
      return new Applied(matches, log.revision());
    }

    @Override
    public Reply visit(Operation.GetAndDelete getAndDelete) {
      Entry entry = table.live(getAndDelete.key(), now);
      if (entry != null) {
        table.delete(getAndDelete.key(), now);
      }
      return new Previous(valueOf(entry), log.revision());
    }

    @Override
    public Reply visit(Operation.GetAndSet set) {
      Entry previous = table.live(set.key(), now);
      long deadline = deadline(set.ttlMillis(), now);
      byte[] value = set.value().unsafeArray();
      if (full("getAndSet", set.key(), value, deadline)) {
        return null;
      }
      return new Previous(valueOf(previous), write(set.key(), value, deadline));
    }

    @Override
    public Reply visit(Operation.Expire expire) {
      Entry entry = table.live(expire.key(), now);
      if (entry == null) {
        return new Applied(false, log.revision());
      }
      return new Applied(true,
          write(expire.key(), entry.value(), deadlineAfter(expire.ttlMillis(), now)));
    }

    @Override
    public Reply visit(Operation.Persist persist) {
      Entry entry = table.live(persist.key(), now);
      if (entry == null || !entry.expires()) {
        return new Applied(false, log.revision());
      }
      return new Applied(true, write(persist.key(), entry.value(), Entry.NEVER));
    }

    @Override
    public Reply visit(Operation.GetTtl getTtl) {
      Entry entry = read(getTtl.key());
      if (entry == null) {
        return new Reply.TtlLeft(false, OptionalLong.empty());
      }
      return new Reply.TtlLeft(true, entry.expires()
          ? OptionalLong.of(entry.expiresAtMillis() - now) // positive: the entry is live
          : OptionalLong.empty());
    }

    @Override
    public Reply visit(Operation.Scan scan) {
      EntryTable.ScanStep step =
          table.scan(Glob.of(scan.glob()), scan.cursor(), scan.limit(), settings.scanBatch(),
              settings.maxValueSize(), now);
      return new Reply.KeyPage(step.keys(), step.cursor());
    }

    @Override
    public Reply visit(Operation.GetAll getAll) {
      Map<String, Bytes> found = new LinkedHashMap<>();
      long bytes = 0;
      for (String key : getAll.keys()) {
        Entry entry = read(key);
        if (entry != null && found.put(key, Bytes.wrap(entry.value())) == null) {
          bytes += WireSizes.entryBytes(key, entry.value().length);
        }
      }
      if (bytes > settings.maxValueSize()) {
        return refuse(Refusal.INVALID, "getAll", "", "the reply would be about " + bytes
            + " bytes, larger than max-value-size " + settings.maxValueSize()
            + ": ask for fewer keys at once");
      }
      return new Reply.Values(found);
    }

    @Override
    public Reply visit(Operation.SetAll setAll) {
      long deadline = deadline(setAll.ttlMillis(), now);
      Optional<String> full = limits.roomForAll(table, setAll.entries(), deadline, now);
      if (full.isPresent()) {
        return refuse(Refusal.FULL, "setAll", "", full.get());
      }
      setAll.entries().forEach((key, value) -> write(key, value.unsafeArray(), deadline));
      return new Reply.Written(log.revision());
    }

    @Override
    public Reply visit(Operation.GetStats getStats) {
      return new Reply.Stats(table.storedEntries(), table.entriesWithTtl(), log.revision());
    }

    @Override
    public Reply visit(Operation.GetInfo getInfo) {
      return info();
    }

    @Override
    public Reply visit(Operation.Echo echo) {
      return new Reply.Echoed();
    }

    @Override
    public Reply visit(Operation.Size size) {
      throw new IllegalStateException("stepped: run through start()");
    }

    @Override
    public Reply visit(Operation.DeleteAll deleteAll) {
      throw new IllegalStateException("stepped: run through start()");
    }

    /** The first result of a retried request, if remembered. */
    private Reply repliedBefore(String key, Optional<String> requestId) {
      return requestId.isEmpty() ? null : recentResults.get(key, requestId.get(), now);
    }

    private Reply remember(String key, Optional<String> requestId, Reply result) {
      if (requestId.isPresent()) {
        recentResults.remember(key, requestId.get(), result, now);
        log.remembered(key, requestId.get(), result, now);
      }
      return result;
    }
  }

  private static Optional<Bytes> valueOf(Entry entry) {
    return entry == null ? Optional.empty() : Optional.of(Bytes.wrap(entry.value()));
  }

  /** The deadline of a write: none without a TTL. */
  private static long deadline(OptionalLong ttlMillis, long now) {
    return ttlMillis.isPresent() ? deadlineAfter(ttlMillis.getAsLong(), now) : Entry.NEVER;
  }

  /** Now plus a TTL, saturating: a TTL too long to represent still expires, in ages. */
  private static long deadlineAfter(long ttlMillis, long now) {
    long deadline = now + ttlMillis;
    return (deadline < now || deadline == Entry.NEVER) ? Entry.NEVER - 1 : deadline;
  }
}
