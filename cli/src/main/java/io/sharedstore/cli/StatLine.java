package io.sharedstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.cluster.StoreInfo;
import java.time.Instant;
import java.util.Locale;

/**
 * One line of {@code stat}: the keys, the operations per second since the previous line, the
 * connected clients, the entries' estimated memory and the p99 of the manager's handling over
 * its last 10 s ({@code handling_p99_usec}).
 *
 * <p>The operations per second are the difference of the manager's total calls ({@code
 * total_commands_processed}) between this info and the previous one, over the time between
 * their answers, as redis-cli {@code --stat} shows the requests of each interval; they include
 * {@code stat}'s own info call, as redis-cli's count its INFO. Without a previous info (the first
 * line, or after the manager restarted and its count went back) the line shows the manager's own
 * figure, {@code instantaneous_ops_per_sec} (its last 10 s).
 *
 * @param time when the info came, by the CLI's clock
 * @param keys keys stored (expired ones not yet freed included), as info's keyspace
 * @param opsPerSecond operations handled per second, see above
 * @param clients connected clients
 * @param usedMemory the entries' estimated bytes
 * @param handlingP99Micros the p99 of the manager's handling over its last 10 s
 */
record StatLine(
    Instant time, long keys, double opsPerSecond, int clients, long usedMemory,
    long handlingP99Micros) {

  /** The header printed once before the lines. */
  static final String HEADER = format("keys", "ops/s", "clients", "memory", "p99");

  /**
   * An info and when it came, for the next line's operations per second.
   *
   * @param nanos {@link System#nanoTime()} when the answer came
   * @param totalCalls the manager's calls since it started
   */
  record Sample(long nanos, long totalCalls) {}

  /** The manager's calls since it started: its calls per operation, summed. */
  static long totalCalls(StoreInfo info) {
    return info.stats().operations().values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The line of an info.
   *
   * @param info the manager's info
   * @param now when it came
   * @param previous the sample of the last line's info, or null
   * @return the line
   */
  static StatLine of(StoreInfo info, Sample now, Sample previous) {
    return new StatLine(Instant.now(), info.keyspace().keys(),
        opsPerSecond(previous, now, info.stats().instantaneousOpsPerSec()),
        info.clients().connectedClients(), info.memory().usedMemory(),
        info.stats().handlingP99Micros());
  }

  /**
   * Calls per second between two samples; {@code fallback} without a usable previous sample (none,
   * no time between them, or a count that went back: the manager restarted).
   */
  static double opsPerSecond(Sample previous, Sample now, double fallback) {
    if (previous == null || now.nanos() <= previous.nanos()
        || now.totalCalls() < previous.totalCalls()) {
      return fallback;
    }
    return (now.totalCalls() - previous.totalCalls()) * 1e9 / (now.nanos() - previous.nanos());
  }

  /** As redis-cli --stat: the figures in columns, memory and p99 in human units. */
  String plain() {
    return format(Long.toString(keys), Figures.rate(opsPerSecond), Integer.toString(clients),
        Figures.bytes(usedMemory), Figures.micros(handlingP99Micros));
  }

  /** One JSON document with info's field names. */
  ObjectNode document() {
    return Output.document()
        .put("time", time.toString())
        .put("keys", keys)
        .put("ops_per_sec", Math.round(opsPerSecond * 10) / 10.0)
        .put("connected_clients", clients)
        .put("used_memory", usedMemory)
        .put("handling_p99_usec", handlingP99Micros);
  }

  private static String format(
      String keys, String ops, String clients, String memory, String p99) {
    return String.format(Locale.ROOT, "%-12s %-10s %-8s %-9s %s", keys, ops, clients, memory, p99)
        .stripTrailing();
  }
}
