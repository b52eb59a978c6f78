package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.NearCache;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreUnavailableException;
import io.sharedstore.store.internal.CommandLineFlags;
import io.sharedstore.store.internal.Glob;
import io.sharedstore.testsupport.load.Callers;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.LoggerFactory;

/**
 * One load-generating JVM of {@code bin/shared-store bench}, started by {@link Bench}: connects a
 * {@link ClusterClient}, pre-fills its share of the keys, prints {@link ClientProtocol#READY},
 * waits for the driver's go file, then keeps {@code --outstanding} operations in flight with a
 * {@link ClosedLoop} until the measurement ends: {@code --callers chained} (that many independent
 * loops, each issuing its next operation from the completion of the previous one, on the client's
 * dispatcher: no thread blocks, no common pool) or {@code --callers threads} ({@code --threads}
 * application threads, each blocking on a semaphore that bounds its share of the outstanding
 * operations and that each completion releases). Latency is
 * recorded per operation in an HdrHistogram {@link Recorder}; warm-up samples are discarded.
 *
 * <p>With {@code --near-cache GLOB} the gets of keys matching the glob go through one {@link
 * NearCache} of the client (made after the pre-fill, so the warm-up's reads fill it); a hit's
 * stage is complete at once and the chain issues its next call at once. It then also prints
 * {@link ClientProtocol#NEAR}: the cache's counters over the measured seconds.
 */
public final class LoadClient {

  static final String KEY_PREFIX = "bench:";
  static final String COUNTER_PREFIX = "bench:counter:";
  private static final int PREFILL_WINDOW = 256;
  /**
   * The timeout of the first call and of the pre-fill, which are not measured: a cold client JVM
   * on a loaded machine (Artery's handshake, class loading, the JIT) can need more than the
   * store's default for its first replies.
   */
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  /** How often a pre-fill set is tried when the store answers it is unavailable. */
  private static final int PREFILL_ATTEMPTS = 5;

  static final String USAGE =
      "usage: LoadClient --manager HOST:PORT --id N --clients K --outstanding C --keys N"
          + " --value-size B --mix get:80,set:20 --ttl-ms MS --callers chained|threads"
          + " --threads T --go-file PATH [--near-cache GLOB]";

  private final StoreClient store;
  private final OperationMix mix;
  private final int keys;
  private final String value;
  private final SetOptions setOptions;
  private final Recorder[] recorders = new Recorder[Operation.values().length];
  private final LongAdder[] errors = new LongAdder[Operation.values().length];
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  /** With {@code --near-cache}: the cache the gets of matching keys go through, else null. */
  private NearCache<String> nearCache;
  /** Whether key {@code i} matches the near cache's glob. */
  private boolean[] cached;

  private LoadClient(
      StoreClient store, OperationMix mix, int keys, String value, SetOptions setOptions) {
    this.store = store;
    this.mix = mix;
    this.keys = keys;
    this.value = value;
    this.setOptions = setOptions;
    for (Operation operation : Operation.values()) {
      recorders[operation.ordinal()] = new Recorder(3);
      errors[operation.ordinal()] = new LongAdder();
    }
  }

  public static void main(String[] args) {
    ToolMain.runChild(args, LoadClient::run);
  }

  private static int run(String[] args, PrintStream out) throws InterruptedException {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, "--manager", "--id", "--clients", "--outstanding",
            "--keys", "--value-size", "--mix", "--ttl-ms", "--callers", "--threads", "--go-file", "--near-cache");
    String manager = flags.text("--manager").orElseThrow(() -> new IllegalArgumentException(USAGE));
    int id = flags.number("--id", 1, 1, 10_000);
    int clients = flags.number("--clients", 1, 1, 10_000);
    int outstanding = flags.number("--outstanding", 1, 1, 1_000_000);
    int keys = flags.number("--keys", 10_000, 1, Integer.MAX_VALUE);
    int valueSize = flags.number("--value-size", 100, 1, Integer.MAX_VALUE);
    OperationMix mix = OperationMix.parse(flags.text("--mix").orElse("get:80,set:20"));
    int ttlMillis = flags.number("--ttl-ms", 0, 0, Integer.MAX_VALUE);
    CallerMode mode = CallerMode.named(flags.text("--callers").orElse("chained"));
    int threads = flags.number("--threads", 4, 1, 10_000);
    Path goFile = Path.of(flags.text("--go-file").orElseThrow(() -> new IllegalArgumentException(USAGE)));
    SetOptions setOptions =
        ttlMillis > 0 ? SetOptions.ttl(Duration.ofMillis(ttlMillis)) : SetOptions.none();

