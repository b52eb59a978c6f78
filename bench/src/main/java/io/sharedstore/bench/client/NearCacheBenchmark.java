package io.sharedstore.bench.client;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.NearCache;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A near cache's {@code get} of a key it holds, on one thread: the target is a p50 ≤ 1 µs
 * and ≥ 5,000,000 ops/s. {@code throughput} measures ops/s ({@link Mode#Throughput}), {@code
 * latency} the distribution of single calls ({@link Mode#SampleTime}: p50, p99... in ns; at these
 * times the percentiles are quantized by {@link System#nanoTime()}'s resolution).
 *
 * <p>{@code cache}:
 *
 * <ul>
 *   <li>{@code nearCache}: {@code NearCache<String>.get} of a real {@link ClusterClient}
 *       connected over Artery to a manager in this JVM ({@link InProcessManager}), after the key
 *       was set and read once (the fill); each iteration then checks that no get went to the
 *       manager (the cache's misses did not grow) and fails the run if one did;
 *   <li>{@code concurrentHashMap}: the baseline, a {@code ConcurrentHashMap} get wrapped as a
 *       near cache answers, {@code CompletableFuture.completedFuture(Optional.ofNullable(v))}.
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package && java -jar
 * bench/target/benchmarks.jar NearCacheBenchmark}
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class NearCacheBenchmark {

  static final String GLOB = "config:*";
  static final String KEY = "config:maintenance";
  static final String VALUE = "off";
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  @Param({"nearCache", "concurrentHashMap"})
  public String cache;

  private InProcessManager manager;
  private ClusterClient client;
  private NearCache<String> nearCache;
  private long missesAtStart;
  private final Map<String, String> map = new ConcurrentHashMap<>();

  /** Starts the manager and the client, sets the key and fills the near cache with it. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    map.put(KEY, VALUE);
    if (!cache.equals("nearCache")) {
      return;
    }
    manager = new InProcessManager();
    client = ClusterClient.connect(1, manager.address());
    client.store().set(KEY, VALUE, io.sharedstore.cluster.SetOptions.none(), SETUP_TIMEOUT)
        .toCompletableFuture().get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    nearCache = client.store().nearCache(GLOB, String.class);
    long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
    // Read until a get is answered locally: the first fills the copy once the watch is running.
    while (true) {
      long hits = nearCache.stats().hits();
      Optional<String> value = nearCache.get(KEY).toCompletableFuture()
          .get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!value.equals(Optional.of(VALUE))) {
        throw new IllegalStateException("the near cache answered " + value + " for " + KEY);
      }
      if (nearCache.stats().hits() > hits) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the near cache never answered " + KEY + " locally: "
            + nearCache.stats());
      }
      Thread.sleep(10);
    }
    missesAtStart = nearCache.stats().misses();
  }

  /** Fails the run if a measured get went to the manager: then the figure is not a hit's. */
  @TearDown(Level.Iteration)
  public void checkAllHits() {
    if (nearCache != null && nearCache.stats().misses() != missesAtStart) {
      throw new IllegalStateException("gets of a held key went to the manager: "
          + nearCache.stats());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (nearCache != null) {
      nearCache.close();
    }
    if (client != null) {
      client.close();
    }
    if (manager != null) {
      manager.close();
    }
  }

  private CompletionStage<Optional<String>> get() {
    return nearCache != null
        ? nearCache.get(KEY)
        : CompletableFuture.completedFuture(Optional.ofNullable(map.get(KEY)));
  }

  /** Gets per second of the held key. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public CompletionStage<Optional<String>> throughput() {
    return get();
  }

  /** The time of one get of the held key (percentiles in the output). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public CompletionStage<Optional<String>> latency() {
    return get();
  }
}
