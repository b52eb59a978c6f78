package io.sharedstore.manager.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sharedstore.store.StoreObserver;
import io.sharedstore.store.wire.Opcode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The store's handling times as timers: {@code shared_store_operations_seconds{operation,result}}
 * (result {@code ok} or {@code refused}) from {@link #handled}, on the store's thread, and, with
 * persistence, {@code shared_store_fsync_seconds} from {@link #fsynced}, on the journal's.
 *
 * <p>Recording is a look-up in an array indexed by opcode and result, and the timer's own
 * lock-free update: nothing is allocated per operation. Each timer is created on its first use,
 * so a scrape lists the operations the store has handled. The array is written and read on the
 * store's thread only (Pekko orders an actor's messages, whatever thread runs them).
 *
 * <p>Histograms: fixed bucket boundaries ({@link #HANDLING_BUCKETS}, {@link #FSYNC_BUCKETS}),
 * about a dozen per timer, so that {@code histogram_quantile} works in Prometheus while each
 * operation costs 15 series and not the 70-odd of Micrometer's percentile histogram. No
 * client-side percentiles: they cannot be aggregated.
 */
final class OperationTimers implements StoreObserver {

  /** The store's handling of one operation: microseconds for most, up to a long scan page. */
  static final Duration[] HANDLING_BUCKETS = {
    micros(5), micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
    micros(1_000), micros(2_500), micros(5_000), micros(10_000), micros(25_000),
    micros(50_000), micros(100_000)
  };

  /** One fsync of the log: from a page cache flush to a slow disk. */
  static final Duration[] FSYNC_BUCKETS = {
    micros(100), micros(250), micros(500), micros(1_000), micros(2_500), micros(5_000),
    micros(10_000), micros(25_000), micros(50_000), micros(100_000), micros(250_000),
    micros(500_000), micros(1_000_000)
  };

  static final String OPERATIONS = "shared.store.operations";
  static final String FSYNC = "shared.store.fsync";

  private static final Opcode[] OPCODES = Opcode.values();

  private final MeterRegistry registry;
  /** At {@code 2 * ordinal} the ok timer, at {@code 2 * ordinal + 1} the refused one. */
  private final Timer[] handling = new Timer[2 * OPCODES.length];
  private final Timer fsync;

  /**
   * Timers in {@code registry}; the fsync timer only if the store is durable.
   *
   * @param registry where the timers are registered
   * @param durable whether the store has a log to fsync
   */
  OperationTimers(MeterRegistry registry, boolean durable) {
    this.registry = registry;
    this.fsync = durable
        ? Timer.builder(FSYNC)
            .description("The journal's fsyncs of the store's log")
            .serviceLevelObjectives(FSYNC_BUCKETS)
            .register(registry)
        : null;
  }

  @Override
  public void handled(Opcode opcode, boolean refused, long nanos) {
    int slot = 2 * opcode.ordinal() + (refused ? 1 : 0);
    Timer timer = handling[slot];
    if (timer == null) {
      timer = handlingTimer(opcode, refused);
      handling[slot] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void fsynced(long nanos) {
    if (fsync != null) {
      fsync.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private Timer handlingTimer(Opcode opcode, boolean refused) {
    return Timer.builder(OPERATIONS)
        .description("The store's handling of each operation, by operation and result")
        .tag("operation", opcode.typeName())
        .tag("result", refused ? "refused" : "ok")
        .serviceLevelObjectives(HANDLING_BUCKETS)
        .register(registry);
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(micros * 1_000);
  }
}
