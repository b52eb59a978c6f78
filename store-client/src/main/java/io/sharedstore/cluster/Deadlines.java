package io.sharedstore.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * The deadlines of a connection's calls in flight, so that one timer serves them all instead of
 * one scheduler task per call. Calls with the same timeout share a lane, a ring of primitive
 * (id, deadline) pairs in the order the calls were sent, so each lane's deadlines only grow and
 * its head is its earliest: nothing is allocated per call. An answered call is not looked for in
 * its lane; it is dropped when it reaches a lane's head (see {@link #add} and {@link #expire}).
 * The connection arms its one timer at the earliest deadline {@link #expire} returns, and again
 * whenever a new call's deadline comes before the one armed.
 *
 * <p>Plain Java, used by the connection actor only.
 */
final class Deadlines {

  /** The calls sent with one timeout, oldest first. */
  private static final class Lane {
    long[] ids = new long[16];
    long[] deadlines = new long[16];
    int head;
    int size;

    void add(long id, long deadline) {
      if (size == ids.length) {
        grow();
      }
      int slot = (head + size) & (ids.length - 1);
      ids[slot] = id;
      deadlines[slot] = deadline;
      size++;
    }

    private void grow() {
      long[] moreIds = new long[ids.length * 2];
      long[] moreDeadlines = new long[ids.length * 2];
      for (int i = 0; i < size; i++) {
        int slot = (head + i) & (ids.length - 1);
        moreIds[i] = ids[slot];
        moreDeadlines[i] = deadlines[slot];
      }
      ids = moreIds;
      deadlines = moreDeadlines;
      head = 0;
    }

    long headId() {
      return ids[head];
    }

    long headDeadline() {
      return deadlines[head];
    }

    void removeHead() {
      head = (head + 1) & (ids.length - 1);
      size--;
    }
  }

  private final Map<Long, Lane> lanes = new HashMap<>();

  /**
   * Adds the deadline of call {@code id}, sent with {@code timeoutNanos}. The heads of its lane
   * that are no longer {@code waiting} (answered, failed) are dropped first, so a lane holds
   * little more than its calls still in flight.
   */
  void add(long id, long timeoutNanos, long deadlineNanos, LongPredicate waiting) {
    Lane lane = lanes.computeIfAbsent(timeoutNanos, t -> new Lane());
    while (lane.size > 0 && !waiting.test(lane.headId())) {
      lane.removeHead();
    }
    lane.add(id, deadlineNanos);
  }

  /**
   * Hands to {@code expired} every call still {@code waiting} whose deadline is at or before
   * {@code nowNanos}, drops the calls that are no longer waiting from the lanes' heads, and
   * returns the earliest deadline left (or {@link Long#MAX_VALUE} if none).
   */
  long expire(long nowNanos, LongPredicate waiting, LongConsumer expired) {
    long earliest = Long.MAX_VALUE;
    List<Long> emptied = new ArrayList<>(0);
    for (Map.Entry<Long, Lane> entry : lanes.entrySet()) {
      Lane lane = entry.getValue();
      while (lane.size > 0) {
        long id = lane.headId();
        if (!waiting.test(id)) {
          lane.removeHead();
        } else if (lane.headDeadline() - nowNanos <= 0) {
          lane.removeHead();
          expired.accept(id);
        } else {
          earliest = Math.min(earliest, lane.headDeadline());
          break;
        }
      }
      if (lane.size == 0) {
        emptied.add(entry.getKey());
      }
    }
    emptied.forEach(lanes::remove);
    return earliest;
  }

  /** Forgets every deadline (the calls in flight were all failed). */
  void clear() {
    lanes.clear();
  }

  /** How many deadlines are held (answered calls not yet dropped included); for tests. */
  int held() {
    return lanes.values().stream().mapToInt(lane -> lane.size).sum();
  }
}
