package io.sharedstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The lines a {@link LoadClient} prints for the driver ({@link Bench}), and the go file through
 * which the driver starts all clients at once.
 *
 * <pre>
 * BENCH-READY                                      connected, its keys pre-filled
 * BENCH-PROGRESS warmup|run SECOND OPS             operations completed in that second
 * BENCH-OP NAME COUNT ERRORS HISTOGRAM             measured: HdrHistogram of latencies in ns,
 *                                                  compressed and base64-encoded
 * BENCH-CPU NANOS                                  its CPU time during the measured seconds
 * BENCH-NEAR HITS MISSES INVALIDATIONS RESETS SIZE with --near-cache: its near cache's counters
 *                                                  in the measured seconds, SIZE at the end
 * BENCH-ERROR TEXT                                 the first failed operation, once
 * </pre>
 *
 * <p>The go file holds two epoch milliseconds: when measuring starts (clients warm up until then)
 * and when it ends.
 */
final class ClientProtocol {

  static final String READY = "BENCH-READY";
  static final String PROGRESS = "BENCH-PROGRESS";
  static final String OP = "BENCH-OP";
  static final String CPU = "BENCH-CPU";
  static final String NEAR = "BENCH-NEAR";
  static final String ERROR = "BENCH-ERROR";

  private ClientProtocol() {}

  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot decode a client's histogram: " + e, e);
    }
  }

  /** Writes the go file atomically, so a client never reads half of it. */
  static void writeGo(Path goFile, long measureStartMillis, long measureEndMillis) {
    try {
      Path partial = goFile.resolveSibling(goFile.getFileName() + ".partial");
      Files.writeString(partial, measureStartMillis + " " + measureEndMillis + "\n");
      Files.move(partial, goFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + goFile, e);
    }
  }

  /** Waits for the go file and answers its two times, or throws after {@code timeoutMillis}. */
  static long[] awaitGo(Path goFile, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!Files.exists(goFile)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no go from the driver within " + timeoutMillis + " ms");
      }
      Thread.sleep(1);
    }
    try {
      String[] times = Files.readString(goFile).trim().split(" ");
      return new long[] {Long.parseLong(times[0]), Long.parseLong(times[1])};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + goFile, e);
    }
  }
}
