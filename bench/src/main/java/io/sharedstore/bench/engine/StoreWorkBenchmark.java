package io.sharedstore.bench.engine;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.ValueFormat;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply.Counter;
import io.sharedstore.store.protocol.Reply.Value;
import io.sharedstore.store.protocol.Reply.Written;
import java.time.Duration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store actor's own work per request with 1,000,000 keys, without the mailbox, the remoting
 * or the serialization of the message: a {@code get}, a {@code set} that overwrites a 100-byte
 * value, and an {@code increment} of an existing counter, each on a key chosen at random.
 *
 * <p>Each benchmark calls the store's engine ({@link StoreEngine#apply}) exactly as the store
 * actor does: the argument checks, the entry table, the counter parse and re-encode of an
 * increment, the reply and the change list. Left out: the mailbox and the {@code tell} of the
 * reply. The {@code hashMap} baseline does only the map operation (and the counter codec).
 *
 * <p>{@code store}:
 *
 * <ul>
 *   <li>{@code hashMap}: the baseline, a plain {@code HashMap<String, byte[]>} with no key order,
 *       no TTL and no clock;
 *   <li>{@code entryTable}: the store's table (a {@code TreeMap} by key, an expiry index) with
 *       entries without TTL;
 *   <li>{@code entryTableTtl}: the same with every entry under a TTL, so each overwrite also
 *       moves the entry in the expiry index ({@code TreeSet} by deadline).
 * </ul>
 *
 * <p>Besides JMH's wall time per operation, each iteration prints the benchmark thread's CPU time
 * per operation and the load average, so that figures taken on a loaded machine can be judged.
 *
 * <p>Lookups use key strings that are equal to, but not the same objects as, the stored keys, as
 * keys decoded from a message are.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package && java -jar
 * bench/target/benchmarks.jar StoreWorkBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class StoreWorkBenchmark {

  static final int KEYS = 1_000_000;
  static final int VALUE_SIZE = 100;

  /** A TTL far enough away that nothing expires during a run (one hour). */
  static final long TTL_MILLIS = TimeUnit.HOURS.toMillis(1);

  /** The store's default limits, unbounded in entries and memory. */
  static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 1000, 1000, 1024, 1024 * 1024,
          Duration.ofSeconds(60), 100_000);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The keys of the data set: "key:0000000" to "key:0999999", as in {@link MemoryPerEntry}. */
  static String key(int i) {
    return String.format("key:%07d", i);
  }

  /** Fields shared by the two data sets: the store under test and the random key sequence. */
  @State(Scope.Thread)
  public abstract static class Data {

    @Param({"hashMap", "engine", "engineTtl"})
    String store;

    Map<String, byte[]> map;
    StoreEngine engine;
    OptionalLong ttl;

    /** Equal copies of the stored keys, in a random order of access (cycled through). */
    String[] probes;

    int next;

    /** Operations so far, and the thread's CPU time and operation count at the iteration start. */
    long ops;
    long cpuAtStart;
    long opsAtStart;

    abstract byte[] initialValue(int i);

    @Setup(Level.Trial)
    public void fill() {
      long now = System.currentTimeMillis();
      if (store.equals("hashMap")) {
        map = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
          map.put(key(i), initialValue(i));
        }
      } else {
        engine = new StoreEngine(SETTINGS);
        boolean expires = store.equals("engineTtl");
        ttl = expires ? OptionalLong.of(TTL_MILLIS) : OptionalLong.empty();
        for (int i = 0; i < KEYS; i++) {
          // Distinct deadlines, as entries set at different times have.
          OptionalLong own = expires ? OptionalLong.of(TTL_MILLIS + i) : OptionalLong.empty();
          engine.apply(new Operation.Set(key(i), Bytes.wrap(initialValue(i)), own), now);
        }
      }
      SplittableRandom random = new SplittableRandom(42);
      probes = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        probes[i] = key(random.nextInt(KEYS));
      }
      System.gc();
    }

    /** The next key of the random sequence. */
    String nextKey() {
      ops++;
      String key = probes[next];
      next = next + 1 == probes.length ? 0 : next + 1;
      return key;
    }

    @Setup(Level.Iteration)
    public void startCpuClock() {
      cpuAtStart = THREADS.getCurrentThreadCpuTime();
      opsAtStart = ops;
    }

    /**
     * Prints the benchmark thread's CPU time per operation in the iteration: unlike the wall
     * time JMH reports, it does not grow while other processes take the CPU away (cache and
     * memory-bus contention still count).
     */
    @TearDown(Level.Iteration)
    public void printCpuPerOp() {
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      System.out.printf(" [thread CPU %.1f ns/op, load %s] ", (double) cpu / (ops - opsAtStart),
          loadAverage());
    }

    @TearDown(Level.Trial)
    public void check() {
      int size = map != null ? map.size() : engine.storedEntries();
      if (size != KEYS) {
        throw new IllegalStateException("the benchmark changed the key count: " + size);
      }
    }
  }

  /** 1,000,000 keys holding 100-byte values. */
  @State(Scope.Thread)
  public static class Values extends Data {

    /** The value a set writes (a message carries a new array; the store only keeps a reference). */
    final byte[] newValue = new byte[VALUE_SIZE];
    final Bytes newBytes = Bytes.wrap(newValue);

    @Override
    byte[] initialValue(int i) {
      return new byte[VALUE_SIZE];
    }
  }

  /** 1,000,000 keys holding counters (CBOR integers, as the engine stores them). */
  @State(Scope.Thread)
  public static class CounterValues extends Data {

    @Override
    byte[] initialValue(int i) {
      return writeCounter(i);
    }
  }

  /** A get: the live entry's value, or empty. */
  @Benchmark
  public Object get(Values s) {
    String key = s.nextKey();
    if (s.map != null) {
      return new Value(Optional.ofNullable(s.map.get(key)).map(Bytes::wrap));
    }
    return s.engine.apply(new Operation.Get(key), System.currentTimeMillis());
  }

  /** A set of an existing key: replaces the value (and the deadline, under a TTL). */
  @Benchmark
  public Object set(Values s) {
    String key = s.nextKey();
    if (s.map != null) {
      s.map.put(key, s.newValue);
      return new Written(0);
    }
    return s.engine.apply(new Operation.Set(key, s.newBytes, s.ttl), System.currentTimeMillis());
  }

  /**
   * An increment of an existing counter by 1: read the entry, parse the CBOR integer, add,
   * re-encode, store it under the entry's deadline.
   */
  @Benchmark
  public Object increment(CounterValues s) {
    String key = s.nextKey();
    if (s.map != null) {
      long value = Math.addExact(readCounter(s.map.get(key)), 1);
      s.map.put(key, writeCounter(value));
      return new Counter(value, 0);
    }
    Result<Counter> result = s.engine.apply(
        new Operation.Increment(key, 1, OptionalLong.empty(), Optional.empty()),
        System.currentTimeMillis());
    if (result.reply() == null) {
      throw new IllegalStateException("refused: " + result.refused());
    }
    return result;
  }

  /** A counter's CBOR bytes, for {@link #counterCodec}. */
  @State(Scope.Thread)
  public static class Codec {
    byte[] stored = writeCounter(123_456);
  }

  /**
   * The part of an increment that does not depend on the store: parse the stored CBOR integer
   * (through a Jackson tree), add, re-encode.
   */
  @Benchmark
  public byte[] counterCodec(Codec s) {
    return writeCounter(readCounter(s.stored) + 1);
  }

  /** A counter as the engine stores it. */
  static byte[] writeCounter(long value) {
    try {
      return ValueFormat.writer().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static long readCounter(byte[] stored) {
    try {
      return ValueFormat.reader().readTree(stored).longValue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
