package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StorePersistenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real full disk: a manager JVM keeps its data on a small tmpfs, which a filler file then
 * fills. The write whose change cannot be made durable fails with {@link
 * StorePersistenceException} (may have been applied; the message names the log file and the OS
 * error), reads keep working, every later write fails at once and is not applied. Once the filler
 * is deleted the journal's retry (once a second) succeeds, writes are taken again and a fresh
 * snapshot is written; a restart on the same directory then loads exactly what the manager held
 * in memory.
 *
 * <p>Needs root and a working {@code mount -t tmpfs}; elsewhere it is skipped with the reason.
 */
class PersistenceFullDiskTest {

  private static final int DISK_MEGABYTES = 8;
  private static final Duration FIRST_CALL = Duration.ofSeconds(20);
  private static final Duration CALL = Duration.ofSeconds(5);
  /** A value large enough that the log's last page fills within a few writes. */
  private static final String LARGE = "x".repeat(1024);
  private static final int MAX_WRITES_TO_FAIL = 2000;
  /** The journal retries once a second; a loaded machine gets a few more. */
  private static final Duration RESUME_WITHIN = Duration.ofSeconds(15);
  private static final Pattern NAMED_LOG = Pattern.compile("(/\\S+\\.log)\\b");

  private static SmallTmpfs disk;

