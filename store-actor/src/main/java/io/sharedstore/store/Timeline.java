package io.sharedstore.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store did, second by second, over the last minutes: what the status page draws. Kept
 * by the store in memory only (a restart starts it empty); answers {@link StoreActor.GetTimeline}.
 *
 * @param points one per second, oldest first, at most {@link #SECONDS} (copied)
 */
public record Timeline(List<Point> points) {

  /** How many seconds a timeline keeps: 5 minutes. */
  public static final int SECONDS = 300;

  /**
   * Copies the points.
   *
   * @param points one per second, oldest first (copied)
   */
  public Timeline {
    points = List.copyOf(points);
  }

  /**
   * One second of the store.
   *
   * @param epochMillis when the second ended, on the store's wall clock
   * @param operations operations handled in that second
   * @param operationsByName of them, per operation name (those handled at least once; copied)
   * @param p99Micros the p99 of the store's handling time in that second, microseconds (0 if
   *     nothing was handled)
   * @param keys keys stored at its end
   * @param usedMemory the estimated bytes of the entries at its end
   */
  public record Point(long epochMillis, long operations, Map<String, Long> operationsByName,
      long p99Micros, long keys, long usedMemory) {

    /**
     * Copies the map, keeping its order.
     *
     * @param epochMillis when the second ended
     * @param operations operations handled
     * @param operationsByName per operation name (copied)
     * @param p99Micros p99 of the handling, microseconds
     * @param keys keys stored
     * @param usedMemory bytes of the entries
     */
    public Point {
      operationsByName = Collections.unmodifiableMap(new LinkedHashMap<>(operationsByName));
    }
  }
}
