package io.sharedstore.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One configuration's run: {@code outstanding} operations in flight over {@code clients} JVMs.
 *
 * @param operations {@code all} first, then each operation of the mix
 * @param processes the CPU of the manager (if this run started it) and of each client
 * @param loopbackBytesPerOp bytes sent on {@code lo} per operation (every process's traffic,
 *     TCP/IP headers included)
 * @param managerIoBytesPerOp bytes the manager read and wrote per operation ({@code /proc/PID/io})
 * @param loadBefore the load average when the configuration started
 * @param opsPerSecond the operations all clients completed in each measured second
 * @param redis the redis-benchmark runs with the same client count: {@code -P 1} then {@code -P
 *     16}; empty without {@code --compare-redis}
 */
record ConfigurationResult(int outstanding, int clients, double seconds,
    List<OperationStats> operations, List<ProcessCpu> processes,
    OptionalDouble loopbackBytesPerOp, OptionalDouble managerIoBytesPerOp,
    String loadBefore, String loadAfter, List<Long> opsPerSecond,
    List<RedisBenchmark.Run> redis) {

  /** CPU of one process during the measured seconds; 100 % is one core. */
  record ProcessCpu(String process, double cpuSeconds, double cpuPercent) {}

  OperationStats all() {
    return operations.get(0);
  }

  ConfigurationResult withRedis(List<RedisBenchmark.Run> runs) {
    return new ConfigurationResult(outstanding, clients, seconds, operations, processes,
        loopbackBytesPerOp, managerIoBytesPerOp, loadBefore, loadAfter, opsPerSecond,
        List.copyOf(runs));
  }
}
