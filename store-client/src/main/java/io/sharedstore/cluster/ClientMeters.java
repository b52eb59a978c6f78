package io.sharedstore.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.wire.Opcode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One client's Micrometer meters (see {@link MetricsOptions} for what they are): the call timers,
 * the reachability gauge, and its near caches' meters.
 *
 * <p>Cost per call, metrics on: one {@link System#nanoTime} when the call is made and one when
 * it completes, a visitor call for the operation's {@link Opcode}, one volatile array read for
 * the timer (made at its first use of an operation and result, under a lock), and the timer's
 * own recording (Micrometer's cumulative timers: adders and a max, no allocation). Off: one
 * branch. The meters are removed from the registry by {@link #close} (or when the last client
 * sharing them closes, see {@link SharedMeters}).
 */
final class ClientMeters {

  /**
   * The call timers' histogram bounds, so {@code histogram_quantile} gives a p99 in Prometheus:
   * from a round trip on loopback to the default 5 s timeout, 15 buckets per timer (Micrometer's
   * percentile histogram would publish about 70).
   */
  static final Duration[] CALL_BUCKETS = {
    Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
    Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5)
  };

  /** What a call came to, as the {@code result} tag names it. */
  enum Result {
    OK("ok"),
    REFUSED("refused"),
    TIMEOUT("timeout"),
    UNAVAILABLE("unavailable"),
    ERROR("error");

    final String tag;

    Result(String tag) {
      this.tag = tag;
    }

    /**
     * The result of a call that completed with {@code error} (null: ok). Refused: what the store
     * (or the client's own copy of its checks) refuses, including a value over the size limit, a
     * type mismatch, a counter overflow, a full store and a write the manager could not persist
     * (as the manager's {@code refused} counter counts them); error: anything else, e.g. a value
     * that cannot be encoded or decoded.
     */
    static Result of(Throwable error) {
      if (error == null) {
        return OK;
      }
      if (error instanceof StoreTimeoutException) {
        return TIMEOUT;
      }
      if (error instanceof StoreUnavailableException) {
        return UNAVAILABLE;
      }
      if (error instanceof StoreRejectedException || error instanceof ValueTooLargeException
          || error instanceof StoreTypeException || error instanceof StoreOverflowException
          || error instanceof StoreFullException || error instanceof StorePersistenceException) {
        return REFUSED;
      }
      return ERROR;
    }
  }

  static final String CALLS = "shared.store.client.calls";
  static final String UNREACHABLE = "shared.store.client.unreachable";

  private static final Opcode[] OPCODES = Opcode.values();
  private static final Result[] RESULTS = Result.values();
  private static final Map<String, Opcode> BY_NAME = new HashMap<>();

  static {
    for (Opcode opcode : OPCODES) {
      BY_NAME.put(opcode.typeName(), opcode);
    }
  }

  /** A client without meters: every method does nothing (after the tables it sizes by). */
  static final ClientMeters OFF = new ClientMeters(null, Tags.empty());

  private final MeterRegistry registry;
  private final Tags tags;
  /** By opcode ordinal × result: made at first use. */
  private final AtomicReferenceArray<Timer> timers =
      new AtomicReferenceArray<>(OPCODES.length * RESULTS.length);
  /** What to leave at close: guarded by this. */
  private final List<Runnable> leaves = new ArrayList<>();
  /** Guarded by this. */
  private boolean closed;

  private ClientMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  /** The meters {@code options} ask for. */
  static ClientMeters create(MetricsOptions options) {
    return options.registry().map(r -> new ClientMeters(r, options.tags())).orElse(OFF);
  }

  /** When a call starts: the clock, or 0 when off. */
  long start() {
    return registry == null ? 0 : System.nanoTime();
  }

  /** A call of {@code operation} started at {@code startNanos} completed with {@code error}. */
  void completed(Operation<?> operation, Throwable error, long startNanos) {
    if (registry == null) {
      return;
    }
    record(Opcode.of(operation), error, System.nanoTime() - startNanos);
  }

  /**
   * A call of the operation named {@code operation} failed before it was sent (refused by the
   * client's checks, or a value that cannot be encoded): recorded as taking no time.
   */
  void failedAtOnce(String operation, Throwable error) {
    if (registry == null) {
      return;
    }
    Opcode opcode = BY_NAME.get(operation);
    if (opcode != null) {
      record(opcode, error, 0);
    }
  }

  private void record(Opcode opcode, Throwable error, long nanos) {
    Result result = Result.of(error);
    int index = opcode.ordinal() * RESULTS.length + result.ordinal();
    Timer timer = timers.get(index);
    if (timer == null) {
      timer = timer(index, opcode, result);
      if (timer == null) {
        return; // closed
      }
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private synchronized Timer timer(int index, Opcode opcode, Result result) {
    Timer made = timers.get(index);
    if (made != null || closed) {
      return made;
    }
    Tags all = tags.and("operation", opcode.typeName(), "result", result.tag);
    SharedMeters.Group<ClientMeters> group = SharedMeters.join(registry, CALLS + all, this, 0,
        g -> List.of(Timer.builder(CALLS)
            .description("Calls of the shared store as the caller sees them, from the call to"
                + " the completion of its stage")
            .tags(all)
            .serviceLevelObjectives(CALL_BUCKETS)
            .register(registry)));
    leaves.add(() -> SharedMeters.leave(registry, group, this, g -> {}));
    made = (Timer) group.meters().get(0);
    timers.set(index, made);
    return made;
  }

  /**
   * Publishes the reachability gauge of {@code manager} (one store node's, in a cluster: the
   * gauge is 1 while any node of the client is unreachable); returns what takes it out again.
   */
  synchronized Runnable watch(ManagerState manager) {
    if (registry == null || closed) {
      return () -> {};
    }
    SharedMeters.Group<ManagerState> group = SharedMeters.join(
        registry, UNREACHABLE + tags, manager, 0,
        g -> List.of(Gauge.builder(UNREACHABLE, g, ClientMeters::anyUnreachable)
            .description("1 while the shared store's manager is unreachable from this client"
                + " (its calls fail at once), else 0")
            .tags(tags)
            .strongReference(true)
            .register(registry)));
    AtomicBoolean left = new AtomicBoolean();
    Runnable leave = () -> {
      if (left.compareAndSet(false, true)) {
        SharedMeters.leave(registry, group, manager, g -> {});
      }
    };
    leaves.add(leave);
    return leave;
  }

  private static double anyUnreachable(SharedMeters.Group<ManagerState> group) {
    for (ManagerState state : group.members()) {
      if (state.phase() == ManagerState.Phase.UNREACHABLE) {
        return 1;
      }
    }
    return 0;
  }

  // ---- near caches --------------------------------------------------------------------------

  private static final int HITS = 0;
  private static final int MISSES = 1;
  private static final int PUTS = 2;
  private static final int EVICTIONS = 3;

  /**
   * Publishes {@code cache}'s meters, tagged {@code cache} with its glob; returns what removes
   * them, to run when the cache closes (the client's close runs it too).
   */
  synchronized Runnable nearCache(DefaultNearCache<?> cache) {
    if (registry == null || closed) {
      return () -> {};
    }
    Tags all = tags.and("cache", cache.glob());
    SharedMeters.Group<DefaultNearCache<?>> group =
        SharedMeters.join(registry, "cache" + all, cache, 4, g -> cacheMeters(g, all));
    Runnable leave = () -> SharedMeters.leave(registry, group, cache, g -> {
      g.retire(HITS, cache.hitCount());
      g.retire(MISSES, cache.missCount());
      g.retire(PUTS, cache.putCount());
      g.retire(EVICTIONS, cache.evictionCount());
    });
    leaves.add(leave);
    return () -> {
      synchronized (this) {
        leaves.remove(leave);
      }
      leave.run();
    };
  }

  private List<Meter> cacheMeters(SharedMeters.Group<DefaultNearCache<?>> group, Tags all) {
    return List.of(
        FunctionCounter.builder("cache.gets", group,
                g -> g.total(HITS, DefaultNearCache::hitCount))
            .description("Near cache gets answered from the local copy (hit) or read from the"
                + " manager (miss)")
            .tags(all).tag("result", "hit")
            .register(registry),
        FunctionCounter.builder("cache.gets", group,
                g -> g.total(MISSES, DefaultNearCache::missCount))
            .description("Near cache gets answered from the local copy (hit) or read from the"
                + " manager (miss)")
            .tags(all).tag("result", "miss")
            .register(registry),
        FunctionCounter.builder("cache.puts", group,
                g -> g.total(PUTS, DefaultNearCache::putCount))
            .description("Values the near cache read from the manager and kept")
            .tags(all)
            .register(registry),
        FunctionCounter.builder("cache.evictions", group,
                g -> g.total(EVICTIONS, DefaultNearCache::evictionCount))
            .description("Keys the near cache dropped to stay within its max-entries")
            .tags(all)
            .register(registry),
        Gauge.builder("cache.size", group, g -> g.sum(DefaultNearCache::sizeNow))
            .description("Keys the near cache holds (values and known absences)")
            .tags(all)
            .strongReference(true)
            .register(registry));
  }

  /**
   * Removes every meter of this client (and of its near caches) from the registry, unless
   * another client still shares it; later calls record nothing.
   */
  void close() {
    List<Runnable> toLeave;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toLeave = List.copyOf(leaves);
      leaves.clear();
    }
    toLeave.forEach(Runnable::run);
  }
}
