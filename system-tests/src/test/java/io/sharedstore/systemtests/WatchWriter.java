package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreUnavailableException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One writer JVM of the watch tests, started by {@link WatchProcesses}: it connects as one
 * cluster and runs {@code CHAINS} independent chains of calls (each issues its next call when the
 * last one completed), each call a {@code set} of a random key of {@code k:0..KEYS-1} to a value
 * no other call uses ({@code w<id>-<chain>-<seq>}, padded to {@code PAD} characters), or, with
 * {@code DELETE_PERCENT} chance, a {@code delete} of a random key. It records every completed
 * call in {@code OUT}, one line each ({@link WatchRecords} reads them):
 *
 * <pre>
 *   SET A|U|F chain seq key value      (acknowledged / outcome unknown / surely not applied)
 *   DEL A|U|F chain seq key true|false|?
 * </pre>
 *
 * and {@code END} once every chain stopped. A chain stops after {@code OPS} calls, or, with
 * {@code OPS} 0, once the file {@code STOP} exists. A failed call is followed by a short pause so
 * that a chain failing fast does not take the machine's cores. On stdout: {@value #READY} once
 * connected, {@code WRITER-PROGRESS acknowledged=N unknown=N failed=N} every half second,
 * {@code WRITER-DONE id=ID acknowledged=N ...} at the end.
 *
 * <p>It starts writing once the file {@code START} exists.
 *
 * <p>Arguments: {@code MANAGER ID KEYS CHAINS OPS DELETE_PERCENT PAD OUT START STOP}.
 */
final class WatchWriter {

  static final String READY = "WRITER-READY";
  static final String DONE = "WRITER-DONE";
  static final Pattern PROGRESS =
      Pattern.compile("acknowledged=(\\d+) unknown=(\\d+) failed=(\\d+)");

  private static final Duration FIRST_OP_TIMEOUT = Duration.ofSeconds(20);
  private static final long PAUSE_AFTER_FAILURE_MILLIS = 20;
  private static final long STOP_POLL_MILLIS = 20;
  private static final long PROGRESS_MILLIS = 500;

  private final StoreClient store;
  private final int id;
  private final int keys;
  private final long ops;
  private final int deletePercent;
  private final int pad;
  private final BufferedWriter out;
  private final ScheduledExecutorService pauses;
  private volatile boolean stopping;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private WatchWriter(StoreClient store, int id, int keys, long ops, int deletePercent, int pad,
      BufferedWriter out, ScheduledExecutorService pauses) {
    this.store = store;
    this.id = id;
    this.keys = keys;
    this.ops = ops;
    this.deletePercent = deletePercent;
    this.pad = pad;
    this.out = out;
    this.pauses = pauses;
  }

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable e) {
      System.out.println("WRITER-FAILED " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 10) {
      throw new IllegalArgumentException(
          "usage: WatchWriter MANAGER ID KEYS CHAINS OPS DELETE_PERCENT PAD OUT START STOP");
    }
    int id = Integer.parseInt(args[1]);
    int keys = Integer.parseInt(args[2]);
    int chains = Integer.parseInt(args[3]);
    long ops = Long.parseLong(args[4]);
    int deletePercent = Integer.parseInt(args[5]);
    int pad = Integer.parseInt(args[6]);
    Path start = Path.of(args[8]);
    Path stop = Path.of(args[9]);
    ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor();
    try (ClusterClient cluster = ClusterClient.connect(id, args[0]);
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[7]), StandardCharsets.UTF_8)) {
      cluster.store().get("k:0", String.class, FIRST_OP_TIMEOUT).toCompletableFuture().join();
      cluster.awaitReachable(FIRST_OP_TIMEOUT);
      System.out.println(READY + " id=" + id);
      while (!Files.exists(start)) {
        Thread.sleep(STOP_POLL_MILLIS); // the test's signal comes as a file
      }
      WatchWriter writer =
          new WatchWriter(cluster.store(), id, keys, ops, deletePercent, pad, out, pauses);
      if (ops == 0) {
        pauses.scheduleWithFixedDelay(() -> {
          if (Files.exists(stop)) {
            writer.stopping = true;
          }
        }, STOP_POLL_MILLIS, STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
      pauses.scheduleWithFixedDelay(
          () -> System.out.println("WRITER-PROGRESS " + writer.progress()), PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
      CountDownLatch ended = new CountDownLatch(chains);
      for (int chain = 0; chain < chains; chain++) {
        writer.next(chain, 0, new SplittableRandom(id * 1_000L + chain), ended);
      }
      ended.await();
      synchronized (out) {
        out.write("END\n");
      }
      System.out.println(DONE + " id=" + id + " " + writer.progress());
    } finally {
      pauses.shutdownNow();
    }
  }

  private String progress() {
    return "acknowledged=" + acknowledged + " unknown=" + unknown + " failed=" + failed;
  }

  /** Issues call {@code seq} of {@code chain}, and the next one when it completes. */
  private void next(int chain, long seq, SplittableRandom random, CountDownLatch ended) {
    if (stopping || (ops > 0 && seq >= ops)) {
      ended.countDown();
      return;
    }
    String key = "k:" + random.nextInt(keys);
    boolean delete = random.nextInt(100) < deletePercent;
    CompletionStage<String> call;
    String kind;
    String value = null;
    if (delete) {
      kind = "DEL";
      call = store.delete(key).thenApply(Object::toString);
    } else {
      kind = "SET";
      value = padded("w" + id + "-" + chain + "-" + seq);
      call = store.set(key, value).thenApply(done -> "");
    }
    String written = value;
    call.whenComplete((result, failure) -> {
      String status = status(failure);
      String tail = delete ? (failure == null ? result : "?") : written;
      record(kind + " " + status + " " + chain + " " + seq + " " + key + " " + tail);
      if (failure == null) {
        next(chain, seq + 1, random, ended);
      } else {
        pauses.schedule(() -> next(chain, seq + 1, random, ended),
            PAUSE_AFTER_FAILURE_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** A: acknowledged; F: failed and surely not applied; U: failed, may have been applied. */
  private String status(Throwable failure) {
    if (failure == null) {
      acknowledged.incrementAndGet();
      return "A";
    }
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof StoreUnavailableException unavailable
        && !unavailable.mayHaveBeenApplied()) {
      failed.incrementAndGet();
      return "F";
    }
    unknown.incrementAndGet();
    return "U";
  }

  private String padded(String value) {
    if (value.length() >= pad) {
      return value;
    }
    StringBuilder builder = new StringBuilder(pad).append(value).append('.');
    while (builder.length() < pad) {
      builder.append('x');
    }
    return builder.toString();
  }

  private void record(String line) {
    try {
      synchronized (out) {
        out.write(line);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
