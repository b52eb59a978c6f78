package io.sharedstore.store;

import io.sharedstore.store.StoreActor.Counter;
import io.sharedstore.store.StoreActor.Value;
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
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
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
 * <p>Each benchmark does what the matching {@link StoreActor} handler does after its argument
 * checks: read the clock, the {@link EntryTable} operation, the {@link Counters} parse and
 * re-encode of an increment, and building the reply ({@code StatusReply} of {@code Value}, {@code
 * Done} or {@code Counter}). Left out, and the same for every {@code store}: the argument checks
 * ({@code KeyRules}, {@code firstProblem}), the request-id
 * bookkeeping of a retried increment, and the {@code tell} of the reply.
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

  /** A TTL far enough away that nothing expires during a run (one hour, in nanoseconds). */
  static final long TTL_NANOS = TimeUnit.HOURS.toNanos(1);

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

    @Param({"hashMap", "entryTable", "entryTableTtl"})
    String store;

    Map<String, byte[]> map;
    EntryTable table;

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
      long now = System.nanoTime();
      if (store.equals("hashMap")) {
        map = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
          map.put(key(i), initialValue(i));
        }
      } else {
        table = new EntryTable();
        boolean ttl = store.equals("entryTableTtl");
        for (int i = 0; i < KEYS; i++) {
          // Distinct deadlines, as entries set at different times have.
          table.put(key(i), initialValue(i), ttl ? now + TTL_NANOS + i : Entry.NEVER);
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

    long deadline(long now) {
      return store.equals("entryTableTtl") ? now + TTL_NANOS : Entry.NEVER;
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
      int size = map != null ? map.size() : table.storedEntries();
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

    @Override
    byte[] initialValue(int i) {
      return new byte[VALUE_SIZE];
    }
  }

  /** 1,000,000 keys holding counters (CBOR integers, as {@link Counters#write} stores them). */
  @State(Scope.Thread)
  public static class CounterValues extends Data {

    @Override
    byte[] initialValue(int i) {
      return Counters.write(i);
    }
  }

  /** {@code onGet}: the live entry's value, or empty. */
  @Benchmark
  public StatusReply<Value> get(Values s) {
    String key = s.nextKey();
    byte[] bytes;
    if (s.map != null) {
      bytes = s.map.get(key);
    } else {
      Entry entry = s.table.live(key, System.nanoTime());
      bytes = entry == null ? null : entry.value();
    }
    return StatusReply.success(new Value(Optional.ofNullable(bytes)));
  }

  /** {@code onSet} of an existing key: replaces the value (and the deadline, under a TTL). */
  @Benchmark
  public StatusReply<Done> set(Values s) {
    String key = s.nextKey();
    if (s.map != null) {
      s.map.put(key, s.newValue);
    } else {
      long now = System.nanoTime();
      s.table.put(key, s.newValue, s.deadline(now));
    }
    return StatusReply.ack();
  }

  /**
   * {@code onIncrement} of an existing counter by 1: read the entry, parse the CBOR integer, add,
   * re-encode, store it under the entry's deadline.
   */
  @Benchmark
  public StatusReply<Counter> increment(CounterValues s) {
    String key = s.nextKey();
    long value;
    if (s.map != null) {
      byte[] stored = s.map.get(key);
      OptionalLong current = Counters.read(stored);
      value = Math.addExact(current.getAsLong(), 1);
      s.map.put(key, Counters.write(value));
    } else {
      long now = System.nanoTime();
      Entry entry = s.table.live(key, now);
      OptionalLong current = Counters.read(entry.value());
      value = Math.addExact(current.getAsLong(), 1);
      s.table.put(key, Counters.write(value), entry.expiresAtNanos());
    }
    return StatusReply.success(new Counter(value));
  }

  /** A counter's CBOR bytes, for {@link #counterCodec}. */
  @State(Scope.Thread)
  public static class Codec {
    byte[] stored = Counters.write(123_456);
  }

  /**
   * The part of an increment that does not depend on the store: parse the stored CBOR integer
   * (through a Jackson tree), add, re-encode ({@code ObjectMapper.writeValueAsBytes}).
   */
  @Benchmark
  public byte[] counterCodec(Codec s) {
    return Counters.write(Counters.read(s.stored).getAsLong() + 1);
  }
}
