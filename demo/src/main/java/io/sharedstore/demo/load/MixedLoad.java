package io.sharedstore.demo.load;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreTimeoutException;
import io.sharedstore.cluster.StoreUnavailableException;
import io.sharedstore.demo.load.JournalEntry.Op;
import io.sharedstore.testsupport.load.Callers;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One load client JVM: a cluster that runs a mixed load (set, set with TTL, get, delete,
 * increment with and without TTL, and retried increments of shared counters) over the {@link
 * KeySpace}, and journals every operation with its send and acknowledgement time.
 *
 * <p>It prints {@value #READY} once its first request crossed to the manager, waits until {@link
 * KeySpace#GO_KEY} is set (its value: the end of the run in epoch ms), runs its threads until
 * then, printing {@code LOAD-PROGRESS} each second, then one {@code LOAD-RESULT} line, and exits
 * 0 (1 after a {@code LOAD-FAILED} line if it could not run). Failed operations are load
 * results, not failures: they are counted as errors and journaled as unacknowledged.
 *
 * <p>Arguments: {@code --manager HOST:PORT --cluster N --clusters C --threads T [--journal FILE]
 * [--timeout-ms 10000]}.
 */
public final class MixedLoad {

  public static final String READY = "LOAD-READY";

  /** Each second: cumulative operations and errors of this client. */
  public static final Pattern PROGRESS =
      Pattern.compile("^LOAD-PROGRESS cluster=(\\d+) ops=(\\d+) errors=(\\d+)$");

  /** The last line: group 1 is RESULT or FAILED. */
  public static final Pattern OUTCOME = Pattern.compile("^LOAD-(RESULT|FAILED) (.*)$");

  private static final Duration GO_WITHIN = Duration.ofMinutes(3);
  private static final Duration FIRST_CALL = Duration.ofSeconds(30);
  /**
   * The TTLs of the load: short ones that expire during the run, and one that outlives the time
   * from the run's end to the final read ({@link #FINAL_READ_AFTER}).
   */
  private static final long[] TTLS_MILLIS = {300, 1000, 3000, 20000};

  /**
   * How long after the end of the run to read the final state: by then every key written with a
   * TTL of 3 s or less has expired (with a margin) and one written with 20 s has not, so few
   * keys are read near their TTL boundary, where the outcome is ambiguous.
   */
  public static final Duration FINAL_READ_AFTER = Duration.ofSeconds(6);
  private static final int COUNTER_ATTEMPTS = 5;

  private final StoreClient store;
  private final KeySpace keys;
  private final int cluster;
  private final Duration timeout;
  private final Journal journal;
  private final AtomicLong ops = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  private MixedLoad(StoreClient store, KeySpace keys, int cluster, Duration timeout,
      Journal journal) {
    this.store = store;
    this.keys = keys;
    this.cluster = cluster;
    this.timeout = timeout;
    this.journal = journal;
  }

  /** Wall-clock microseconds: comparable across the JVMs of one machine. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = run(args);
    } catch (Throwable e) {
      System.out.println("LOAD-FAILED " + (e + "").replace('\n', ' '));
      e.printStackTrace(System.out);
      exitCode = 1;
    }
    System.out.flush();
    System.exit(exitCode);
  }

  private static int run(String[] args) throws Exception {
    String manager = null;
    int cluster = 0;
    int clusters = 0;
    int threads = 0;
    Optional<Path> journalFile = Optional.empty();
    long timeoutMillis = 10_000;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i++]) {
        case "--manager" -> manager = value;
        case "--cluster" -> cluster = Integer.parseInt(value);
        case "--clusters" -> clusters = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--journal" -> journalFile = Optional.of(Path.of(value));
        case "--timeout-ms" -> timeoutMillis = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown flag [" + args[i - 1] + "]");
      }
    }
    if (manager == null || cluster < 1 || clusters < cluster || threads < 1) {
      throw new IllegalArgumentException("usage: MixedLoad --manager HOST:PORT --cluster N"
          + " --clusters C --threads T [--journal FILE] [--timeout-ms MS], got " + List.of(args));
    }
    KeySpace keys = KeySpace.standard(clusters, threads);
    try (ClusterClient client = ClusterClient.connect(cluster, manager);
        Journal journal = Journal.open(journalFile)) {
      MixedLoad load =
          new MixedLoad(client.store(), keys, cluster, Duration.ofMillis(timeoutMillis), journal);
      return load.run(threads, journalFile);
    }
  }

  private int run(int threads, Optional<Path> journalFile) throws Exception {
    long goBy = System.currentTimeMillis() + GO_WITHIN.toMillis();
    Optional<Long> end = readStartSignal(goBy);
    System.out.println(READY + " cluster=" + cluster);
    while (end.isEmpty()) {
      if (System.currentTimeMillis() > goBy) {
        throw new TimeoutException("no start signal [" + KeySpace.GO_KEY + "] within " + GO_WITHIN);
      }
      Thread.sleep(20);
      end = readStartSignal(goBy);
    }
    long endMillis = end.get();
    Random[] randoms = new Random[threads];
    for (int t = 0; t < threads; t++) {
      randoms[t] = new Random(cluster * 1000L + t);
    }
    // Each call runs one operation on its thread and journals it there (its send and ack times
    // taken around the blocking wait), so the loop sees calls that are complete already.
    ClosedLoop<Void> loop =
        ClosedLoop.<Void>of(Callers.blockingThreads(threads, Duration.ZERO), (thread, seq) -> {
              operation(thread, seq + 1, randoms[thread]);
              return CompletableFuture.completedFuture(null);
            })
            .until(endMillis)
            .threadName("load-" + cluster)
            .start();
    while (System.currentTimeMillis() < endMillis) {
      Thread.sleep(Math.min(1000, Math.max(1, endMillis - System.currentTimeMillis())));
      printProgress();
    }
    if (!loop.awaitDone(timeout.multipliedBy(COUNTER_ATTEMPTS + 1))) {
      throw new TimeoutException("load threads still running after the end of the load");
    }
    if (loop.firstFailure().isPresent()) {
      throw new IllegalStateException("a load thread failed", loop.firstFailure().get());
    }
    printProgress();
    System.out.println("LOAD-RESULT cluster=" + cluster + " ops=" + ops.get() + " acked="
        + acked.get() + " errors=" + errors.get()
        + " journal=" + journalFile.map(Path::toString).orElse("-")
        + (firstError.get() == null ? "" : " first-error=" + firstError.get()));
    return 0;
  }

  private void printProgress() {
    System.out.println("LOAD-PROGRESS cluster=" + cluster + " ops=" + ops.get() + " errors="
        + errors.get());
  }

  /** Operation {@code seq} (1, 2, ...) of {@code thread}: a counter, a shared or an owned key. */
  private void operation(int thread, long seq, Random random) {
    String writer = cluster + "/" + thread;
    int pick = random.nextInt(100);
    if (pick < 15) {
      counter(writer, keys.counter(random.nextInt(keys.counters())), 1 + random.nextInt(5),
          writer + ":" + seq);
    } else if (pick < 40) {
      int i = random.nextInt(keys.shared());
      if (keys.mayWriteShared(cluster, thread, i, System.currentTimeMillis())) {
        mixed(writer, keys.shared(i), random, thread, seq);
      } else {
        get(writer, keys.shared(i));
      }
    } else {
      mixed(writer, keys.owned(cluster, thread, random.nextInt(keys.ownedPerThread())), random,
          thread, seq);
    }
  }

  /** One operation on a key this thread alone writes now. */
  private void mixed(String writer, String key, Random random, int thread, long seq) {
    int pick = random.nextInt(100);
    long ttl = TTLS_MILLIS[random.nextInt(TTLS_MILLIS.length)];
    long value = ((long) cluster << 40) + ((long) thread << 32) + seq * 16;
    if (pick < 30) {
      call(writer, Op.SET, key, value, 0, () -> store.set(key, value, SetOptions.none(), timeout),
          done -> 0L);
    } else if (pick < 50) {
      call(writer, Op.SET, key, value, ttl,
          () -> store.set(key, value, SetOptions.ttlMillis(ttl), timeout), done -> 0L);
    } else if (pick < 75) {
      get(writer, key);
    } else if (pick < 85) {
      call(writer, Op.DELETE, key, 0, 0, () -> store.delete(key, timeout),
          existed -> existed ? 1L : 0L);
    } else {
      long delta = 1 + random.nextInt(5);
      boolean withTtl = random.nextBoolean();
      SetOptions options = withTtl ? SetOptions.ttlMillis(ttl) : SetOptions.none();
      call(writer, Op.INCREMENT, key, delta, withTtl ? ttl : 0,
          () -> store.increment(key, delta, options, timeout), v -> v);
    }
  }

  private void get(String writer, String key) {
    call(writer, Op.GET, key, 0, 0, () -> store.get(key, Long.class, timeout),
        v -> v.orElse(JournalEntry.ABSENT));
  }

  /** Sends one request, waits for its reply and journals it; a failure counts as an error. */
  private <T> void call(String writer, Op op, String key, long arg, long ttl,
      Supplier<CompletionStage<T>> request, Function<T, Long> result) {
    long send = nowMicros();
    try {
      T reply = reply(request.get());
      long ack = nowMicros();
      journal.append(new JournalEntry(writer, op, key, arg, ttl, send, ack, result.apply(reply)));
      acked.incrementAndGet();
    } catch (Exception e) {
      failed(e);
      journal.append(new JournalEntry(writer, op, key, arg, ttl, send,
          JournalEntry.UNACKNOWLEDGED, 0));
    } finally {
      ops.incrementAndGet();
    }
  }

  /**
   * Adds {@code delta} to a shared counter, retrying a timed-out call with the same request id
   * (which the manager applies at most once) up to {@value #COUNTER_ATTEMPTS} times.
   */
  private void counter(String writer, String key, long delta, String requestId) {
    SetOptions options = SetOptions.none().withRequestId(requestId);
    long send = nowMicros();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          long value = reply(store.increment(key, delta, options, timeout));
          journal.append(new JournalEntry(writer, Op.COUNTER, key, delta, 0, send, nowMicros(),
              value));
          acked.incrementAndGet();
          return;
        } catch (StoreTimeoutException e) {
          failed(e);
          if (attempt == COUNTER_ATTEMPTS) {
            throw e;
          }
        }
      }
    } catch (Exception e) {
      if (!(e instanceof StoreTimeoutException)) {
        failed(e);
      }
      journal.append(new JournalEntry(writer, Op.COUNTER, key, delta, 0, send,
          JournalEntry.UNACKNOWLEDGED, 0));
    } finally {
      ops.incrementAndGet();
    }
  }

  private void failed(Exception e) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, (e + "").replace('\n', ' '));
  }

  private <T> T reply(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * Reads the start signal. Before the load starts, a manager this client briefly took for
   * unreachable (a starved machine can delay heartbeats past the timeout) is waited for, not
   * fatal: the signal is read again until {@code goBy}.
   */
  private Optional<Long> readStartSignal(long goBy) throws Exception {
    while (true) {
      try {
        return await(store.get(KeySpace.GO_KEY, Long.class, FIRST_CALL));
      } catch (StoreUnavailableException e) {
        if (System.currentTimeMillis() > goBy) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(FIRST_CALL.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The journal file, written by every thread; a no-op without a file. */
  static final class Journal implements AutoCloseable {
    private final BufferedWriter out;

    private Journal(BufferedWriter out) {
      this.out = out;
    }

    static Journal open(Optional<Path> file) throws IOException {
      return new Journal(file.isPresent()
          ? Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8)
          : null);
    }

    synchronized void append(JournalEntry entry) {
      if (out == null) {
        return;
      }
      try {
        out.write(entry.line());
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }
}
