package io.sharedstore.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.protocol.Writes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The {@link NearCache} of a {@link DefaultStoreClient}: a Caffeine cache of key to {@link
 * HeldValue}, filled by reads from the manager and emptied by its own watch (a {@link WatchSink})
 * and by the writes of its client ({@link NearCaches}).
 *
 * <p>Why it is never stale:
 *
 * <ul>
 *   <li>A read is only kept when the watch is live (the manager confirmed it), so the read is
 *       processed after the registration and every later change of its key reaches the cache.
 *   <li>Before a read is sent, a {@link Fill} for its key is registered. A change of the key (an
 *       event, or a write through this client) drops the key inside the cache's {@code compute}
 *       for it and marks the key's fill dirty there; the read's answer is kept only inside the
 *       same key's {@code compute}, if the fill is not dirty and the generation unchanged. Both
 *       hold the key's lock, so an invalidation is never overtaken by an older read.
 *   <li>An event of a held key drops it rather than replacing it with the event's value: a read
 *       answered before an older event arrived holds a newer value than that event, and the
 *       read's reply carries no revision to tell. The next get reads again.
 *   <li>A reset, the manager unreachable, or a close bumps the generation: every value held
 *       before is never served again (and dropped), and reads sent before are not kept.
 * </ul>
 *
 * <p>State: the held values and the fills in flight, in memory; all lost at a reset, an outage
 * or a close.
 *
 * @param <T> the type values are read as
 */
final class DefaultNearCache<T> implements NearCache<T>, WatchSink {

  /** A read of one key in flight: kept when it answers only if no change of the key came first. */
  private static final class Fill<T> {
    final long generation;
    final DispatcherFuture<Optional<T>> result;
    /** A change of the key arrived after the read was sent: its answer is not kept. */
    volatile boolean dirty;

    Fill(long generation, Executor executor) {
      this.generation = generation;
      this.result = new DispatcherFuture<>(executor);
    }
  }

  private final String glob;
  private final Glob pattern;
  private final int maxKeyLength;
  private final Executor executor;
  private final Function<String, CompletionStage<Optional<T>>> read;
  private final NearCaches registry;
  private final BooleanSupplier managerAway;
  private final Cache<String, HeldValue<T>> cache;
  private final Map<String, HeldValue<T>> map;
  private final Map<String, Fill<T>> fills = new ConcurrentHashMap<>();
  /** Bumped by every reset, outage and close: values of an older generation are never served. */
  private final AtomicLong generation = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder resets = new LongAdder();
  /** Reads from the manager kept (for the {@code cache.puts} meter). */
  private final LongAdder puts = new LongAdder();
  /** Keys dropped for the size bound (for the {@code cache.evictions} meter). */
  private final LongAdder evictions = new LongAdder();
  /** Removes the cache's meters: set once, by {@link #meteredBy}; guarded by this. */
  private Runnable unmeter;
  private volatile boolean live;
  private volatile boolean closed;
  private volatile String closedBecause;
  private volatile Watch watch;

