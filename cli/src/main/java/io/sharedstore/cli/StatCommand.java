package io.sharedstore.cli;

import io.sharedstore.cluster.StoreException;
import io.sharedstore.cluster.StoreInfo;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stat [--interval 1s] [--count N]}: as redis-cli {@code --stat}, a header and then one
 * {@link StatLine} per interval (keys, ops/s, clients, memory, p99 of the manager's handling),
 * the first at once; with --json one document per line and no header. It runs until {@code
 * --count} intervals or Ctrl-C, and exits 0 either way. An interval whose info fails (the manager
 * went away, or did not answer within the timeout) prints the client's message on stderr instead
 * of a line and counts as an interval; the next one asks again, as redis-cli keeps trying. Only a
 * manager that never answered exits 1 (the connection fails before the first line).
 */
@Command(name = "stat",
    description = "Prints a line of the manager's figures every interval, as redis-cli --stat:"
        + " keys, ops/s, clients, memory, p99 of its handling (Ctrl-C stops).")
final class StatCommand extends StoreCommand {

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "the time between two lines, at least 1ms (default: 1s)")
  private Duration interval = Duration.ofSeconds(1);

  @Option(names = "--count", paramLabel = "N",
      description = "stop after N lines (default: until Ctrl-C)")
  private long count = Long.MAX_VALUE;

  @Override
  void checkUsage() {
    if (count < 1) {
      throw new IllegalArgumentException("stat: --count must be at least 1, was " + count);
    }
    if (interval.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "stat: --interval must be at least 1ms, was " + interval);
    }
  }

  @Override
  void execute(Session session) {
    Output output = session.output();
    output.plainOnly(StatLine.HEADER);
    StatLine.Sample previous = null;
    long next = System.nanoTime();
    try (CtrlC ctrlC = CtrlC.catching()) {
      for (long printed = 0; printed < count; printed++) {
        if (printed > 0) {
          // After a call slower than the interval, the next at once, not a burst to catch up.
          next = Math.max(next + interval.toNanos(), System.nanoTime());
          if (!Pause.until(next)) {
            break;
          }
        }
        try {
          StoreInfo info = session.await(session.store().info(session.timeout()));
          StatLine.Sample now = new StatLine.Sample(System.nanoTime(), StatLine.totalCalls(info));
          StatLine line = StatLine.of(info, now, previous);
          output.result(line.plain(), line.document());
          previous = now;
        } catch (StoreException e) {
          if (ctrlC.pressed()) {
            break;
          }
          output.error(e.getMessage());
        }
      }
    }
  }
}
