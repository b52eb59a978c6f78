package io.sharedstore.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One configuration's run: {@code outstanding} operations in flight over {@code clients} JVMs,
 * issued by {@code callers} ({@link CallerMode}: {@code chained} or {@code threads}).
 *
 * @param operations {@code all} first, then each operation of the mix
 * @param processes the CPU of the manager (if this run started it) and of each client
 * @param loopbackBytesPerOp bytes sent on {@code lo} per operation (every process's traffic,
 *     TCP/IP headers included)
 * @param managerIoBytesPerOp bytes the manager read and wrote per operation ({@code /proc/PID/io})
 * @param loadBefore the load average when the configuration started
 * @param opsPerSecond the operations all clients completed in each measured second
 * @param warmup the operations in each second from the first call (warm-up, then measured), and
 *     when they first reached 80 % of the steady rate
 * @param redis the redis-benchmark runs with the same client count: {@code -P 1} then {@code -P
 *     16}; empty without {@code --compare-redis}
 * @param nearCache the clients' near caches with {@code --near-cache}, else empty
 * @param system what was loaded: {@code shared-store} (one manager), or {@code shared-store, N
 *     store nodes} with {@code --cluster}
 */
record ConfigurationResult(int outstanding, String callers, int clients, double seconds,
    List<OperationStats> operations, List<ProcessCpu> processes,
    OptionalDouble loopbackBytesPerOp, OptionalDouble managerIoBytesPerOp,
    String loadBefore, String loadAfter, List<Long> opsPerSecond, WarmupCurve warmup,
    List<RedisBenchmark.Run> redis, java.util.Optional<NearCacheFigures> nearCache,
    String system) {

  /** What one manager answered: {@code system} is {@code shared-store}. */
  ConfigurationResult(int outstanding, String callers, int clients, double seconds,
      List<OperationStats> operations, List<ProcessCpu> processes,
      OptionalDouble loopbackBytesPerOp, OptionalDouble managerIoBytesPerOp,
      String loadBefore, String loadAfter, List<Long> opsPerSecond, WarmupCurve warmup,
      List<RedisBenchmark.Run> redis, java.util.Optional<NearCacheFigures> nearCache) {
    this(outstanding, callers, clients, seconds, operations, processes, loopbackBytesPerOp,
        managerIoBytesPerOp, loadBefore, loadAfter, opsPerSecond, warmup, redis, nearCache,
        "shared-store");
  }

  /** A configuration without near cache. */
  ConfigurationResult(int outstanding, String callers, int clients, double seconds,
      List<OperationStats> operations, List<ProcessCpu> processes,
      OptionalDouble loopbackBytesPerOp, OptionalDouble managerIoBytesPerOp,
      String loadBefore, String loadAfter, List<Long> opsPerSecond, WarmupCurve warmup,
      List<RedisBenchmark.Run> redis) {
    this(outstanding, callers, clients, seconds, operations, processes, loopbackBytesPerOp,
        managerIoBytesPerOp, loadBefore, loadAfter, opsPerSecond, warmup, redis,
        java.util.Optional.empty());
  }

  /** CPU of one process during the measured seconds; 100 % is one core. */
  record ProcessCpu(String process, double cpuSeconds, double cpuPercent) {

    /** Whether it is a load client's JVM (not the manager, a store node or PostgreSQL). */
    boolean isClient() {
      return process.startsWith(Bench.CLIENT_PREFIX);
    }
  }

  OperationStats all() {
    return operations.get(0);
  }

  ConfigurationResult withRedis(List<RedisBenchmark.Run> runs) {
    return new ConfigurationResult(outstanding, callers, clients, seconds, operations, processes,
        loopbackBytesPerOp, managerIoBytesPerOp, loadBefore, loadAfter, opsPerSecond, warmup,
        List.copyOf(runs), nearCache, system);
  }

  /** The same figures, as measured against {@code loaded}. */
  ConfigurationResult withSystem(String loaded) {
    return new ConfigurationResult(outstanding, callers, clients, seconds, operations, processes,
        loopbackBytesPerOp, managerIoBytesPerOp, loadBefore, loadAfter, opsPerSecond, warmup,
        redis, nearCache, loaded);
  }
}
