package io.sharedstore.demo.load;

import io.sharedstore.demo.load.JournalEntry.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides from the load clients' journals what each key must hold at the end, and compares it
 * with what the manager holds: a single acknowledged write that is missing fails the check.
 *
 * <p>Keys come in two kinds.
 *
 * <ul>
 *   <li>Counters (only {@link Op#COUNTER} operations, from every client): the final value must be
 *       the sum of the acknowledged increments, plus at most the unacknowledged ones (which may or
 *       may not have been applied; with any of those the key is ambiguous).
 *   <li>Every other key is written by one thread at a time. The writes are replayed in the order
 *       of their acknowledgements, which is the order the manager applied them in when each write
 *       was sent after the previous one was acknowledged (checked; a key where two writes
 *       overlapped in time, or with a write that was never acknowledged, is ambiguous). The replay
 *       tracks the set of states the key can be in: a TTL makes a key expire somewhere between
 *       {@code send + ttl} and {@code ack + ttl}, widened by {@code margin}, so around that
 *       boundary the key may be present or absent. The replies of DELETE, INCREMENT and the
 *       writer's own GETs must fit one of the states, and narrow them; the final read must fit one.
 *       A key whose final read could have seen more than one outcome is ambiguous: counted, and
 *       still failed if the read fits none of them.
 * </ul>
 */
public final class DurabilityChecker {

  /** Clock reading differences between the clients' wall clock and the manager's TTL clock. */
  public static final Duration DEFAULT_MARGIN = Duration.ofMillis(100);

  private static final long NEVER = Long.MAX_VALUE;

  private final long marginMicros;

  public DurabilityChecker(Duration margin) {
    this.marginMicros = margin.toNanos() / 1000;
  }

  /**
   * What a read of one key at the end saw.
   *
   * @param value the value, or {@link JournalEntry#ABSENT}
   */
  public record Observation(String key, long value, long sendMicros, long ackMicros) {}

  /** The verdict and its figures. */
  public record Report(
      long opsAcknowledged, long opsUnacknowledged, int keysChecked, int countersChecked,
      long readsChecked, int ambiguous, Ambiguity why, List<String> violations) {

    public boolean passed() {
      return violations.isEmpty();
    }

    /** One line of figures. */
    public String summary() {
      return "ops acknowledged=" + opsAcknowledged + " unacknowledged=" + opsUnacknowledged
          + ", keys checked=" + keysChecked + " (counters " + countersChecked + ")"
          + ", replies checked=" + readsChecked + ", ambiguous=" + ambiguous + " (" + why + ")"
          + ", violations=" + violations.size();
    }
  }

  /** Why keys were ambiguous: how many for each reason. */
  public record Ambiguity(int ttlBoundary, int overlappingWrites, int unacknowledged) {
    @Override
    public String toString() {
      return "TTL boundary " + ttlBoundary + ", overlapping writes " + overlappingWrites
          + ", unacknowledged writes " + unacknowledged;
    }
  }

  /** A state a key can be in: absent, or a value expiring at some time in [expLo, expHi]. */
  private record State(boolean present, long value, long expLo, long expHi) {
    static final State ABSENT = new State(false, 0, NEVER, NEVER);

    static State of(long value, long ttlMillis, long send, long ack) {
      if (ttlMillis <= 0) {
        return new State(true, value, NEVER, NEVER);
      }
      long ttl = ttlMillis * 1000;
      return new State(true, value, send + ttl, ack + ttl);
    }

    long observed() {
      return present ? value : JournalEntry.ABSENT;
    }

    @Override
    public String toString() {
      if (!present) {
        return "absent";
      }
      return value + (expLo == NEVER ? "" : " (expiring in [" + expLo + ", " + expHi + "] us)");
    }
  }

  /**
   * Checks the journals' entries (of every client, in any order) against the final reads of
   * their keys ({@code finalReads} must hold every journaled key).
   */
  public Report check(Collection<JournalEntry> entries, Map<String, Observation> finalReads) {
    Map<String, List<JournalEntry>> byKey = new TreeMap<>();
    long acknowledged = 0;
    long unacknowledged = 0;
    for (JournalEntry e : entries) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
      if (e.acknowledged()) {
        acknowledged++;
      } else {
        unacknowledged++;
      }
    }
    Tally tally = new Tally();
    for (Map.Entry<String, List<JournalEntry>> key : byKey.entrySet()) {
      List<JournalEntry> ops = key.getValue();
      if (ops.stream().noneMatch(JournalEntry::writes)) {
        continue;
      }
      Observation last = finalReads.get(key.getKey());
      if (last == null) {
        tally.violations.add(key.getKey() + ": no final read");
        continue;
      }
      if (ops.stream().anyMatch(e -> e.op() == Op.COUNTER)) {
        checkCounter(key.getKey(), ops, last, tally);
      } else {
        checkKey(key.getKey(), ops, last, tally);
      }
    }
    return new Report(acknowledged, unacknowledged, tally.keys, tally.counters, tally.replies,
        tally.ttlBoundary + tally.overlapping + tally.unacknowledged,
        new Ambiguity(tally.ttlBoundary, tally.overlapping, tally.unacknowledged),
        List.copyOf(tally.violations));
  }

  private static final class Tally {
    int keys;
    int counters;
    long replies;
    int ttlBoundary;
    int overlapping;
    int unacknowledged;
    final List<String> violations = new ArrayList<>();
  }

  private void checkCounter(String key, List<JournalEntry> ops, Observation last, Tally tally) {
    tally.keys++;
    tally.counters++;
    long expected = 0;
    long unknown = 0;
    for (JournalEntry e : ops) {
      if (e.op() != Op.COUNTER) {
        tally.violations.add(key + ": a counter key also got a " + e.op() + " from " + e.writer());
        return;
      }
      if (e.acknowledged()) {
        expected += e.arg();
      } else {
        unknown += e.arg();
      }
    }
    long actual = last.value() == JournalEntry.ABSENT ? 0 : last.value();
    if (unknown > 0) {
      tally.unacknowledged++;
    }
    if (actual < expected || actual > expected + unknown) {
      tally.violations.add(key + ": counter holds " + actual + " but the acknowledged increments"
          + " sum to " + expected + (unknown > 0 ? " (plus up to " + unknown + " unacknowledged)"
          : ""));
    }
  }

  private void checkKey(String key, List<JournalEntry> ops, Observation last, Tally tally) {
    tally.keys++;
    if (ops.stream().anyMatch(e -> e.writes() && !e.acknowledged())) {
      tally.unacknowledged++;
      return;
    }
    List<JournalEntry> writes = ops.stream().filter(JournalEntry::writes).toList();
    boolean oneWriter = writes.stream().map(JournalEntry::writer).distinct().count() == 1;
    String writer = writes.get(0).writer();
    // The writer's own reads are checked too; other threads' reads may overlap a write.
    List<JournalEntry> replayed =
        ops.stream()
            .filter(e -> e.acknowledged() && (e.writes() || (oneWriter && e.writer().equals(writer))))
            .sorted(Comparator.comparingLong(JournalEntry::ackMicros)
                .thenComparingLong(JournalEntry::sendMicros))
            .toList();
    for (int i = 1; i < replayed.size(); i++) {
      JournalEntry before = replayed.get(i - 1);
      JournalEntry after = replayed.get(i);
      boolean sameWriter = before.writer().equals(after.writer());
      if (after.sendMicros() < before.ackMicros()
          || (!sameWriter && after.sendMicros() == before.ackMicros())) {
        tally.overlapping++;
        return;
      }
    }
    Set<State> states = Set.of(State.ABSENT);
    for (JournalEntry e : replayed) {
      Set<State> next = apply(states, e);
      if (next.isEmpty()) {
        tally.violations.add(key + ": " + e.writer() + " " + e.op() + " answered " + e.result()
            + " but the key could only be " + resolve(states, e.sendMicros(), e.ackMicros()));
        return;
      }
      if (e.op() != Op.SET) {
        tally.replies++;
      }
      states = next;
    }
    Set<State> atEnd = resolve(states, last.sendMicros(), last.ackMicros());
    long outcomes = atEnd.stream().mapToLong(State::observed).distinct().count();
    if (outcomes > 1) {
      tally.ttlBoundary++;
    }
    if (atEnd.stream().noneMatch(s -> s.observed() == last.value())) {
      tally.violations.add(key + ": the manager holds "
          + (last.value() == JournalEntry.ABSENT ? "nothing" : last.value())
          + " but after the last acknowledged write it must be one of " + atEnd);
    }
  }

  /** The states after {@code e}; empty if its reply fits no state the key could be in. */
  private Set<State> apply(Set<State> states, JournalEntry e) {
    long send = e.sendMicros();
    long ack = e.ackMicros();
    if (e.op() == Op.SET) {
      return Set.of(State.of(e.arg(), e.ttlMillis(), send, ack));
    }
    Set<State> seen = resolve(states, send, ack);
    Set<State> next = new LinkedHashSet<>();
    for (State s : seen) {
      switch (e.op()) {
        case DELETE -> {
          if (s.present() == (e.result() == 1)) {
            next.add(State.ABSENT);
          }
        }
        case GET -> {
          if (s.observed() == e.result()) {
            next.add(s);
          }
        }
        case INCREMENT -> {
          if (!s.present() && e.result() == e.arg()) {
            next.add(State.of(e.result(), e.ttlMillis(), send, ack));
          } else if (s.present() && s.value() + e.arg() == e.result()) {
            next.add(new State(true, e.result(), s.expLo(), s.expHi()));
          }
        }
        default -> throw new IllegalStateException("not replayed: " + e.op());
      }
    }
    return next;
  }

  /**
   * The states a key in one of {@code states} can be seen in by an operation the manager applied
   * at some moment in [send, ack]: a present state whose expiry may fall before that moment may
   * also be seen absent.
   */
  private Set<State> resolve(Set<State> states, long send, long ack) {
    Set<State> seen = new LinkedHashSet<>();
    for (State s : states) {
      if (!s.present() || s.expLo() == NEVER) {
        seen.add(s);
      } else if (ack < s.expLo() - marginMicros) {
        seen.add(s);
      } else if (send >= s.expHi() + marginMicros) {
        seen.add(State.ABSENT);
      } else {
        seen.add(s);
        seen.add(State.ABSENT);
      }
    }
    return seen;
  }
}