  @BeforeAll
  static void mountSmallDisk() throws Exception {
    disk = SmallTmpfs.mount(DISK_MEGABYTES);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullDiskFailsWritesTurnsReadOnlyAndRecoversOnceThereIsRoom() throws Exception {
    Path dataDir = disk.dir().resolve("data");
    Path filler = disk.dir().resolve("filler");
    int port = FreePort.pick();
    List<String> options = List.of("-Dshared-store.persistence.fsync=always");
    Map<String, Object> memory;
    try (PersistentManager first = PersistentManager.start("manager-1", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      StoreClient store = cluster.store();
      Stages.result(store.set("before-0", "v0", FIRST_CALL));
      for (int i = 1; i < 20; i++) {
        Stages.result(store.set("before-" + i, "v" + i));
      }
      Stages.result(store.increment("counter", 7));

      long filled = disk.fill(filler);
      // The log's last page may take a few more records: write until one fails.
      StorePersistenceException full = null;
      String failedKey = null;
      int accepted = 0;
      for (int i = 0; full == null && i < MAX_WRITES_TO_FAIL; i++) {
        Optional<Throwable> failure = outcome(store.set("fill-" + i, LARGE, CALL));
        if (failure.isEmpty()) {
          accepted++;
        } else if (failure.get() instanceof StorePersistenceException e) {
          full = e;
          failedKey = "fill-" + i;
        } else {
          throw new AssertionError("a write on a full disk failed otherwise", failure.get());
        }
      }
      if (full == null) {
        fail(MAX_WRITES_TO_FAIL + " writes of 1 KiB accepted on a full disk");
      }
      System.out.printf("PersistenceFullDiskTest: filler %d bytes, %d writes accepted after it,"
          + " then: %s%n", filled, accepted, full.getMessage());
      assertTrue(full.mayHaveBeenApplied());
      assertTrue(full.getMessage().contains("No space left on device"),
          "the OS error is not named: " + full.getMessage());
      Matcher named = NAMED_LOG.matcher(full.getMessage());
      assertTrue(named.find(), "no log file named: " + full.getMessage());
      Path log = Path.of(named.group(1));
      assertEquals(dataDir.toRealPath(), log.getParent().toRealPath(),
          "the file named is not in the data directory: " + full.getMessage());
      assertTrue(Files.isRegularFile(log), "the file named does not exist: " + log);

      // Reads keep working.
      assertEquals(Optional.of("v3"), Stages.result(store.get("before-3", String.class)));
      assertEquals(Optional.of(7L), Stages.result(store.get("counter", Long.class)));
      assertEquals(20, Stages.result(store.keys("before-*")).size());

      // Every later write fails at once and changes nothing.
      long start = System.nanoTime();
      StorePersistenceException refused =
          Stages.failure(store.set("refused", "no room", CALL), StorePersistenceException.class);
      Stages.failure(store.increment("counter", 1, CALL), StorePersistenceException.class);
      Stages.failure(store.delete("before-4", CALL), StorePersistenceException.class);
      long refusedMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("PersistenceFullDiskTest: 3 writes refused in %d ms: %s%n",
          refusedMillis, refused.getMessage());
      assertTrue(refusedMillis < CALL.toMillis(), "the refusals waited: " + refusedMillis + " ms");
      assertFalse(refused.mayHaveBeenApplied(), "a write refused while read-only: " + refused);
      assertFalse(Stages.result(store.has("refused")), "a refused write was applied");
      assertEquals(Optional.of(7L), Stages.result(store.get("counter", Long.class)));
      assertTrue(Stages.result(store.has("before-4")), "a refused delete was applied");

      // Room again: the journal's retry succeeds and writes are taken again.
      Files.delete(filler);
      int[] attempt = {0};
      Optional<Duration> resumed = Poll.until(RESUME_WITHIN, () -> {
        Optional<Throwable> failure = outcome(store.set("after-" + attempt[0]++, "back", CALL));
        if (failure.isPresent() && !(failure.get() instanceof StorePersistenceException)) {
          throw new AssertionError("a write while read-only failed otherwise", failure.get());
        }
        return failure.isEmpty();
      });
      assertTrue(resumed.isPresent(), "writes not taken again within " + RESUME_WITHIN
          + " of deleting the filler (" + attempt[0] + " attempts)");
      System.out.printf("PersistenceFullDiskTest: writes taken again %d ms after the filler was"
          + " deleted (%d attempts)%n", resumed.get().toMillis(), attempt[0]);
      assertEquals(8, Stages.result(store.increment("counter", 1)));
      Stages.result(store.set("after-recovery", "kept"));

      // The disk came back: a fresh snapshot of the memory state (none before: the log was far
      // below the rewrite thresholds).
      DataDirectoryFiles files = new DataDirectoryFiles(dataDir);
      Optional<Duration> snapshot = Poll.until(RESUME_WITHIN,
          () -> files.named().flatMap(DataDirectoryFiles.Named::snapshot).isPresent());
      System.out.printf("PersistenceFullDiskTest: the data directory after the disk came back:"
          + " %s%n", files.files());
      assertTrue(snapshot.isPresent(), "no fresh snapshot after the disk came back: "
          + files.files() + ", manifest " + files.named());
      memory = everything(store);
      System.out.printf("PersistenceFullDiskTest: the write that failed on the full disk (%s) is"
          + " %s in memory%n", failedKey, memory.containsKey(failedKey) ? "applied" : "not");
      assertEquals(PersistentManager.EXIT_ON_SIGTERM, first.terminate(), "exit code after SIGTERM");
    }

    try (PersistentManager second = PersistentManager.start("manager-2", port, dataDir, options);
        ClusterClient cluster = ClusterClient.connect(2, second.address())) {
      Stages.result(cluster.store().has("warm-up", FIRST_CALL));
      Map<String, Object> loaded = everything(cluster.store());
      System.out.printf("PersistenceFullDiskTest: %d keys in memory before the restart, %d"
          + " loaded%n", memory.size(), loaded.size());
      assertEquals(new TreeMap<>(memory), new TreeMap<>(loaded),
          "the restart did not load the memory state");
    }
  }

  /** Every key and value the store holds. */
  private static Map<String, Object> everything(StoreClient store) {
    List<String> keys = Stages.result(store.keys("*", Duration.ofSeconds(20)));
    Map<String, Object> values = new HashMap<>(
        Stages.result(store.getAll(keys, Object.class, Duration.ofSeconds(20))));
    assertEquals(keys.size(), values.size(), "keys listed but not read: " + keys);
    return values;
  }

  /** Empty if the call succeeded, else what it failed with; fails the test if it hangs. */
  private static Optional<Throwable> outcome(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(Stages.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("a call did not complete", e);
    }
  }
}
