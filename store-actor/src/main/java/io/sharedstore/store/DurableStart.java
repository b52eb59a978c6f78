package io.sharedstore.store;

import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.persistence.ChannelOpener;
import io.sharedstore.store.persistence.DataDirectory;
import io.sharedstore.store.persistence.DataDirectoryInUseException;
import io.sharedstore.store.persistence.Journal;
import io.sharedstore.store.persistence.LogRecovery;
import io.sharedstore.store.persistence.Manifest;
import io.sharedstore.store.persistence.SnapshotReader;
import io.sharedstore.store.watch.ChangeHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a store gets its starting state: a new engine in memory under a new epoch, or, with a data
 * directory, the directory opened and loaded in phases, each logged at INFO with its counts and
 * time: the manifest, the snapshot it names (if any), every log it names replayed in order, the
 * entries past their deadline dropped, the files a crash in the middle of a rewrite left behind
 * deleted, and the journal opened on the last log; then one "serving" line.
 */
final class DurableStart {

  /**
   * The engine a store starts with, its epoch, and, with a data directory (else null): the
   * journal it writes to, the directory it holds and what its rewrite needs; and its change
   * history (empty in memory; with a data directory the changes replayed from the logs, so it
   * starts at the snapshot's revision + 1: a snapshot holds no history).
   */
  record Recovered(StoreEngine engine, String epoch, Journal journal, DataDirectory directory,
      OnDisk onDisk, ChangeHistory history) {}

  /**
   * A durable store's files as loaded: the manifest in place, the snapshot's size and the size
   * of the logs after it (for the rewrite's thresholds), its settings, how it opens files, and
   * the journal's pause between two attempts after a write error (also the rewrite's first).
   */
  record OnDisk(Manifest manifest, long snapshotBytes, long logBytes,
      PersistenceSettings persistence, ChannelOpener channels, Duration retryEvery) {}

  /** Something that gives the store its starting state when it is spawned. */
  interface Start {
    Recovered get();
  }

  private DurableStart() {}

  /** A start in memory: a new engine for each spawn, under a new epoch. */
  static Start inMemory(StoreSettings settings) {
    return () -> new Recovered(new StoreEngine(settings), newEpoch(), null, null, null,
        new ChangeHistory(settings.watch()));
  }

  /** A start that hands {@code recovered} to the one store spawned from it; a second is refused. */
  static Start once(Recovered recovered) {
    boolean[] spawned = {false};
    return () -> {
      if (spawned[0]) {
        throw new IllegalStateException("a durable store's behavior is spawned once");
      }
      spawned[0] = true;
      return recovered;
    };
  }

