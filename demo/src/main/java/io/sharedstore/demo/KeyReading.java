package io.sharedstore.demo;

import java.util.Optional;

/**
 * One key as the demo's probe read it: its value and, if it has a TTL, its deadline on the
 * demo's {@code System.nanoTime()} clock as an interval: the manager measured the remaining time
 * somewhere between the call's send and its reply, so the deadline lies between the two plus the
 * remaining time.
 *
 * @param key the key
 * @param value its value, empty if absent
 * @param earliestDeadline send time plus the remaining TTL; empty without a TTL (or absent)
 * @param latestDeadline reply time plus the remaining TTL; empty without a TTL (or absent)
 */
record KeyReading(
    String key, Optional<Object> value, Optional<Long> earliestDeadline,
    Optional<Long> latestDeadline) {

  boolean present() {
    return value.isPresent();
  }

  /** True if the key certainly lives past {@code nanos} (present, and no TTL or a later one). */
  boolean livesPast(long nanos) {
    return present() && earliestDeadline.map(d -> d - nanos > 0).orElse(true);
  }

  /** True if the key certainly expired by {@code nanos}. */
  boolean expiredBy(long nanos) {
    return latestDeadline.map(d -> d - nanos <= 0).orElse(false);
  }

  /**
   * True if {@code later} (a reading of the same key) has the same value and, within {@code
   * toleranceNanos}, the same deadline (or, like this one, none).
   */
  boolean sameAs(KeyReading later, long toleranceNanos) {
    if (!value.equals(later.value)
        || earliestDeadline.isPresent() != later.earliestDeadline.isPresent()) {
      return false;
    }
    if (earliestDeadline.isEmpty()) {
      return true;
    }
    // The two deadline intervals overlap, give or take the tolerance.
    return later.earliestDeadline.get() - latestDeadline.orElseThrow() <= toleranceNanos
        && earliestDeadline.get() - later.latestDeadline.orElseThrow() <= toleranceNanos;
  }

  /** For failure lines: {@code key=value (deadline in N ms)} relative to {@code nowNanos}. */
  String describe(long nowNanos) {
    return key + "=" + value.map(String::valueOf).orElse("(absent)")
        + earliestDeadline.map(d -> " (expires in " + (d - nowNanos) / 1_000_000 + " ms)")
            .orElse("");
  }
}
