package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.demo.load.DurabilityChecker;
import io.sharedstore.demo.load.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log rewritten into a new snapshot again and again while three cluster JVMs ({@link
 * JournaledWriter}) write and journal, and the test overwrites a fixed set of large values to
 * drive the log past its thresholds ({@code rewrite-min-size = 256 KiB}, {@code
 * rewrite-percentage = 100}): after 10 rewrites (each seen as a new snapshot named by the
 * manifest) the data directory holds under 3 times the current snapshot's bytes; then the manager
 * is SIGKILLed under the writers' load ({@code fsync = always}) and started again on the same
 * directory: every acknowledged write of the journals is there, and every large value holds the
 * last one the test wrote.
 */
class PersistenceRewriteUnderLoadTest {

  private static final int WRITERS = 3;
  private static final int THREADS = 3;
  private static final int REWRITES = 10;
  private static final long REWRITE_MIN_SIZE = 256 << 10;
  private static final int LARGE_KEYS = 500;
  private static final int BATCH = 50;
  private static final int LARGE_VALUE_CHARS = 2000;
  /**
   * Each pass over the large values writes about a megabyte, a rewrite's worth (the snapshot's
   * size): ten rewrites take about ten passes; a manager that does not rewrite must not fill the
   * disk while the test waits.
   */
  private static final int MAX_GENERATIONS = 50;
  /** Ten rewrites of about a megabyte each on a loaded machine. */
  private static final Duration REWRITES_WITHIN = Duration.ofSeconds(60);
  /** For the last rewrite to finish: one log named and the files it replaced deleted. */
  private static final Duration SETTLED_WITHIN = Duration.ofSeconds(15);
  /** The writers' load after the last rewrite, before the kill. */
  private static final Duration LOAD_AFTER = Duration.ofSeconds(1);
  private static final double MAX_DISK_PER_SNAPSHOT = 3.0;
  private static final int MIN_PROVEN_KEYS = 30;
  private static final Duration FIRST_CALL = Duration.ofSeconds(20);
  private static final Duration CALL = Duration.ofSeconds(10);

  @TempDir Path dataDir;
  @TempDir Path journals;

  @Test
  void rewritesUnderLoadKeepEveryAcknowledgedWriteAndBoundTheDisk() throws Exception {
    int port = FreePort.pick();
    List<String> options = List.of("-Dshared-store.persistence.fsync=always",
        "-Dshared-store.persistence.rewrite-min-size=" + REWRITE_MIN_SIZE,
        "-Dshared-store.persistence.rewrite-percentage=100");
    DataDirectoryFiles files = new DataDirectoryFiles(dataDir);
    int[] batchGeneration = new int[LARGE_KEYS / BATCH];
    List<String> rewriteSamples = new ArrayList<>();
    long settledBytes;
    long snapshotBytes;
    TreeMap<String, Long> settledFiles;
    List<JournalEntry> journal;
    List<String> done;
    long rewritesMillis;
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(WRITERS + 1, first.address())) {
      StoreClient store = cluster.store();
      Stages.result(store.has("warm-up", FIRST_CALL));
      for (int b = 0; b < batchGeneration.length; b++) {
        Stages.result(store.setAll(largeBatch(b, 0), CALL));
      }
      try (JournaledWriters writers =
          JournaledWriters.start(first.address(), WRITERS, THREADS, journals)) {
        Optional<String> lastSnapshot = snapshot(files);
        int rewrites = 0;
        double largestSeen = 0;
        long start = System.nanoTime();
        for (int generation = 1; rewrites < REWRITES; generation++) {
          for (int b = 0; b < batchGeneration.length && rewrites < REWRITES; b++) {
            Stages.result(store.setAll(largeBatch(b, generation), CALL));
            batchGeneration[b] = generation;
            Optional<String> now = snapshot(files);
            if (now.isPresent() && !now.equals(lastSnapshot)) {
              rewrites++;
              lastSnapshot = now;
              long directory = files.totalBytes();
              long snapshot = files.size(now.get()).orElse(-1L);
              rewriteSamples.add(now.get() + " " + snapshot + " B, directory " + directory + " B");
              largestSeen = Math.max(largestSeen, (double) directory / snapshot);
            }
          }
          long elapsed = System.nanoTime() - start;
          if (rewrites < REWRITES
              && (elapsed > REWRITES_WITHIN.toNanos() || generation >= MAX_GENERATIONS)) {
            throw new AssertionError("only " + rewrites + " rewrites (new snapshots in the"
                + " manifest) in " + elapsed / 1_000_000 + " ms of overwriting " + generation
                + " times " + LARGE_KEYS + " values of " + LARGE_VALUE_CHARS + " chars; files: "
                + files.files() + "; manifest: " + files.named());
          }
        }
        rewritesMillis = (System.nanoTime() - start) / 1_000_000;

        // Once the last rewrite is done: the manifest names one log, the replaced files are gone.
        Optional<Duration> settled = Poll.until(SETTLED_WITHIN, () -> settled(files));
        settledFiles = files.files();
        settledBytes = settledFiles.values().stream().mapToLong(Long::longValue).sum();
        String current = snapshot(files).orElseThrow();
        snapshotBytes = files.size(current).orElseThrow();
        System.out.printf("PersistenceRewriteUnderLoadTest: %d rewrites in %d ms: %s (at most"
                + " %.2fx the snapshot when a new one was seen, a rewrite may be under way); %s:"
                + " %s%n",
            REWRITES, rewritesMillis, rewriteSamples, largestSeen,
            settled.isPresent() ? "settled after " + settled.get().toMillis() + " ms"
                : "not settled within " + SETTLED_WITHIN, settledFiles);

        Thread.sleep(LOAD_AFTER.toMillis()); // the load's length, not a wait for a condition
        first.jvm().kill();
        assertFalse(first.jvm().isAlive(), "the manager survived SIGKILL");
        done = writers.awaitDone();
        journal = writers.journal();
      }
    }

