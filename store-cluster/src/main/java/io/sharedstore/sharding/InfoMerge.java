package io.sharedstore.sharding;

import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The info of a store cluster, from each slot's: counts and rates are summed (keys, memory,
 * operations, hits, refusals), the handling p99 is the highest slot's, the heap is the largest
 * JVM's (slots on one node report the same heap), and the server section is the first slot's
 * without persistence (the caller's node fills in its own).
 */
final class InfoMerge {

  private InfoMerge() {}

  static ManagerInfo merge(List<Reply> replies) {
    if (replies.isEmpty()) {
      return ManagerInfo.EMPTY;
    }
    ManagerInfo first = (ManagerInfo) replies.get(0);
    long used = 0;
    long entries = 0;
    long entriesWithTtl = 0;
    long heapUsed = 0;
    long heapMax = 0;
    Map<String, Long> operations = new LinkedHashMap<>();
    Map<String, Long> refused = new LinkedHashMap<>();
    Map<String, Double> perSecond = new LinkedHashMap<>();
    long hits = 0;
    long misses = 0;
    long expired = 0;
    int watches = 0;
    double opsPerSec = 0;
    long p99 = 0;
    long keys = 0;
    long keysWithTtl = 0;
    for (Reply reply : replies) {
      ManagerInfo info = (ManagerInfo) reply;
      used += info.memory().usedMemory();
      entries += info.memory().entries();
      entriesWithTtl += info.memory().entriesWithTtl();
      heapUsed = Math.max(heapUsed, info.memory().heapUsed());
      heapMax = Math.max(heapMax, info.memory().heapMax());
      ManagerInfo.Stats stats = info.stats();
      stats.operations().forEach((name, count) -> operations.merge(name, count, Long::sum));
      stats.refusedByReason().forEach((name, count) -> refused.merge(name, count, Long::sum));
      stats.operationsPerSecond().forEach((name, rate) -> perSecond.merge(name, rate, Double::sum));
      hits += stats.keyspaceHits();
      misses += stats.keyspaceMisses();
      expired += stats.expiredKeys();
      watches += stats.watches();
      opsPerSec += stats.instantaneousOpsPerSec();
      p99 = Math.max(p99, stats.handlingP99Micros());
      keys += info.keyspace().keys();
      keysWithTtl += info.keyspace().keysWithTtl();
    }
    ManagerInfo.Server server = first.server();
    return new ManagerInfo(
        new ManagerInfo.Server(server.version(), server.epoch(), server.uptimeMillis(),
            server.pid(), server.hostPort(), Optional.empty()),
        new ManagerInfo.Clients(0, List.of()),
        new ManagerInfo.Memory(used, entries, entriesWithTtl, heapUsed, heapMax),
        new ManagerInfo.Stats(operations, hits, misses, expired, refused, watches, opsPerSec,
            perSecond, p99),
        new ManagerInfo.Keyspace(keys, keysWithTtl));
  }
}
