package io.sharedstore.cluster.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one cluster node measured about its store operations: how many completed, how many failed
 * (with the first few failure messages as examples), and each one's latency.
 */
final class OperationMetrics {

  private static final int FAILURE_EXAMPLES = 3;

  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final LatencySamples latencies = new LatencySamples();
  private final List<String> failureExamples = new ArrayList<>();

  void succeeded(long elapsedNanos) {
    operations.incrementAndGet();
    latencies.record(elapsedNanos);
  }

  void failed(Throwable error) {
    operations.incrementAndGet();
    failures.incrementAndGet();
    synchronized (failureExamples) {
      if (failureExamples.size() < FAILURE_EXAMPLES) {
        failureExamples.add(error.getClass().getSimpleName() + ": " + error.getMessage());
      }
    }
  }

  long operations() {
    return operations.get();
  }

  long failures() {
    return failures.get();
  }

  LatencySamples latencies() {
    return latencies;
  }

  List<String> failureExamples() {
    synchronized (failureExamples) {
      return List.copyOf(failureExamples);
    }
  }
}