  /**
   * Opens the data directory (refused if another manager holds it), loads it into a new engine
   * and opens the journal on its last log; a failure releases the directory again.
   */
  static Recovered recover(StoreSettings settings, PersistenceSettings persistence,
      StoreClock clock, ChannelOpener channels, Duration retryEvery) {
    Logger log = LoggerFactory.getLogger(StoreActor.class);
    Path dir = persistence.dir().orElseThrow();
    DataDirectory directory;
    try {
      directory = DataDirectory.open(dir);
    } catch (DataDirectoryInUseException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the data directory " + dir + ": "
          + e.getMessage(), e);
    }
    try {
      return new Load(settings, persistence, directory, log)
          .run(clock, channels, retryEvery);
    } catch (RuntimeException | Error e) {
      try {
        directory.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** One start's load of one directory, phase by phase. */
  private static final class Load {
    private final StoreSettings settings;
    private final PersistenceSettings persistence;
    private final DataDirectory directory;
    private final Logger log;
    private final StoreEngine engine;
    private final long started = System.nanoTime();
    private long phaseStarted = started;
    private Path current;

    Load(StoreSettings settings, PersistenceSettings persistence, DataDirectory directory,
        Logger log) {
      this.settings = settings;
      this.persistence = persistence;
      this.directory = directory;
      this.log = log;
      this.engine = new StoreEngine(settings);
    }

    Recovered run(StoreClock clock, ChannelOpener channels, Duration retryEvery) {
      current = directory.path().resolve(Manifest.FILE_NAME);
      try {
        Optional<Manifest> found = directory.manifest();
        // A new directory: its data is kept from now on under one epoch, chosen here once and
        // written atomically (below) before the store answers; its first log may already exist
        // if a start stopped before that.
        Manifest manifest = found.orElseGet(() -> new Manifest(newEpoch(), Optional.empty(),
            StoreActor.LOG_FILE));
        long snapshotBytes = loadSnapshot(manifest);
        ChangeHistory history = new ChangeHistory(settings.watch(), engine.revision());
        Manifest loaded = replayLogs(manifest, history);
        phase();
        int dropped = engine.dropExpired(clock.nowMillis());
        log.info("Dropped {} entries past their deadline, in {} ms", dropped, phase());
        if (found.isEmpty() || !loaded.equals(manifest)) {
          current = directory.path().resolve(Manifest.FILE_NAME);
          directory.switchTo(loaded);
        }
        if (found.isPresent()) {
          deleteStrays(loaded);
        }
        current = directory.file(loaded.lastLog());
        Journal journal = Journal.open(channels.open(current),
            Journal.Policy.valueOf(persistence.fsync().name()), engine.revision(), retryEvery);
        long logBytes = 0;
        for (String name : loaded.logs()) {
          logBytes += Files.size(directory.file(name));
        }
        log.info("Serving from {}: {} entries, revision {}, epoch {}, snapshot {}, logs {} ({}"
            + " bytes); loaded in {} ms", directory.path(), engine.storedEntries(),
            engine.revision(), loaded.epoch(), loaded.snapshot().orElse("none"),
            String.join(" ", loaded.logs()), logBytes, (System.nanoTime() - started) / 1_000_000);
        return new Recovered(engine, loaded.epoch(), journal, directory, new OnDisk(loaded,
            snapshotBytes, logBytes, persistence, channels, retryEvery), history);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load " + current + ": " + e.getMessage(), e);
      }
    }

    /** Loads the manifest's snapshot, if any; its size. */
    private long loadSnapshot(Manifest manifest) throws IOException {
      if (manifest.snapshot().isEmpty()) {
        return 0;
      }
      current = directory.file(manifest.snapshot().get());
      phase();
      SnapshotReader.Loaded loaded = SnapshotReader.load(current, engine);
      if (!loaded.epoch().equals(manifest.epoch())) {
        throw new IOException("the snapshot is of the store of epoch " + loaded.epoch()
            + ", the manifest's is " + manifest.epoch());
      }
      long bytes = Files.size(current);
      log.info("Loaded the snapshot {}: {} entries, {} remembered results, revision {}, {} bytes,"
          + " in {} ms", current, loaded.entries(), loaded.remembered(), loaded.revision(), bytes,
          phase());
      return bytes;
    }

    /**
     * Replays every log in order; the manifest to keep (fewer logs if a repair cut one that is
     * not the last: what followed its bad record, later logs included, is dropped), keeping the
     * changes replayed in {@code history}.
     */
    private Manifest replayLogs(Manifest manifest, ChangeHistory history) throws IOException {
      List<String> logs = manifest.logs();
      boolean repair = persistence.onCorruption() == PersistenceSettings.OnCorruption.TRUNCATE;
      for (int i = 0; i < logs.size(); i++) {
        current = directory.file(logs.get(i));
        boolean last = i == logs.size() - 1;
        if (!last && !Files.exists(current)) {
          throw new IOException("the manifest names this log before " + logs.get(i + 1)
              + " and it is missing");
        }
        phase();
        LogRecovery.Loaded loaded = LogRecovery.recover(current, last, repair, changes -> {
          engine.replay(changes);
          history.record(changes);
        }, log);
        log.info("Replayed the log {}: {} records, {} changes, revision {}, in {} ms", current,
            loaded.records(), loaded.changes(), engine.revision(), phase());
        if (loaded.cut() && !last) {
          log.warn("Dropped the logs after {} ({}): the repair keeps only what preceded its bad"
              + " record", current, String.join(" ", logs.subList(i + 1, logs.size())));
          return new Manifest(manifest.epoch(), manifest.snapshot(), logs.subList(0, i + 1));
        }
      }
      return manifest;
    }

    /** Deletes the files named like ours that the manifest does not name, with an INFO line. */
    private void deleteStrays(Manifest manifest) throws IOException {
      List<Path> strays = directory.strays(manifest);
      for (Path stray : strays) {
        current = stray;
        Files.deleteIfExists(stray);
      }
      if (!strays.isEmpty()) {
        directory.sync();
        log.info("Deleted {} files the manifest does not name (left by a rewrite a stop or a"
            + " crash interrupted): {}", strays.size(), strays.stream()
                .map(path -> path.getFileName().toString()).toList());
      }
    }

    /** The milliseconds since the last call (or the load's start), and starts the next phase. */
    private long phase() {
      long now = System.nanoTime();
      long millis = (now - phaseStarted) / 1_000_000;
      phaseStarted = now;
      return millis;
    }
  }

  /**
   * Closes the journal and releases the directory a stopped store held (null: in memory),
   * logging what fails.
   */
  static void release(Journal journal, DataDirectory directory, Logger log) {
    if (journal != null) {
      try {
        journal.close();
        log.info("Closed the log {}: {} since the start", journal.file(), journal.stats());
      } catch (IOException e) {
        log.error("The log {} could not be closed cleanly: {}", journal.file(),
            e.getMessage());
      }
    }
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException e) {
        log.error("The data directory {} could not be released: {}",
            directory.path(), e.getMessage());
      }
    }
  }

  /** An epoch for a store whose data starts here (in memory, or a new data directory). */
  private static String newEpoch() {
    return UUID.randomUUID().toString();
  }
}