  /**
   * A cache of the keys matching {@code glob}, reading a missing key with {@code read} (a get
   * of the client), holding at most {@code maxEntries}; its watch comes by {@link #attach}.
   * While {@code managerAway} says the manager is unreachable nothing is served from the copy,
   * even before the watch hears of it.
   */
  DefaultNearCache(String glob, int maxKeyLength, int maxEntries, Executor executor,
      Function<String, CompletionStage<Optional<T>>> read, NearCaches registry,
      BooleanSupplier managerAway) {
    this.glob = Objects.requireNonNull(glob, "glob");
    this.pattern = Glob.of(glob);
    this.maxKeyLength = maxKeyLength;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.read = Objects.requireNonNull(read, "read");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.managerAway = Objects.requireNonNull(managerAway, "managerAway");
    // Maintenance on the calling thread: never ForkJoinPool.commonPool() (1 thread on 2 cores).
    // Evictions counted by a listener, not Caffeine's recordStats(): that would add its own
    // hit/miss counting to every get, and count differently from ours (see #get).
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run)
        .<String, HeldValue<T>>evictionListener((key, value, cause) -> evictions.increment())
        .build();
    this.map = cache.asMap();
  }

  /**
   * Gives the cache what removes its meters, run when it closes (at once if it is closed).
   */
  void meteredBy(Runnable removeMeters) {
    synchronized (this) {
      if (!closed) {
        unmeter = removeMeters;
        return;
      }
    }
    removeMeters.run();
  }

  /** The watch that keeps this cache current: set once, right after it is made. */
  void attach(Watch watch) {
    this.watch = watch;
    if (closed) {
      watch.close();
    }
  }

  @Override
  public CompletionStage<Optional<T>> get(String key) {
    Objects.requireNonNull(key, "key must not be null");
    HeldValue<T> held = cache.getIfPresent(key);
    if (held != null && held.generation == generation.get() && !managerAway.getAsBoolean()) {
      hits.increment();
      return held; // only valid, matching keys are ever held
    }
    return miss(key);
  }

  private CompletionStage<Optional<T>> miss(String key) {
    checkKey(key);
    if (closed) {
      throw new IllegalStateException("near cache of " + glob + ": " + closedBecause);
    }
    misses.increment();
    long current = generation.get();
    if (!live) {
      return read.apply(key); // the manager is asked as by any get (and fails fast if away)
    }
    Fill<T> mine = new Fill<>(current, executor);
    Fill<T> fill = fills.compute(key,
        (k, inFlight) -> inFlight != null && !inFlight.dirty && inFlight.generation == current
            ? inFlight : mine);
    if (fill == mine) {
      CompletionStage<Optional<T>> answer;
      try {
        answer = read.apply(key);
      } catch (RuntimeException e) {
        fills.remove(key, mine);
        throw e;
      }
      answer.whenComplete((value, error) -> filled(key, mine, value, error));
    }
    return fill.result.copy();
  }

  /** The read of {@code fill} answered: keep it if nothing changed the key since it was sent. */
  private void filled(String key, Fill<T> fill, Optional<T> value, Throwable error) {
    if (error == null) {
      map.compute(key, (k, held) -> {
        if (fill.dirty || fill.generation != generation.get()) {
          return held;
        }
        puts.increment();
        return new HeldValue<>(value, fill.generation, executor);
      });
    }
    fills.remove(key, fill);
    if (error == null) {
      fill.result.complete(value);
    } else {
      fill.result.completeExceptionally(error);
    }
  }

  private void checkKey(String key) {
    Optional<String> problem = KeyRules.problem(key, maxKeyLength);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    if (!pattern.matches(key)) {
      throw new IllegalArgumentException("near cache of " + glob + ": key "
          + KeyRules.show(key) + " does not match its glob " + glob);
    }
  }

  /**
   * Drops {@code key} and marks its fill in flight dirty, both under the key's lock: the change
   * of an event or of a write through this client.
   */
  private void invalidate(String key) {
    map.compute(key, (k, held) -> {
      Fill<T> fill = fills.get(k);
      if (fill != null) {
        fill.dirty = true;
      }
      if (held != null) {
        invalidations.increment();
      }
      return null;
    });
  }

  /** Drops everything: what was held or is being read is never served or kept. */
  private void dropAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  // ---- the client's writes (any thread) ----------------------------------------------------

  /** A write through this client completed: drop what it may have changed. */
  void written(Writes.Touched touched) {
    for (String key : touched.keys()) {
      if (pattern.matches(key)) {
        invalidate(key);
      }
    }
    if (touched.glob().isPresent()) {
      Glob removed = Glob.of(touched.glob().get());
      // Fills first: one that completes meanwhile is held by then and dropped below.
      for (String key : fills.keySet()) {
        if (removed.matches(key)) {
          invalidate(key);
        }
      }
      for (String key : map.keySet()) {
        if (removed.matches(key)) {
          invalidate(key);
        }
      }
    }
  }

  /** The client closed: later gets throw. */
  void clientClosed() {
    closeWith("its client is closed");
  }

  // ---- the watch (the hub's thread) ---------------------------------------------------------

  @Override
  public void deliver(StoreEvent event) {
    if (event instanceof StoreEvent.Changed changed) {
      invalidate(changed.key());
    } else if (event instanceof StoreEvent.Deleted deleted) {
      invalidate(deleted.key());
    } else if (event instanceof StoreEvent.Expired expired) {
      invalidate(expired.key());
    } else if (event instanceof StoreEvent.Reset) {
      resets.increment();
      dropAll();
    }
  }

  @Override
  public void live(long revision) {
    live = !closed;
  }

  @Override
  public void suspended() {
    live = false;
    resets.increment();
    dropAll();
  }

  @Override
  public void ended(StoreException failure) {
    live = false;
    dropAll();
  }

  // ---- NearCache ------------------------------------------------------------------------------

  @Override
  public String glob() {
    return glob;
  }

  @Override
  public Stats stats() {
    return new Stats(hits.sum(), misses.sum(), invalidations.sum(), resets.sum(),
        cache.estimatedSize());
  }

  @Override
  public void close() {
    closeWith("closed");
  }

  private void closeWith(String because) {
    Runnable removeMeters;
    synchronized (this) {
      if (closed) {
        return;
      }
      closedBecause = because;
      closed = true;
      removeMeters = unmeter;
      unmeter = null;
    }
    if (removeMeters != null) {
      removeMeters.run();
    }
    live = false;
    dropAll();
    registry.remove(this);
    Watch current = watch;
    if (current != null) {
      current.close();
    }
  }

  // ---- the meters' readings (any thread) ----------------------------------------------------

  /**
   * Gets answered from the copy. Counted by the cache itself rather than by Caffeine's stats,
   * which would count differently: a value held from before a reset or while the manager is
   * away is in Caffeine's map (a Caffeine hit) but not served; a key refused by the checks would
   * be a Caffeine miss although nothing was read. Ours count what the caller got.
   */
  long hitCount() {
    return hits.sum();
  }

  /** Gets that went to the manager. */
  long missCount() {
    return misses.sum();
  }

  /** Reads from the manager kept in the copy. */
  long putCount() {
    return puts.sum();
  }

  /** Keys dropped to stay within the size bound. */
  long evictionCount() {
    return evictions.sum();
  }

  /** Keys held now (Caffeine's estimate, as {@link #stats()} reports it). */
  long sizeNow() {
    return cache.estimatedSize();
  }

  /** Whether the watch is live: reads are kept. For tests. */
  boolean isLive() {
    return live;
  }

  /** For logs: {@code NearCache[glob=config:*, size=3]}. */
  @Override
  public String toString() {
    return "NearCache[glob=" + glob + ", size=" + cache.estimatedSize()
        + (closed ? ", closed" : "") + "]";
  }
}
