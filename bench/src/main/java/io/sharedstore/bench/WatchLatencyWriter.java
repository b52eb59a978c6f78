package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.store.internal.CommandLineFlags;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * The writer JVM of {@link WatchLatency}: connects a {@link ClusterClient}, prints {@link
 * ClientProtocol#READY}, waits for the go file, then sets {@code latency:(n % 64)} to the
 * sequence number {@code n} (1, 2, 3...) at {@code --rate} writes per second, paced by one thread
 * (open loop: a write is issued at its time whether or not the previous one was acknowledged),
 * until the measurement ends. For each write issued in the measured window it records the wall
 * clock in microseconds ({@link WallClock}) when it was sent and when its acknowledgement
 * completed the call's stage; the value carries only the sequence, which the watcher records with
 * its own wall clock. At the end it writes {@code SEQUENCE SENT_MICROS ACK_MICROS} per measured
 * write to {@code --out} and prints {@code BENCH-WRITER WRITES ERRORS}.
 */
public final class WatchLatencyWriter {

  static final String KEY_PREFIX = "latency:";
  static final int KEYS = 64;
  static final String DONE = "BENCH-WRITER";
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final String USAGE = "usage: WatchLatencyWriter --manager HOST:PORT --id N"
      + " --rate PER_SECOND --capacity N --go-file PATH --out PATH";

  private WatchLatencyWriter() {}

  public static void main(String[] args) {
    ToolMain.runChild(args, WatchLatencyWriter::run);
  }

  /** The key of write {@code sequence}. */
  static String key(long sequence) {
    return KEY_PREFIX + (sequence % KEYS);
  }

  private static int run(String[] args, PrintStream out) throws Exception {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--manager", "--id", "--rate",
        "--capacity", "--go-file", "--out");
    String manager = flags.text("--manager").orElseThrow(() -> new IllegalArgumentException(USAGE));
    int id = flags.number("--id", 1, 1, 10_000);
    int rate = flags.number("--rate", 1000, 1, 1_000_000);
    int capacity = flags.number("--capacity", 1_000_000, 1, 100_000_000);
    Path goFile = Path.of(flags.text("--go-file").orElseThrow(() -> new IllegalArgumentException(USAGE)));
    Path outFile = Path.of(flags.text("--out").orElseThrow(() -> new IllegalArgumentException(USAGE)));

    LoggerFactory.getILoggerFactory();
    try (ClusterClient cluster = ClusterClient.connect(id, manager)) {
      StoreClient store = cluster.store();
      try {
        store.set(key(0), 0L, io.sharedstore.cluster.SetOptions.none(), SETUP_TIMEOUT)
            .toCompletableFuture().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("the first call to the manager failed: " + e.getCause(),
            e.getCause());
      }
      out.println(ClientProtocol.READY);
      long[] window = ClientProtocol.awaitGo(goFile, TimeUnit.MINUTES.toMillis(10));
      long measureStart = window[0];
      long measureEnd = window[1];

      long[] sent = new long[capacity];
      long[] acked = new long[capacity];
      AtomicLong pending = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      AtomicReference<Throwable> firstError = new AtomicReference<>();
      long intervalNanos = 1_000_000_000L / rate;
      long next = System.nanoTime();
      long sequence = 0;
      int measured = 0;
      int firstMeasured = -1;
      while (System.currentTimeMillis() < measureEnd && sequence + 1 < capacity) {
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        next += intervalNanos;
        sequence++;
        long now = System.currentTimeMillis();
        boolean inWindow = now >= measureStart;
        int index = (int) sequence;
        if (inWindow) {
          if (firstMeasured < 0) {
            firstMeasured = index;
          }
          measured++;
        }
        pending.incrementAndGet();
        sent[index] = WallClock.micros();
        store.set(key(sequence), sequence).whenComplete((done, failure) -> {
          long ack = WallClock.micros();
          if (failure == null) {
            acked[index] = ack;
          } else {
            errors.incrementAndGet();
            firstError.compareAndSet(null, failure);
          }
          pending.decrementAndGet();
        });
      }
      long deadline = System.nanoTime() + store.defaultTimeout().plusSeconds(5).toNanos();
      while (pending.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      if (pending.get() > 0) {
        out.println(ClientProtocol.ERROR + " " + pending.get() + " writes unanswered after the run");
      }
      try (BufferedWriter file = Files.newBufferedWriter(outFile)) {
        for (int i = Math.max(firstMeasured, 1); firstMeasured > 0 && i < firstMeasured + measured;
            i++) {
          file.write(i + " " + sent[i] + " " + acked[i] + "\n");
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + outFile, e);
      }
      if (firstError.get() != null) {
        out.println(ClientProtocol.ERROR + " " + firstError.get());
      }
      out.println(DONE + " " + measured + " " + errors.get());
      return 0;
    }
  }
}
