package io.sharedstore.demo.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.DurabilityChecker.Report;
import io.sharedstore.demo.load.JournalEntry.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The acknowledged-writes checker on synthetic journals: it passes a correct final state, counts
 * TTL boundaries and overlapping writes as ambiguous, and fails on a single lost write.
 */
class DurabilityCheckerTest {

  private static final long MS = 1000;
  private static final long ABSENT = JournalEntry.ABSENT;
  private final DurabilityChecker checker = new DurabilityChecker(Duration.ofMillis(100));

  private static JournalEntry set(String key, long value, long ttlMillis, long atMillis) {
    return new JournalEntry("1/0", Op.SET, key, value, ttlMillis, atMillis * MS,
        (atMillis + 5) * MS, 0);
  }

  private static JournalEntry op(String writer, Op op, String key, long arg, long atMillis,
      long result) {
    return new JournalEntry(writer, op, key, arg, 0, atMillis * MS, (atMillis + 5) * MS, result);
  }

  private static Map<String, Observation> read(String key, long value, long atMillis) {
    return Map.of(key, new Observation(key, value, atMillis * MS, (atMillis + 5) * MS));
  }

  private Report check(List<JournalEntry> journal, Map<String, Observation> reads) {
    return checker.check(journal, reads);
  }

  @Test
  void theLastAcknowledgedWriteMustBeThere() {
    List<JournalEntry> journal = List.of(set("k", 16, 0, 0), set("k", 32, 0, 20));

    Report ok = check(journal, read("k", 32, 100));
    assertTrue(ok.passed(), ok.violations().toString());
    assertEquals(1, ok.keysChecked());
    assertEquals(0, ok.ambiguous());
    assertEquals(2, ok.opsAcknowledged());

    Report older = check(journal, read("k", 16, 100));
    assertEquals(1, older.violations().size());
    assertTrue(older.violations().get(0).startsWith("k: the manager holds 16"),
        older.violations().toString());

    assertEquals(1, check(journal, read("k", ABSENT, 100)).violations().size());
  }

  @Test
  void aDeletedKeyMustBeAbsentAndTheDeleteReplyMustFit() {
    List<JournalEntry> journal =
        List.of(set("k", 16, 0, 0), op("1/0", Op.DELETE, "k", 0, 20, 1));
    assertTrue(check(journal, read("k", ABSENT, 100)).passed());
    assertEquals(1, check(journal, read("k", 16, 100)).violations().size());

    // A delete that found nothing right after an acknowledged set: that set was lost.
    List<JournalEntry> lost = List.of(set("k", 16, 0, 0), op("1/0", Op.DELETE, "k", 0, 20, 0));
    Report report = check(lost, read("k", ABSENT, 100));
    assertEquals(1, report.violations().size());
    assertTrue(report.violations().get(0).contains("DELETE answered 0"), report.violations().toString());
  }

  @Test
  void aKeyWithATtlIsAbsentAfterItAndPresentBefore() {
    List<JournalEntry> journal = List.of(set("k", 16, 1000, 0));
    assertTrue(check(journal, read("k", 16, 500)).passed());
    assertEquals(1, check(journal, read("k", ABSENT, 500)).violations().size(), "lost before its TTL");
    assertTrue(check(journal, read("k", ABSENT, 2000)).passed());
    assertEquals(1, check(journal, read("k", 16, 2000)).violations().size(), "alive after its TTL");
  }

  @Test
  void aReadNearTheTtlBoundaryIsAmbiguousButStillChecked() {
    List<JournalEntry> journal = List.of(set("k", 16, 1000, 0));
    Report present = check(journal, read("k", 16, 1000));
    Report absent = check(journal, read("k", ABSENT, 1000));
    assertTrue(present.passed() && absent.passed());
    assertEquals(1, present.ambiguous());
    assertEquals(1, present.why().ttlBoundary());
    assertEquals(1, absent.ambiguous());
    assertEquals(1, check(journal, read("k", 48, 1000)).violations().size());
  }

  @Test
  void incrementRepliesAreReplayedAndAKeepsTheTtlOfTheKeyItUpdates() {
    List<JournalEntry> journal = List.of(
        set("k", 16, 1000, 0),
        op("1/0", Op.INCREMENT, "k", 2, 20, 18),
        op("1/0", Op.GET, "k", 0, 40, 18));
    assertTrue(check(journal, read("k", 18, 500)).passed());
    assertTrue(check(journal, read("k", ABSENT, 2000)).passed(), "the increment kept the TTL");

    // An increment that started from 0 right after an acknowledged set: the set was lost.
    List<JournalEntry> lost = List.of(set("k", 16, 0, 0), op("1/0", Op.INCREMENT, "k", 2, 20, 2));
    assertEquals(1, check(lost, read("k", 2, 100)).violations().size());
  }

