package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags of bin/shared-store bench and the operation mix; no benchmark runs here. */
class BenchOptionsTest {

  @Test
  void defaults() {
    BenchOptions options = BenchOptions.parse(new String[0]);
    assertEquals(3, options.clients());
    assertEquals(List.of(50), options.outstanding());
    assertEquals(10, options.seconds());
    assertEquals(30, options.warmup());
    assertEquals(100, options.valueSize());
    assertEquals(10_000, options.keys());
    assertEquals("get:80,set:20", options.mix().toString());
    assertEquals(Optional.empty(), options.ttl());
    assertFalse(options.compareRedis());
    assertEquals(List.of(CallerMode.CHAINED), options.callers(), "today's mode stays the default");
    assertEquals(4, options.threads());
    assertEquals(Optional.empty(), options.persistence(), "in memory unless --data-dir");
  }

  @Test
  void dataDirTurnsPersistenceOnWithEverysecUnlessFsyncSaysOtherwise(@TempDir Path tmp)
      throws IOException {
    BenchPersistence everysec =
        BenchOptions.parse(new String[] {"--data-dir", tmp.toString()}).persistence().orElseThrow();
    assertEquals(tmp.toAbsolutePath(), everysec.dataDir());
    assertEquals(BenchPersistence.Fsync.EVERYSEC, everysec.fsync());
    for (BenchPersistence.Fsync fsync : BenchPersistence.Fsync.values()) {
      BenchPersistence parsed = BenchOptions.parse(new String[] {
          "--data-dir", tmp.resolve("missing/below").toString(), "--fsync", fsync.flagName(),
          "--compare-redis"}).persistence().orElseThrow();
      assertEquals(fsync, parsed.fsync());
      Path dir = tmp.resolve("manager-1");
      assertEquals(List.of("-Dshared-store.persistence.dir=" + dir,
          "-Dshared-store.persistence.fsync=" + fsync.flagName()), parsed.managerJvmOptions(dir));
      assertEquals(List.of("--appendonly", "yes", "--appendfsync", fsync.flagName(), "--dir",
          dir.toString()), parsed.redisFlags(dir));
    }
    assertEquals(List.of(), Files.list(tmp).toList(), "parsing creates nothing");
  }

  @Test
  void aFreshDirectoryPerRunIsDeletedWithItsFiles(@TempDir Path tmp) throws IOException {
    BenchPersistence persistence =
        BenchPersistence.of(tmp.resolve("data"), BenchPersistence.Fsync.ALWAYS);
    Path first = persistence.freshDirectory("manager");
    Path second = persistence.freshDirectory("manager");
    assertNotEquals(first, second);
    assertEquals(tmp.resolve("data"), first.getParent());
    Files.createDirectories(first.resolve("sub"));
    Files.writeString(first.resolve("sub/store.log"), "x");
    BenchPersistence.delete(first);
    assertFalse(Files.exists(first));
    assertTrue(Files.isDirectory(second));
  }

