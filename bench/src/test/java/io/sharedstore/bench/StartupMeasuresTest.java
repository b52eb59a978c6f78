package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of startup-run that read files, log lines and data; nothing is started here. */
class StartupMeasuresTest {

  @Test
  void directoryBytesByKindOfFile(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("snapshot-3.snap"), new byte[1000]);
    Files.write(dir.resolve("log-4.log"), new byte[200]);
    Files.write(dir.resolve("MANIFEST"), new byte[30]);
    Files.write(dir.resolve("lock"), new byte[6]);
    Files.createDirectories(dir.resolve("appendonlydir"));
    Files.write(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof"), new byte[50]);

    DirectoryUsage usage = DirectoryUsage.of(dir);

    assertEquals(Map.of("snapshot", 1000L, "log", 250L, "manifest", 30L, "other", 6L),
        usage.byKind());
    assertEquals(List.of("snapshot", "log", "manifest", "other"),
        List.copyOf(usage.byKind().keySet()), "in the report's order");
    assertEquals(1286, usage.total());
    assertEquals(200L, usage.files().get("log-4.log"));
    assertEquals("snapshot", DirectoryUsage.kind("appendonly.aof.1.base.rdb"));
    assertEquals("manifest", DirectoryUsage.kind("appendonly.aof.manifest"));
  }

  @Test
  void kindsAbsentAreLeftOut(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("store.log"), new byte[10]);
    assertEquals(Map.of("log", 10L), DirectoryUsage.of(dir).byKind());
  }

  @Test
  void startupLinesTimedFromTheLaunch() {
    long launch = LocalDate.of(2026, 12, 1).atTime(LocalTime.of(23, 59, 59, 500_000_000))
        .toInstant(ZoneOffset.UTC).toEpochMilli();
    List<String> output = List.of(
        "00:00:01.250 INFO  i.s.store.StoreActor - Loaded the log /d/store.log: 5 records",
        "00:00:01.300 INFO  o.a.p.remote.artery - not ours",
        "some line without a timestamp",
        "00:00:02.000 WARN  io.sharedstore.store.persistence.LogRecovery - cut short",
        "00:00:02.100 INFO  i.s.manager.ManagerNode - Shared store manager listening on h:1");

    List<StartupLogLines.Line> lines = StartupLogLines.of(output, launch, ZoneOffset.UTC);

    assertEquals(List.of(
        new StartupLogLines.Line(1750, "INFO", "i.s.store.StoreActor",
            "Loaded the log /d/store.log: 5 records"),
        new StartupLogLines.Line(2500, "WARN", "io.sharedstore.store.persistence.LogRecovery",
            "cut short"),
        new StartupLogLines.Line(2600, "INFO", "i.s.manager.ManagerNode",
            "Shared store manager listening on h:1")), lines, "across midnight too");
  }

  @Test
  void theSameValuesForBothStoresInAnyOrder() {
    StartupData data = new StartupData(1000, 100);
    assertEquals("startup:999", data.knownKey());
    assertArrayEquals(data.value(999), data.knownValue());
    assertArrayEquals(data.value(5), new StartupData(10, 100).value(5));
    assertEquals(100, data.value(0).length);
    assertFalse(java.util.Arrays.equals(data.value(0), data.value(1)));
  }
}
