package io.sharedstore.bench;

import io.sharedstore.testsupport.JvmProcess;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** What a {@link LoadClient} reported when its run ended (see {@link ClientProtocol}). */
record ClientReport(Map<Operation, Histogram> histograms, Map<Operation, Long> errors,
    long cpuNanos, Optional<String> firstError, Optional<long[]> nearCache) {

  /**
   * Waits for the client to exit and reads its report.
   *
   * @throws IllegalStateException with the client's last output if it did not exit in time,
   *     exited with a nonzero status or reported nothing
   */
  static ClientReport await(JvmProcess jvm, Duration timeout) throws InterruptedException {
    Optional<Integer> exit = jvm.waitFor(timeout);
    if (exit.isEmpty()) {
      throw failure(jvm, "still running " + timeout.toSeconds() + " s after its run");
    }
    if (exit.get() != 0) {
      throw failure(jvm, "exited with status " + exit.get());
    }
    Map<Operation, Histogram> histograms = new EnumMap<>(Operation.class);
    Map<Operation, Long> errors = new EnumMap<>(Operation.class);
    long cpu = -1;
    Optional<String> firstError = Optional.empty();
    Optional<long[]> nearCache = Optional.empty();
    for (String line : jvm.lines()) {
      String[] fields = line.split(" ");
      if (fields[0].equals(ClientProtocol.OP) && fields.length == 5) {
        Operation operation = Operation.named(fields[1]);
        histograms.put(operation, ClientProtocol.decode(fields[4]));
        errors.put(operation, Long.parseLong(fields[3]));
      } else if (fields[0].equals(ClientProtocol.NEAR) && fields.length == 6) {
        long[] counts = new long[5];
        for (int i = 0; i < 5; i++) {
          counts[i] = Long.parseLong(fields[i + 1]);
        }
        nearCache = Optional.of(counts);
      } else if (fields[0].equals(ClientProtocol.CPU) && fields.length == 2) {
        cpu = Long.parseLong(fields[1]);
      } else if (fields[0].equals(ClientProtocol.ERROR) && firstError.isEmpty()) {
        firstError = Optional.of(line.substring(ClientProtocol.ERROR.length()).trim());
      }
    }
    if (histograms.isEmpty() || cpu < 0) {
      throw failure(jvm, "reported no results");
    }
    return new ClientReport(histograms, errors, cpu, firstError, nearCache);
  }

  private static IllegalStateException failure(JvmProcess jvm, String problem) {
    return new IllegalStateException(
        jvm.name() + " " + problem + "; its last output:\n" + jvm.tail(15));
  }
}