    LoggerFactory.getILoggerFactory(); // before Pekko logs from several threads at once
    try (ClusterClient cluster = ClusterClient.connect(id, manager)) {
      LoadClient load =
          new LoadClient(cluster.store(), mix, keys, "v".repeat(valueSize), setOptions);
      load.prefill(id - 1, clients);
      Optional<String> nearGlob = flags.text("--near-cache");
      if (nearGlob.isPresent()) {
        load.useNearCache(cluster.store().nearCache(nearGlob.get(), String.class),
            Glob.of(nearGlob.get()));
      }
      out.println(ClientProtocol.READY);
      long[] window = ClientProtocol.awaitGo(goFile, TimeUnit.MINUTES.toMillis(10));
      return load.measure(mode.callers(outstanding, threads), window[0], window[1], out);
    }
  }

  /**
   * Routes the gets of the keys matching {@code glob} through {@code cache}: their first read
   * fills it (during the warm-up), later ones are answered from it while no change of the key
   * arrived.
   */
  private void useNearCache(NearCache<String> cache, Glob glob) {
    this.nearCache = cache;
    this.cached = new boolean[keys];
    for (int i = 0; i < keys; i++) {
      cached[i] = glob.matches(KEY_PREFIX + i);
    }
  }

  /**
   * After one round trip alone (the connection is up), stores every key {@code i} with {@code i %
   * clients == index}, at most 256 sets in flight.
   */
  private void prefill(int index, int clients) throws InterruptedException {
    try {
      store.has(KEY_PREFIX + index, SETUP_TIMEOUT).toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the first call to the manager failed: " + e.getCause(),
          e.getCause());
    }
    Semaphore window = new Semaphore(PREFILL_WINDOW);
    for (int i = index; i < keys; i += clients) {
      window.acquire();
      prefillOne(KEY_PREFIX + i, PREFILL_ATTEMPTS)
          .whenComplete((done, failure) -> {
            if (failure != null) {
              firstError.compareAndSet(null, failure);
            }
            window.release();
          });
      if (firstError.get() != null) {
        break;
      }
    }
    window.acquire(PREFILL_WINDOW);
    if (firstError.get() != null) {
      throw new IllegalStateException("pre-filling the keys failed: " + firstError.get(),
          firstError.get());
    }
  }

  /**
   * Sets {@code key}, again if the store answered it is unavailable (a slot moving in the start's
   * rebalance refuses the call: it changed nothing), at most {@code attempts} times in all.
   */
  private CompletionStage<Done> prefillOne(String key, int attempts) {
    return store.set(key, value, setOptions, SETUP_TIMEOUT)
        .handle((done, failure) -> {
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof StoreUnavailableException && attempts > 1) {
            return prefillOne(key, attempts - 1);
          }
          return failure == null
              ? CompletableFuture.completedFuture(done)
              : CompletableFuture.<Done>failedFuture(cause);
        })
        .thenCompose(Function.identity());
  }

  /**
   * Runs the load from now (warm-up) through {@code measureEnd}; prints the results. Warm-up
   * seconds are counted backwards from {@code measureStart}, so the first one starts about when
   * the driver wrote the go file (just before this client's first call) and the last one ends
   * when measuring starts: with the measured seconds they form the warm-up curve.
   */
  private int measure(Callers callers, long measureStart, long measureEnd, PrintStream out)
      throws InterruptedException {
    ClosedLoop<Operation> loop =
        ClosedLoop.of(callers, this::call).onCompletion(this::record).threadName("caller").start();
    long loadStart = System.currentTimeMillis();
    int warmupSeconds = (int) Math.round((measureStart - loadStart) / 1000.0);
    long before = loop.completed();
    for (int second = 1; second <= warmupSeconds; second++) {
      sleepUntil(measureStart - (warmupSeconds - second) * 1000L);
      long now = loop.completed();
      out.println(ClientProtocol.PROGRESS + " warmup " + second + " " + (now - before));
      before = now;
    }
    sleepUntil(measureStart);
    Histogram[] measured = new Histogram[recorders.length];
    for (int i = 0; i < recorders.length; i++) {
      recorders[i].getIntervalHistogram(); // drops the warm-up
      errors[i].reset();
      measured[i] = new Histogram(3);
    }
    long cpuStart = cpuNanos();
    NearCache.Stats nearStart = nearCache == null ? null : nearCache.stats();
    before = loop.completed();
    int second = 0;
    for (long tick = measureStart + 1000; ; tick += 1000) {
      long until = Math.min(tick, measureEnd);
      sleepUntil(until);
      for (int i = 0; i < recorders.length; i++) {
        measured[i].add(recorders[i].getIntervalHistogram());
      }
      long now = loop.completed();
      out.println(ClientProtocol.PROGRESS + " run " + (++second) + " " + (now - before));
      before = now;
      if (until >= measureEnd) {
        break;
      }
    }
    long cpu = cpuNanos() - cpuStart;
    NearCache.Stats nearEnd = nearCache == null ? null : nearCache.stats();
    long[] measuredErrors = new long[errors.length];
    for (int i = 0; i < errors.length; i++) {
      measuredErrors[i] = errors[i].sum();
    }
    loop.stop();
    if (!loop.awaitDone(store.defaultTimeout().plusSeconds(5))) {
      out.println(ClientProtocol.ERROR + " operations still outstanding after the run"
          + loop.stall().map(s -> ": " + s).orElse(""));
    }
    for (Operation operation : mix.operations()) {
      int i = operation.ordinal();
      out.println(ClientProtocol.OP + " " + operation.flagName() + " "
          + measured[i].getTotalCount() + " " + measuredErrors[i] + " "
          + ClientProtocol.encode(measured[i]));
    }
    out.println(ClientProtocol.CPU + " " + cpu);
    if (nearEnd != null) {
      out.println(ClientProtocol.NEAR + " " + (nearEnd.hits() - nearStart.hits()) + " "
          + (nearEnd.misses() - nearStart.misses()) + " "
          + (nearEnd.invalidations() - nearStart.invalidations()) + " "
          + (nearEnd.resets() - nearStart.resets()) + " " + nearEnd.size());
    }
    Throwable error = firstError.get();
    if (error != null) {
      out.println(ClientProtocol.ERROR + " " + error);
    }
    return 0;
  }

  /**
   * Issues one operation of the mix. Its stage answers the operation, or fails with {@link
   * Failed} naming it, so the completion knows what to record without a per-call allocation on
   * success.
   */
  private CompletionStage<Operation> call(int lane, long sequence) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Operation operation = mix.pick(random);
    int key = random.nextInt(keys);
    CompletionStage<?> reply =
        switch (operation) {
          case GET -> nearCache != null && cached[key]
              ? nearCache.get(KEY_PREFIX + key)
              : store.get(KEY_PREFIX + key, String.class);
          case SET -> store.set(KEY_PREFIX + key, value, setOptions);
          case INCREMENT -> store.increment(COUNTER_PREFIX + key, 1);
        };
    return reply.handle((result, failure) -> {
      if (failure != null) {
        throw new Failed(operation, failure);
      }
      return operation;
    });
  }

  private void record(int lane, long sequence, long start, Operation operation, Throwable failure) {
    if (failure == null) {
      recorders[operation.ordinal()].recordValue(System.nanoTime() - start);
    } else if (failure instanceof Failed failed) {
      errors[failed.operation.ordinal()].increment();
      firstError.compareAndSet(null, failed.getCause());
    } else {
      // Thrown at the call: a bug in the arguments; the loop ends this lane.
      firstError.compareAndSet(null, failure);
    }
  }

  /** A failed operation, named so its error is counted against it. */
  private static final class Failed extends CompletionException {
    private final transient Operation operation;

    Failed(Operation operation, Throwable cause) {
      super(cause);
      this.operation = operation;
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long left;
    while ((left = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(left);
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