  @Test
  void aDataDirInUseOrNotADirectoryOrABadFsyncIsRefused(@TempDir Path tmp) throws IOException {
    Path full = Files.createDirectory(tmp.resolve("full"));
    Files.writeString(full.resolve("store.log"), "someone's data");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Map<List<String>, String> cases = Map.of(
        List.of("--data-dir", full.toString()), "is not empty",
        List.of("--data-dir", file.toString()), "is not a directory",
        List.of("--data-dir", file.resolve("below").toString()), "cannot be created",
        List.of("--data-dir", tmp.toString(), "--fsync", "sometimes"),
            "--fsync must be always, everysec or no",
        List.of("--fsync", "always"), "--fsync needs --data-dir",
        List.of("--data-dir", tmp.resolve("x").toString(), "--manager", "127.0.0.1:1"),
            "cannot go with --manager");
    cases.forEach((args, problem) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BenchOptions.parse(args.toArray(String[]::new)), args.toString());
      assertTrue(e.getMessage().contains(problem), e.getMessage());
      assertTrue(e.getMessage().endsWith(BenchOptions.USAGE), e.getMessage());
    });
    assertEquals("someone's data", Files.readString(full.resolve("store.log")));
  }

  @Test
  void aDataDirThatCannotBeWrittenIsRefused(@TempDir Path tmp) throws IOException {
    Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(readOnly), "running as root: every directory is writable");
      for (Path dir : List.of(readOnly, readOnly.resolve("missing"))) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BenchOptions.parse(new String[] {"--data-dir", dir.toString()}));
        assertTrue(e.getMessage().contains("writable"), e.getMessage());
      }
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void callersAreAModeOrAListOfModes() {
    assertEquals(List.of(CallerMode.THREADS),
        BenchOptions.parse(new String[] {"--callers", "threads"}).callers());
    BenchOptions both =
        BenchOptions.parse(new String[] {"--callers", "threads,chained", "--threads", "8"});
    assertEquals(List.of(CallerMode.THREADS, CallerMode.CHAINED), both.callers());
    assertEquals(8, both.threads());
    for (String[] args : List.of(
        new String[] {"--callers", "thread"},
        new String[] {"--callers", "chained,chained"},
        new String[] {"--callers", "chained,"},
        new String[] {"--callers"},
        new String[] {"--threads", "0"})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args),
              List.of(args).toString());
      assertTrue(e.getMessage().contains(BenchOptions.USAGE), e.getMessage());
    }
  }

  @Test
  void aClientsThreadsShareItsOutstandingCalls() {
    assertEquals("Chained[outstanding=17]", CallerMode.CHAINED.callers(17, 4).toString());
    assertEquals(17, CallerMode.THREADS.callers(17, 4).outstanding());
    assertEquals(4, CallerMode.THREADS.callers(17, 4).lanes());
    assertEquals(5, CallerMode.THREADS.callers(17, 4).outstandingOf(0));
    assertEquals(4, CallerMode.THREADS.callers(17, 4).outstandingOf(3));
    assertEquals(1, CallerMode.THREADS.callers(1, 4).lanes(), "never a thread without a call");
  }

  @Test
  void everyFlag() {
    BenchOptions options = BenchOptions.parse(new String[] {
        "--clients", "2", "--outstanding", "1,50,600", "--seconds", "5", "--warmup", "0",
        "--value-size", "1000", "--keys", "7", "--mix", "get:80,set:15,increment:5",
        "--ttl", "30s", "--manager", "127.0.0.1:17355", "--compare-redis", "--out", "x"});
    assertEquals(List.of(1, 50, 600), options.outstanding());
    assertEquals(Optional.of(Duration.ofSeconds(30)), options.ttl());
    assertEquals(Optional.of("127.0.0.1:17355"), options.manager());
    assertTrue(options.compareRedis());
    assertEquals("get:80,set:15,increment:5", options.mix().toString());
  }

  @Test
  void compareMetricsStartsManagersOfItsOwn() {
    assertTrue(BenchOptions.parse(new String[] {"--compare-metrics"}).compareMetrics());
    assertFalse(BenchOptions.parse(new String[] {}).compareMetrics());
    for (String[] args : List.of(
        new String[] {"--compare-metrics", "--manager", "127.0.0.1:1"},
        new String[] {"--compare-metrics", "--data-dir", "/tmp/nope-bench"})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
      assertTrue(e.getMessage().contains("--compare-metrics"), e.getMessage());
    }
  }

  @Test
  void badFlagsNameTheProblemAndTheUsage() {
    for (String[] args : List.of(
        new String[] {"--outstanding", "0"},
        new String[] {"--outstanding", "5,x"},
        new String[] {"--ttl", "5"},
        new String[] {"--ttl", "0s"},
        new String[] {"--mix", "get:80,put:20"},
        new String[] {"--mix", "get:0"},
        new String[] {"--clients", "0"},
        new String[] {"--nope"})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
      assertTrue(e.getMessage().endsWith(BenchOptions.USAGE), e.getMessage());
    }
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), BenchOptions.duration("500ms"));
    assertEquals(Duration.ofMinutes(5), BenchOptions.duration("5m"));
    assertEquals(Duration.ofHours(2), BenchOptions.duration("2h"));
  }

  @Test
  void outstandingIsSharedOutOverClients() {
    assertEquals(List.of(17, 17, 16),
        List.of(BenchOptions.share(50, 3, 0), BenchOptions.share(50, 3, 1),
            BenchOptions.share(50, 3, 2)));
    assertEquals(1, BenchOptions.parse(new String[] {"--outstanding", "1"}).activeClients(1));
  }

  @Test
  void mixDrawsOperationsInProportion() {
    OperationMix mix = OperationMix.parse("get:80,set:15,increment:5");
    SplittableRandom random = new SplittableRandom(42);
    int[] counts = new int[Operation.values().length];
    for (int i = 0; i < 100_000; i++) {
      counts[mix.pick(random).ordinal()]++;
    }
    assertEquals(80_000, counts[Operation.GET.ordinal()], 1_000);
    assertEquals(15_000, counts[Operation.SET.ordinal()], 1_000);
    assertEquals(5_000, counts[Operation.INCREMENT.ordinal()], 1_000);
    assertEquals(0.15, mix.share(Operation.SET), 1e-9);
  }

  @Test
  void nearCacheTakesAGlobAndNeedsAWriteWhenChained() {
    assertEquals(Optional.empty(), BenchOptions.parse(new String[0]).nearCache());
    assertEquals(Optional.of("bench:*"),
        BenchOptions.parse(new String[] {"--near-cache", "bench:*"}).nearCache());
    IllegalArgumentException noWrite = assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--near-cache", "bench:*", "--mix", "get:100"}));
    assertTrue(noWrite.getMessage().contains("needs a write"), noWrite.getMessage());
    assertEquals(Optional.of("bench:*"), BenchOptions.parse(new String[] {"--near-cache",
        "bench:*", "--mix", "get:100", "--callers", "threads"}).nearCache(),
        "threads block on their own semaphore: gets alone are fine");
    assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--near-cache", ""}));
  }
}
