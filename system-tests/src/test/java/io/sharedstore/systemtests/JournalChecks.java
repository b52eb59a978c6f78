package io.sharedstore.systemtests;

import io.sharedstore.cluster.StoreClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.DurabilityChecker.Observation;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.demo.load.MixedLoad;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the persistence tests do with the {@link JournaledWriter}s' journals: read every journaled
 * key from a (restarted) manager, and check the journal against it with {@link
 * DurabilityChecker}, either every acknowledged write or only those acknowledged before a moment.
 */
final class JournalChecks {

  private static final int READ_BATCH = 200;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private JournalChecks() {}

  /** Every key the journal names. */
  static List<String> keys(Collection<JournalEntry> journal) {
    TreeSet<String> keys = new TreeSet<>();
    journal.forEach(e -> keys.add(e.key()));
    return List.copyOf(keys);
  }

  /** What {@code store} holds for each key, as of each batch's [send, ack] window. */
  static Map<String, Observation> read(StoreClient store, List<String> keys) {
    Map<String, Observation> reads = new HashMap<>();
    for (int from = 0; from < keys.size(); from += READ_BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + READ_BATCH));
      long send = MixedLoad.nowMicros();
      Map<String, Long> values = Stages.result(store.getAll(batch, Long.class, READ_TIMEOUT));
      long ack = MixedLoad.nowMicros();
      for (String key : batch) {
        Long value = values.get(key);
        reads.put(key, new Observation(key, value == null ? JournalEntry.ABSENT : value, send, ack));
      }
    }
    return reads;
  }

  /** Checks every acknowledged write of {@code journal} against {@code reads}. */
  static DurabilityChecker.Report check(
      Collection<JournalEntry> journal, Map<String, Observation> reads) {
    return new DurabilityChecker(DurabilityChecker.DEFAULT_MARGIN).check(journal, reads);
  }

  /**
   * Checks only the writes acknowledged before {@code cutoffMicros} (wall clock): one
   * acknowledged at or after it counts as unacknowledged (it may or may not have survived), so
   * its key is ambiguous and not held to any value.
   */
  static DurabilityChecker.Report checkAcknowledgedBefore(
      Collection<JournalEntry> journal, Map<String, Observation> reads, long cutoffMicros) {
    List<JournalEntry> before = journal.stream()
        .map(e -> e.acknowledged() && e.ackMicros() >= cutoffMicros && e.writes()
            ? new JournalEntry(e.writer(), e.op(), e.key(), e.arg(), e.ttlMillis(),
                e.sendMicros(), JournalEntry.UNACKNOWLEDGED, 0)
            : e)
        .toList();
    return check(before, reads);
  }

  /** The keys the report held to one value: checked and not ambiguous. */
  static int proven(DurabilityChecker.Report report) {
    return report.keysChecked() - report.ambiguous();
  }

  /** The acknowledged writes of {@code journal} acknowledged at or after {@code fromMicros}. */
  static long acknowledgedSince(Collection<JournalEntry> journal, long fromMicros) {
    return journal.stream()
        .filter(e -> e.acknowledged() && e.writes() && e.ackMicros() >= fromMicros)
        .count();
  }
}