  @Test
  void countersHoldTheSumOfAcknowledgedIncrements() {
    List<JournalEntry> journal = List.of(
        op("1/0", Op.COUNTER, "c", 1, 0, 1),
        op("2/0", Op.COUNTER, "c", 2, 1, 3),
        op("3/1", Op.COUNTER, "c", 3, 2, 6));
    assertTrue(check(journal, read("c", 6, 100)).passed());
    Report lost = check(journal, read("c", 5, 100));
    assertEquals(1, lost.violations().size());
    assertTrue(lost.violations().get(0).contains("sum to 6"), lost.violations().toString());

    List<JournalEntry> withUnknown = new ArrayList<>(journal);
    withUnknown.add(new JournalEntry("1/0", Op.COUNTER, "c", 4, 0, 10 * MS,
        JournalEntry.UNACKNOWLEDGED, 0));
    Report maybe = check(withUnknown, read("c", 10, 100));
    assertTrue(maybe.passed());
    assertEquals(1, maybe.ambiguous());
    assertEquals(1, check(withUnknown, read("c", 5, 100)).violations().size());
  }

  @Test
  void overlappingOrUnacknowledgedWritesMakeAKeyAmbiguous() {
    List<JournalEntry> overlapping = List.of(
        new JournalEntry("1/0", Op.SET, "k", 16, 0, 0, 50 * MS, 0),
        new JournalEntry("2/0", Op.SET, "k", 32, 0, 10 * MS, 60 * MS, 0));
    Report report = check(overlapping, read("k", 16, 100));
    assertTrue(report.passed());
    assertEquals(1, report.ambiguous());
    assertEquals(1, report.why().overlappingWrites());

    List<JournalEntry> unacknowledged = List.of(set("k", 16, 0, 0),
        new JournalEntry("1/0", Op.SET, "k", 32, 0, 20 * MS, JournalEntry.UNACKNOWLEDGED, 0));
    assertEquals(1, check(unacknowledged, read("k", 16, 100)).why().unacknowledged());
  }

  /**
   * A random journal from a model store passes; the same run with one acknowledged write lost
   * by the store (the model skipped it, and later replies and the final state follow from that)
   * fails with exactly one violation, on that key.
   */
  @Test
  void aSingleLostWriteInALargeRandomJournalFailsTheCheck() {
    Random random = new Random(42);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add("k" + i);
    }
    List<JournalEntry> journal = new ArrayList<>();
    long time = 0;
    for (int n = 1; n <= 5000; n++) {
      String key = keys.get(random.nextInt(keys.size()));
      int pick = random.nextInt(100);
      Op op = pick < 40 ? Op.SET : pick < 60 ? Op.GET : pick < 75 ? Op.DELETE
          : pick < 90 ? Op.INCREMENT : Op.COUNTER;
      String target = op == Op.COUNTER ? "counter" : key;
      long arg = op == Op.SET ? n * 16L : op == Op.INCREMENT || op == Op.COUNTER ? 1 + n % 3 : 0;
      journal.add(new JournalEntry("1/0", op, target, arg, 0, time, time + 500, 0));
      time += 1000;
    }
    String victim = null;
    int victimIndex = -1;
    for (int i = journal.size() - 1; i >= 0 && victim == null; i--) {
      JournalEntry e = journal.get(i);
      if (e.op() == Op.SET) {
        victim = e.key();
        victimIndex = i;
      }
    }

    Replay intact = Replay.of(journal, -1);
    Report passed = checker.check(intact.journal, intact.reads(time));
    assertTrue(passed.passed(), passed.violations().toString());
    assertEquals(51, passed.keysChecked());
    assertEquals(0, passed.ambiguous());

    Replay lossy = Replay.of(journal, victimIndex);
    Report failed = checker.check(lossy.journal, lossy.reads(time));
    assertEquals(1, failed.violations().size(), failed.violations().toString());
    assertTrue(failed.violations().get(0).startsWith(victim + ":"), failed.violations().toString());
    System.out.println("checker self-test: " + failed.summary() + "; " + failed.violations());
  }

  /** A model store that answers a journal's operations, optionally losing one write. */
  private static final class Replay {
    final Map<String, Long> store = new HashMap<>();
    final List<JournalEntry> journal = new ArrayList<>();

    static Replay of(List<JournalEntry> requests, int lose) {
      Replay replay = new Replay();
      for (int i = 0; i < requests.size(); i++) {
        replay.apply(requests.get(i), i == lose);
      }
      return replay;
    }

    void apply(JournalEntry e, boolean lost) {
      Long before = store.get(e.key());
      long result = switch (e.op()) {
        case SET -> {
          if (!lost) {
            store.put(e.key(), e.arg());
          }
          yield 0;
        }
        case GET -> before == null ? ABSENT : before;
        case DELETE -> {
          store.remove(e.key());
          yield before == null ? 0 : 1;
        }
        case INCREMENT, COUNTER -> {
          long value = (before == null ? 0 : before) + e.arg();
          store.put(e.key(), value);
          yield value;
        }
      };
      journal.add(new JournalEntry(e.writer(), e.op(), e.key(), e.arg(), e.ttlMillis(),
          e.sendMicros(), e.ackMicros(), result));
    }

    Map<String, Observation> reads(long at) {
      Map<String, Observation> reads = new HashMap<>();
      for (JournalEntry e : journal) {
        Long value = store.get(e.key());
        reads.put(e.key(), new Observation(e.key(), value == null ? ABSENT : value, at, at + 500));
      }
      return reads;
    }
  }
}