    Map<String, String> large;
    Map<String, DurabilityChecker.Observation> reads;
    try (PersistentManager second = PersistentManager.start("manager-2", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(WRITERS + 2, second.address())) {
      StoreClient store = cluster.store();
      Stages.result(store.has("warm-up", FIRST_CALL));
      large = new HashMap<>(Stages.result(store.getAll(largeKeys(), String.class, CALL)));
      reads = JournalChecks.read(store, JournalChecks.keys(journal));
    }
    DurabilityChecker.Report report = JournalChecks.check(journal, reads);
    double ratio = (double) settledBytes / snapshotBytes;
    done.forEach(line -> System.out.println("PersistenceRewriteUnderLoadTest " + line));
    System.out.printf("PersistenceRewriteUnderLoadTest: directory %d B after %d rewrites, snapshot"
            + " %d B (%.2fx); journals after the kill and restart: %s%n",
        settledBytes, REWRITES, snapshotBytes, ratio, report.summary());

    Map<String, String> expected = new HashMap<>();
    for (int b = 0; b < batchGeneration.length; b++) {
      expected.putAll(largeBatch(b, batchGeneration[b]));
    }
    assertEquals(Set.of(), difference(expected, large),
        "large values not as last written before the kill");
    assertTrue(ratio < MAX_DISK_PER_SNAPSHOT, "the directory holds " + settledBytes + " B, "
        + String.format("%.2f", ratio) + " times the snapshot's " + snapshotBytes + " B: "
        + settledFiles);
    assertTrue(JournalChecks.proven(report) >= MIN_PROVEN_KEYS,
        "too few keys held to one value to prove anything: " + report.summary());
    assertEquals(List.of(),
        report.violations().subList(0, Math.min(20, report.violations().size())),
        report.violations().size() + " keys lost an acknowledged write: " + report.summary());
  }

  private static Optional<String> snapshot(DataDirectoryFiles files) {
    return files.named().flatMap(DataDirectoryFiles.Named::snapshot);
  }

  /** The manifest names one log, and the directory holds nothing but it, the snapshot, the lock. */
  private static boolean settled(DataDirectoryFiles files) {
    Optional<DataDirectoryFiles.Named> named = files.named();
    if (named.isEmpty() || named.get().logs().size() != 1 || named.get().snapshot().isEmpty()) {
      return false;
    }
    Set<String> expected = Set.of(DataDirectoryFiles.MANIFEST, "lock",
        named.get().snapshot().get(), named.get().logs().get(0));
    return expected.containsAll(files.files().keySet());
  }

  private static List<String> largeKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < LARGE_KEYS; i++) {
      keys.add("large:" + i);
    }
    return keys;
  }

  /** Batch {@code batch}'s large keys with the values of {@code generation}. */
  private static Map<String, String> largeBatch(int batch, int generation) {
    Map<String, String> values = new LinkedHashMap<>();
    String filler = Character.toString('a' + generation % 26).repeat(LARGE_VALUE_CHARS);
    for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
      values.put("large:" + i, generation + ":" + i + ":" + filler);
    }
    return values;
  }

  /** The keys whose value in {@code actual} is not the one in {@code expected}. */
  private static Set<String> difference(Map<String, String> expected, Map<String, String> actual) {
    Set<String> wrong = new TreeSet<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        wrong.add(e.getKey());
      }
    }
    return wrong;
  }
}
