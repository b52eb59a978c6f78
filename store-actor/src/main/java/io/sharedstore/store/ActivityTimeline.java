package io.sharedstore.store;

import io.sharedstore.store.wire.Opcode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's handling, counted per second: calls per operation and a histogram of the handling
 * times of the second under way, closed by {@link #tick} into a {@link Timeline.Point}. Keeps the
 * last {@link Timeline#SECONDS} points for the status page and the last {@link #RECENT} seconds'
 * histograms for the info's p99. Counting allocates nothing; the store's thread owns it.
 */
final class ActivityTimeline implements StoreObserver {

  /** The seconds the info's rates and p99 cover, as {@code redis-cli --stat}'s "last seconds". */
  static final int RECENT = 10;

  private static final Opcode[] OPCODES = Opcode.values();

  private final long[] calls = new long[OPCODES.length];
  private long callsTotal;
  private final HandlingHistogram second = new HandlingHistogram();
  /** The histograms of the last {@link #RECENT} closed seconds, a ring. */
  private final HandlingHistogram[] recent = new HandlingHistogram[RECENT];
  private int recentNext;
  private final ArrayDeque<Timeline.Point> points = new ArrayDeque<>();

  ActivityTimeline() {
    for (int i = 0; i < RECENT; i++) {
      recent[i] = new HandlingHistogram();
    }
  }

  @Override
  public void handled(Opcode opcode, boolean refused, long nanos) {
    calls[opcode.ordinal()]++;
    callsTotal++;
    second.record(nanos);
  }

  /**
   * Closes the second under way into a point.
   *
   * @param nowMillis the wall clock now
   * @param keys keys stored now
   * @param usedMemory the estimated bytes of the entries now
   */
  void tick(long nowMillis, long keys, long usedMemory) {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (Opcode opcode : OPCODES) {
      if (calls[opcode.ordinal()] > 0) {
        byName.put(opcode.typeName(), calls[opcode.ordinal()]);
      }
    }
    points.addLast(new Timeline.Point(nowMillis, callsTotal, byName,
        micros(second.percentile(0.99)), keys, usedMemory));
    if (points.size() > Timeline.SECONDS) {
      points.removeFirst();
    }
    HandlingHistogram closed = recent[recentNext];
    closed.clear();
    closed.add(second);
    recentNext = (recentNext + 1) % RECENT;
    second.clear();
    java.util.Arrays.fill(calls, 0);
    callsTotal = 0;
  }

  /** The points kept, oldest first. */
  Timeline timeline() {
    return new Timeline(new ArrayList<>(points));
  }

  /** Operations per second over the last {@link #RECENT} closed seconds (fewer after a start). */
  double opsPerSecond() {
    List<Timeline.Point> last = last();
    long sum = 0;
    for (Timeline.Point point : last) {
      sum += point.operations();
    }
    return last.isEmpty() ? 0 : (double) sum / last.size();
  }

  /** Per operation name, operations per second over the last {@link #RECENT} closed seconds. */
  Map<String, Double> opsPerSecondByName() {
    List<Timeline.Point> last = last();
    Map<String, Long> sums = new LinkedHashMap<>();
    for (Timeline.Point point : last) {
      point.operationsByName().forEach((name, count) -> sums.merge(name, count, Long::sum));
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    sums.forEach((name, sum) -> rates.put(name, (double) sum / last.size()));
    return rates;
  }

  /** The p99 of the handling over the last {@link #RECENT} closed seconds, microseconds. */
  long p99Micros() {
    HandlingHistogram merged = new HandlingHistogram();
    for (HandlingHistogram histogram : recent) {
      merged.add(histogram);
    }
    return micros(merged.percentile(0.99));
  }

  private List<Timeline.Point> last() {
    List<Timeline.Point> all = new ArrayList<>(points);
    return all.subList(Math.max(0, all.size() - RECENT), all.size());
  }

  /** Nanoseconds to microseconds, rounded up: a p99 under 1 µs shows as 1, not 0. */
  private static long micros(long nanos) {
    return (nanos + 999) / 1000;
  }
}
