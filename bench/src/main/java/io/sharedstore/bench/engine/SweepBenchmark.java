package io.sharedstore.bench.engine;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one sweep message when 1,000,000 keys have expired at once: the work the store
 * actor does per message, which must stay around 10 ms or less so other requests interleave.
 *
 * <p>{@code index} is the store's design (an expiry-ordered index, at most {@code batch} frees per
 * message); {@code scan} is the naive baseline that walks the whole map in one message.
 *
 * <p>{@link #fullSweep} is the total over all the messages that free the million.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package && java -jar
 * bench/target/benchmarks.jar SweepBenchmark} (one message only: {@code SweepBenchmark.sweepMessage};
 * the whole sweep only: {@code SweepBenchmark.fullSweep})
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class SweepBenchmark {

  private static final long NOW = 2_000_000_000L;

  @Param({"1000000"})
  int expiredEntries;

  @Param({"10000", "1000"})
  int batch;

  @Param({"index", "scan"})
  String strategy;

  /** A plain entry with a deadline, for the {@code scan} baseline. */
  private record Entry(String key, byte[] value, long expiresAtMillis) {
    boolean isExpiredAt(long now) {
      return expiresAtMillis <= now;
    }
  }

  private StoreEngine engine;
  private Map<String, Entry> plainMap;

  @Setup(Level.Iteration)
  public void fill() {
    if (strategy.equals("index")) {
      engine = new StoreEngine(new StoreSettings(Duration.ofSeconds(30), batch, 1000, 1024,
          1024 * 1024, Duration.ofSeconds(60), 1000));
      for (int i = 0; i < expiredEntries; i++) {
        engine.apply(new Operation.Set("key:" + i, Bytes.wrap(new byte[100]),
            OptionalLong.of(1_000_000L + i)), 0);
      }
    } else {
      plainMap = new HashMap<>();
      for (int i = 0; i < expiredEntries; i++) {
        String key = "key:" + i;
        plainMap.put(key, new Entry(key, new byte[100], 1_000_000L + i));
      }
    }
    // Collect the garbage of filling now, so its pause does not land in the measured message.
    System.gc();
  }

  /** One sweep message: frees at most {@code batch} entries ({@code index}) or all ({@code scan}). */
  @Benchmark
  public int sweepMessage() {
    if (strategy.equals("index")) {
      return engine.sweep(NOW, batch).size();
    }
    int freed = 0;
    for (Iterator<Entry> it = plainMap.values().iterator(); it.hasNext(); ) {
      if (it.next().isExpiredAt(NOW)) {
        it.remove();
        freed++;
      }
    }
    return freed;
  }

  /**
   * The whole sweep of the 1,000,000 expired keys: the actor's total time over every sweep
   * message ({@code index}: {@code expiredEntries / batch} messages, each a bounded {@code sweep}
   * and the {@code hasExpired} check that decides whether to send itself another; the mailbox
   * round of each self-message is not included). {@code scan} frees all in one message, as in
   * {@link #sweepMessage}.
   */
  @Benchmark
  public int fullSweep() {
    if (!strategy.equals("index")) {
      return sweepMessage();
    }
    int freed = 0;
    do {
      freed += engine.sweep(NOW, batch).size();
    } while (engine.hasExpired(NOW));
    if (freed != expiredEntries) {
      throw new IllegalStateException("freed " + freed + " of " + expiredEntries);
    }
    return freed;
  }
}
