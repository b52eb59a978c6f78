package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreTimeoutException;
import io.sharedstore.demo.load.JournalEntry;
import io.sharedstore.demo.load.JournalEntry.Op;
import io.sharedstore.demo.load.MixedLoad;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One cluster JVM of the persistence tests, started by {@link JournaledWriters}: its threads set,
 * increment, delete and read keys no other thread touches, one call at a time, and journal every
 * call ({@link JournalEntry}, the format {@code DurabilityChecker} reads) with its send and
 * acknowledgement time. The keys change every {@value #ROUND_MILLIS} ms ({@code
 * dur:C:T:ROUND:i}), so the keys of a round long past were written only then: a check can ask
 * for every write acknowledged before some moment without the later writes blurring it.
 *
 * <p>A thread stops at its first failed call (journaled as unacknowledged: the manager is gone,
 * the next call would fail too), or when the run's time is up. Once every thread has stopped the
 * JVM prints {@code WRITER-DONE cluster=C acked=N failed=N}, closes the journal and exits 0.
 * Before that, {@value #READY} once its first call crossed, and {@code WRITER-PROGRESS acked=N}
 * every half second.
 *
 * <p>Arguments: {@code MANAGER CLUSTER_ID THREADS JOURNAL_FILE MAX_SECONDS [continue]}. With
 * {@code continue} a thread goes on after a failed call (journaled as unacknowledged) until
 * {@code MAX_SECONDS}, pausing {@link #PAUSE_AFTER_FAILURE} after each, so the load runs through
 * an outage; the done line then also counts the calls that failed by timing out. A file named
 * as the journal plus {@code .stop} ends the run early, as {@code MAX_SECONDS} would.
 */
final class JournaledWriter {

  static final String READY = "WRITER-READY";
  static final Pattern DONE =
      Pattern.compile("^WRITER-DONE cluster=(\\d+) acked=(\\d+) failed=(\\d+)(?: timedOut=(\\d+))?(?: slowest=(\\S+))?");
  static final Pattern PROGRESS = Pattern.compile("^WRITER-PROGRESS cluster=(\\d+) acked=(\\d+)");

  /** How long each round's keys are written. */
  static final long ROUND_MILLIS = 1000;
  private static final int KEYS_PER_ROUND = 8;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration FIRST_CALL = Duration.ofSeconds(30);
  /** The pause after a failed call in {@code continue} mode: a fail-fast loop stays gentle. */
  static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);

  private final StoreClient store;
  private final int cluster;
  private final long startMillis;
  private final long endMillis;
  private final BufferedWriter journal;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();
  /** The slowest acknowledged call: how close the run came to a timeout, and where. */
  private long slowestMicros;
  private String slowestCall = "none";
  private boolean continueAfterFailure;
  /** Set once the stop file (the journal's name + {@code .stop}) exists: the threads finish. */
  private volatile boolean stopRequested;

  private JournaledWriter(StoreClient store, int cluster, long startMillis, long endMillis,
      BufferedWriter journal) {
    this.store = store;
    this.cluster = cluster;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.journal = journal;
  }

  public static void main(String[] args) {
    int exit = 0;
    try {
      run(args);
    } catch (Throwable e) {
      System.out.println("WRITER-FAILED " + (e + "").replace('\n', ' '));
      e.printStackTrace(System.out);
      exit = 1;
    }
    System.out.flush();
    // The client's close waits for a manager that may be dead: exit without it.
    System.exit(exit);
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 5 && !(args.length == 6 && args[5].equals("continue"))) {
      throw new IllegalArgumentException(
          "usage: JournaledWriter MANAGER CLUSTER_ID THREADS JOURNAL_FILE MAX_SECONDS [continue]");
    }
    int cluster = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    Path journalFile = Path.of(args[3]);
    long maxMillis = Long.parseLong(args[4]) * 1000;
    ClusterClient client = ClusterClient.connect(cluster, args[0]);
    String ready = "dur:" + cluster + ":ready";
    await(client.store().set(ready, 1, FIRST_CALL));
    await(client.store().get(ready, Long.class, FIRST_CALL));
    try (BufferedWriter journal = Files.newBufferedWriter(journalFile, StandardCharsets.UTF_8)) {
      long start = System.currentTimeMillis();
      JournaledWriter writer =
          new JournaledWriter(client.store(), cluster, start, start + maxMillis, journal);
      writer.continueAfterFailure = args.length == 6;
      List<Thread> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread th = new Thread(() -> writer.write(thread), "writer-" + cluster + "-" + t);
        th.start();
        running.add(th);
      }
      System.out.println(READY + " cluster=" + cluster);
      Path stopFile = Path.of(journalFile + ".stop");
      while (running.stream().anyMatch(Thread::isAlive)) {
        for (Thread th : running) {
          th.join(500);
        }
        writer.stopRequested |= Files.exists(stopFile);
        System.out.println("WRITER-PROGRESS cluster=" + cluster + " acked=" + writer.acked);
      }
      System.out.println("WRITER-DONE cluster=" + cluster + " acked=" + writer.acked
          + " failed=" + writer.failed + " timedOut=" + writer.timedOut
          + " slowest=" + writer.slowest());
    }
  }

  /** One thread's calls until its first failure or the end of the run. */
  private void write(int thread) {
    String writer = cluster + "/" + thread;
    Random random = new Random(cluster * 1000L + thread);
    for (long seq = 1; System.currentTimeMillis() < endMillis && !stopRequested; seq++) {
      long round = (System.currentTimeMillis() - startMillis) / ROUND_MILLIS;
      String key = "dur:" + cluster + ":" + thread + ":" + round + ":"
          + random.nextInt(KEYS_PER_ROUND);
      int pick = random.nextInt(100);
      boolean ok;
      if (pick < 40) {
        long value = ((long) cluster << 40) + ((long) thread << 32) + seq;
        ok = call(writer, Op.SET, key, value, () -> store.set(key, value, CALL_TIMEOUT), d -> 0L);
      } else if (pick < 65) {
        long delta = 1 + random.nextInt(5);
        ok = call(writer, Op.INCREMENT, key, delta,
            () -> store.increment(key, delta, CALL_TIMEOUT), v -> v);
      } else if (pick < 80) {
        ok = call(writer, Op.DELETE, key, 0, () -> store.delete(key, CALL_TIMEOUT),
            existed -> existed ? 1L : 0L);
      } else {
        ok = call(writer, Op.GET, key, 0, () -> store.get(key, Long.class, CALL_TIMEOUT),
            v -> v.orElse(JournalEntry.ABSENT));
      }
      if (!ok) {
        if (!continueAfterFailure) {
          return;
        }
        try {
          Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Sends one call, waits for its reply and journals it; false if it failed. */
  private <T> boolean call(String writer, Op op, String key, long arg,
      Supplier<CompletionStage<T>> request, Function<T, Long> result) {
    long send = MixedLoad.nowMicros();
    try {
      T reply = await(request.get());
      long ack = MixedLoad.nowMicros();
      noteLatency(key, send, ack);
      append(new JournalEntry(writer, op, key, arg, 0, send, ack, result.apply(reply)));
      acked.incrementAndGet();
      return true;
    } catch (Exception e) {
      append(new JournalEntry(writer, op, key, arg, 0, send, JournalEntry.UNACKNOWLEDGED, 0));
      if (e instanceof StoreTimeoutException) {
        timedOut.incrementAndGet();
        // which key (and so which slot), when: what a test that allows no timeout must name
        System.out.println("WRITER-TIMEOUT cluster=" + cluster + " at " + java.time.Instant.now()
            + " slot " + StoreNodes.KEY_SLOTS.slotOf(key) + " " + e);
      }
      if (failed.incrementAndGet() == 1) {
        System.out.println("WRITER-FIRST-FAILURE cluster=" + cluster + " " + e);
      }
      return false;
    }
  }

  private synchronized void noteLatency(String key, long sendMicros, long ackMicros) {
    if (ackMicros - sendMicros > slowestMicros) {
      slowestMicros = ackMicros - sendMicros;
      slowestCall = slowestMicros / 1000 + "ms(slot=" + StoreNodes.KEY_SLOTS.slotOf(key) + ",at="
          + java.time.Instant.ofEpochMilli(ackMicros / 1000) + ")";
    }
  }

  private synchronized String slowest() {
    return slowestCall;
  }

  private void append(JournalEntry entry) {
    synchronized (journal) {
      try {
        journal.write(entry.line());
        journal.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
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
}
