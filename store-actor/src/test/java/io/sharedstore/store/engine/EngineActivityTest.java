package io.sharedstore.store.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The engine's share of the manager's info: calls per operation (refused ones included, stepped
 * ones once), keyspace hits and misses of the reads of named keys, expired entries however they
 * were freed, refusals per reason, and the memory and keyspace sections from its table.
 */
class EngineActivityTest {

  private static final StoreSettings SETTINGS =
      new StoreSettings(Duration.ofSeconds(30), 2, 1000, 64, 1024, Duration.ofSeconds(60), 1000);
  private static final long T0 = 1_700_000_000_000L;
  private static final Bytes V = Bytes.wrap(new byte[] {1});
  private static final Bytes TEXT = Bytes.wrap(new byte[] {0x61, 0x78}); // CBOR of "x"

  private final StoreEngine engine = new StoreEngine(SETTINGS);

  private ManagerInfo info() {
    return engine.apply(new Operation.GetInfo(), T0).reply();
  }

  @Test
  void aFreshEngineCountsOnlyTheInfoCallItself() {
    ManagerInfo info = info();
    assertEquals(Map.of("info", 1L), info.stats().operations());
    assertEquals(new ManagerInfo.Keyspace(0, 0), info.keyspace());
    assertEquals(0, info.stats().keyspaceHits());
    assertEquals(Map.of(), info.stats().refusedByReason());
    assertEquals(ManagerInfo.EMPTY.server(), info.server(), "the host's section, not the engine's");
    assertEquals(ManagerInfo.EMPTY.clients(), info.clients());
  }

  @Test
  void callsAreCountedPerOperationNameInTheWireTablesOrder() {
    engine.apply(new Operation.Set("a", V, OptionalLong.empty()), T0);
    engine.apply(new Operation.Set("b", V, OptionalLong.empty()), T0);
    engine.apply(new Operation.Get("a"), T0);
    engine.apply(new Operation.GetTtl("a"), T0);
    engine.apply(new Operation.Size(), T0);
    engine.apply(new Operation.DeleteAll("zz*"), T0);
    engine.apply(new Operation.Get(null), T0); // refused: still a call

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("get", 2L);
    expected.put("set", 2L);
    expected.put("ttl", 1L);
    expected.put("size", 1L);
    expected.put("deleteAll", 1L);
    expected.put("info", 1L);
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(info().stats().operations()
        .entrySet()));
  }

  @Test
  void readsOfNamedKeysCountHitsAndMissesPerKeyAndWritesDoNot() {
    engine.apply(new Operation.Set("a", V, OptionalLong.empty()), T0);
    engine.apply(new Operation.Get("a"), T0); // hit
    engine.apply(new Operation.Get("missing"), T0); // miss
    engine.apply(new Operation.Has("a"), T0); // hit
    engine.apply(new Operation.GetTtl("missing"), T0); // miss
    engine.apply(new Operation.GetAll(List.of("a", "missing", "other")), T0); // 1 hit, 2 misses
    engine.apply(new Operation.SetIfAbsent("a", V, OptionalLong.empty()), T0); // a write
    engine.apply(new Operation.Delete("missing"), T0); // a write

    ManagerInfo.Stats stats = info().stats();
    assertEquals(3, stats.keyspaceHits());
    assertEquals(4, stats.keyspaceMisses());
  }

  @Test
  void expiredKeysCountEntriesFreedAfterTheirTtlByAReadOrTheSweepButNotDeletes() {
    engine.apply(new Operation.Set("read", V, OptionalLong.of(100)), T0);
    engine.apply(new Operation.Set("swept", V, OptionalLong.of(100)), T0);
    engine.apply(new Operation.Set("deleted", V, OptionalLong.of(100_000)), T0);
    engine.apply(new Operation.Delete("deleted"), T0);
    assertEquals(0, info().stats().expiredKeys());

    engine.apply(new Operation.Get("read"), T0 + 100); // found expired: freed and a miss
    assertEquals(1, info().stats().expiredKeys());
    assertEquals(1, info().stats().keyspaceMisses());
    engine.sweep(T0 + 100, 10);
    assertEquals(2, info().stats().expiredKeys());
  }

  @Test
  void refusalsAreCountedPerReason() {
    engine.apply(new Operation.Set("text", TEXT, OptionalLong.empty()), T0);
    engine.apply(new Operation.Increment("text", 1, OptionalLong.empty(), Optional.empty()), T0);
    engine.apply(new Operation.Set("k", V, OptionalLong.of(-1)), T0);
    engine.apply(new Operation.Get(null), T0);
    engine.apply(new Operation.Set("c", Bytes.wrap(new byte[] {0x1b, 0x7f, -1, -1, -1, -1, -1,
        -1, -1}), OptionalLong.empty()), T0); // Long.MAX_VALUE
    engine.apply(new Operation.Increment("c", 1, OptionalLong.empty(), Optional.empty()), T0);

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("invalid", 2L);
    expected.put("type", 1L);
    expected.put("overflow", 1L);
    assertEquals(List.copyOf(expected.entrySet()),
        List.copyOf(info().stats().refusedByReason().entrySet()));
  }

  @Test
  void memoryAndKeyspaceComeFromTheTable() {
    engine.apply(new Operation.Set("a", V, OptionalLong.empty()), T0);
    engine.apply(new Operation.Set("b", V, OptionalLong.of(1000)), T0);
    engine.apply(new Operation.Set("c", V, OptionalLong.of(1000)), T0);
    ManagerInfo info = info();
    assertEquals(new ManagerInfo.Keyspace(3, 2), info.keyspace());
    assertEquals(3, info.memory().entries());
    assertEquals(2, info.memory().entriesWithTtl());
    assertEquals(engine.estimatedBytes(), info.memory().usedMemory());
    assertEquals(Runtime.getRuntime().maxMemory(), info.memory().heapMax());
    assertEquals(true, info.memory().heapUsed() > 0);
  }
}
