package io.sharedstore.cli;

import io.sharedstore.cluster.StoreException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code latency [--count N] [--interval 10ms]}: as redis-cli {@code --latency}, sends pings one
 * after another ({@link io.sharedstore.cluster.StoreClient#ping()}, answered by the store in its
 * turn, so its queueing counts) with a pause between them, then prints the round trips' {@link
 * LatencySummary} in milliseconds (one JSON document with --json). Ctrl-C stops early and prints
 * the summary of the pings so far; a ping that fails prints the store's message and exits 1.
 */
@Command(name = "latency",
    description = "Sends pings one after another and prints their round trips in ms: min, max,"
        + " avg, p50, p99 (Ctrl-C stops early).")
final class LatencyCommand extends StoreCommand {

  /** The most pings one run takes: their samples are kept to sort them. */
  static final int MAX_COUNT = 1_000_000;

  @Option(names = "--count", paramLabel = "N", description = "how many pings (default: 100)")
  private int count = 100;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "the pause between two pings, 0 for none (default: 10ms)")
  private Duration interval = Duration.ofMillis(10);

  @Override
  void checkUsage() {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "latency: --count must be in 1.." + MAX_COUNT + ", was " + count);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("latency: --interval must not be negative, was "
          + interval);
    }
  }

  @Override
  void execute(Session session) {
    long[] nanos = new long[count];
    int taken = 0;
    try (CtrlC ctrlC = CtrlC.catching()) {
      while (taken < count && !ctrlC.pressed()) {
        if (taken > 0 && !Pause.sleep(interval)) {
          break;
        }
        try {
          nanos[taken] = session.await(session.store().ping(session.timeout())).toNanos();
          taken++;
        } catch (StoreException e) {
          if (ctrlC.pressed()) {
            break;
          }
          throw e;
        }
      }
    }
    LatencySummary summary = LatencySummary.of(nanos, taken);
    session.output().result(summary.plain(), summary.document());
  }
}
