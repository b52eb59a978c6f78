package io.sharedstore.store;

import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.persistence.DataDirectory;
import io.sharedstore.store.persistence.DataDirectoryInUseException;
import io.sharedstore.store.persistence.Journal;
import io.sharedstore.store.persistence.LogRecovery;
import io.sharedstore.store.persistence.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a store gets its starting state: a new engine in memory under a new epoch, or, with a data
 * directory, the directory opened, its log replayed and the journal opened after it.
 */
final class DurableStart {

  /**
   * The engine a store starts with, its epoch, the journal it writes to and the data directory
   * it holds (both null: in memory only).
   */
  record Recovered(StoreEngine engine, String epoch, Journal journal, DataDirectory directory) {}

  /** Something that gives the store its starting state when it is spawned. */
  interface Start {
    Recovered get();
  }

  private DurableStart() {}

  /** A start in memory: a new engine for each spawn, under a new epoch. */
  static Start inMemory(StoreSettings settings) {
    return () -> new Recovered(new StoreEngine(settings), newEpoch(), null, null);
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
   * Opens the data directory (refused if another manager holds it), replays its log into a new
   * engine and opens the journal after it; a failure releases the directory again.
   */
  static Recovered recover(
      StoreSettings settings, PersistenceSettings persistence, StoreActor.Channels channels) {
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
      return recover(settings, persistence, channels, directory, log);
    } catch (RuntimeException | Error e) {
      try {
        directory.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static Recovered recover(StoreSettings settings, PersistenceSettings persistence,
      StoreActor.Channels channels, DataDirectory directory, Logger log) {
    String logFile = StoreActor.LOG_FILE;
    Path file = persistence.dir().orElseThrow().resolve(logFile);
    long started = System.nanoTime();
    StoreEngine engine = new StoreEngine(settings);
    try {
      Optional<Manifest> manifest = directory.manifest();
      if (manifest.isPresent() && (manifest.get().snapshot().isPresent()
          || !manifest.get().log().equals(logFile))) {
        throw new IOException("the manifest of " + directory.path() + " names the snapshot "
            + manifest.get().snapshot().orElse("-") + " and the log " + manifest.get().log()
            + ": this build keeps only the log " + logFile + " and would lose that data");
      }
      LogRecovery.Loaded loaded = LogRecovery.recover(file,
          persistence.onCorruption() == PersistenceSettings.OnCorruption.TRUNCATE,
          engine::replay, log);
      String epoch;
      if (manifest.isPresent()) {
        epoch = manifest.get().epoch();
      } else {
        // A new directory (or one from a build without a manifest): its data is kept from now
        // on under one epoch, chosen here once and written atomically before the store answers.
        epoch = newEpoch();
        directory.switchTo(new Manifest(epoch, Optional.empty(), logFile));
      }
      Journal journal = Journal.open(channels.open(file),
          Journal.Policy.valueOf(persistence.fsync().name()), engine.revision());
      log.info("Loaded the log {}: {} records, {} changes, {} entries, revision {}, epoch {},"
          + " in {} ms", file, loaded.records(), loaded.changes(), engine.storedEntries(),
          engine.revision(), epoch, (System.nanoTime() - started) / 1_000_000);
      return new Recovered(engine, epoch, journal, directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the log " + file + ": " + e.getMessage(), e);
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
