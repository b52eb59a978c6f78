package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The flags of bin/shared-store startup-run; nothing is started here. */
class StartupOptionsTest {

  @Test
  void defaults() {
    StartupOptions options = StartupOptions.parse(new String[0]);
    assertEquals(1_000_000, options.keys());
    assertEquals(100, options.valueSize());
    assertEquals(BenchPersistence.Fsync.EVERYSEC, options.fsync());
    assertEquals(StartupOptions.Fill.SETALL, options.fill());
    assertEquals(4, options.outstanding());
    assertFalse(options.compareRedis());
    assertEquals(List.of(), options.managerOptions());
    assertEquals(Optional.empty(), options.dataDir());
    assertFalse(options.keep());
    assertEquals(Optional.empty(), options.out());
  }

  @Test
  void everyFlag() {
    StartupOptions options = StartupOptions.parse(new String[] {"--keys", "5000",
        "--value-size", "64", "--fsync", "always", "--fill", "chained", "--compare-redis",
        "--manager-opt", "-Dshared-store.persistence.rewrite-min-size=1MiB", "--data-dir", "d",
        "--manager-opt", "-Xmx512m", "--keep", "--out", "o"});
    assertEquals(5000, options.keys());
    assertEquals(64, options.valueSize());
    assertEquals(BenchPersistence.Fsync.ALWAYS, options.fsync());
    assertEquals(StartupOptions.Fill.CHAINED, options.fill());
    assertEquals(64, options.outstanding(), "the chained fill's own default");
    assertTrue(options.compareRedis());
    assertEquals(List.of("-Dshared-store.persistence.rewrite-min-size=1MiB", "-Xmx512m"),
        options.managerOptions(), "repeatable, in order");
    assertEquals(Optional.of(Path.of("d")), options.dataDir());
    assertTrue(options.keep());
    assertEquals(Optional.of(Path.of("o")), options.out());
  }

  @Test
  void badFlagsNameTheFlagAndShowTheUsage() {
    for (String[] args : List.of(new String[] {"--fill", "pipelined"},
        new String[] {"--fsync", "sometimes"}, new String[] {"--keys", "0"},
        new String[] {"--manager-opt"}, new String[] {"--manager-opt", "Xmx1g"},
        new String[] {"--redis"})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StartupOptions.parse(args), String.join(" ", args));
      assertTrue(e.getMessage().contains(args[0]), e.getMessage());
      assertTrue(e.getMessage().contains("usage: startup-run"), e.getMessage());
    }
  }
}
