package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ManagerEvent;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreTimeoutException;
import io.sharedstore.cluster.StoreUnavailableException;
import io.sharedstore.testsupport.load.Callers;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster JVM of the failure tests, started by {@link LoadWorkers} with the test JVM's
 * classpath. It connects as one cluster and runs load until it is stopped ({@link ClosedLoop},
 * one call in flight per thread, a short pause after each): each thread writes its own key with a
 * value no other caller uses, then reads it back, so a reply delivered to the
 * wrong caller shows as a wrong value. It reports on stdout:
 *
 * <ul>
 *   <li>{@value #READY} once its first write and read have crossed and the manager answered a
 *       heartbeat;
 *   <li>{@code LOAD-EVENT UNREACHABLE since=MS at=MS}, {@code LOAD-EVENT REACHABLE at=MS}, {@code
 *       LOAD-EVENT RESTARTED at=MS} for each {@link ManagerEvent} (wall-clock milliseconds:
 *       {@code since} is when the client found the manager unreachable, {@code at} when the
 *       listener ran);
 *   <li>{@code LOAD-OUTAGE ...} when the manager is reachable again: the calls started while it
 *       was unreachable, by outcome, and the latency of those that failed;
 *   <li>{@code LOAD-PROGRESS ...} every {@value #PROGRESS_MILLIS} ms: every call so far by
 *       outcome;
 *   <li>{@code LOAD-ERROR ...} for the first few calls that failed other than as unavailable.
 * </ul>
 *
 * <p>Arguments: {@code MANAGER CLUSTER_ID THREADS}.
 */
final class LoadWorker {

  static final String READY = "LOAD-READY";

  static final Pattern EVENT = Pattern.compile("^LOAD-EVENT (\\w+) (?:since=(\\d+) )?at=(\\d+)");

  static final Pattern OUTAGE =
      Pattern.compile(
          "^LOAD-OUTAGE calls=(\\d+) unavailable=(\\d+) ok=(\\d+) other=(\\d+)"
              + " p99us=(\\d+) maxus=(\\d+)");

  static final Pattern PROGRESS =
      Pattern.compile(
          "^LOAD-PROGRESS ok=(\\d+) unavailable=(\\d+) timeouts=(\\d+) wrong=(\\d+)"
              + " other=(\\d+)");

  static final long PROGRESS_MILLIS = 500;

  /** Well above the heartbeat timeout: a call that waits this long was not failed fast. */
  private static final Duration OP_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration FIRST_OP_TIMEOUT = Duration.ofSeconds(20);

  /** Pacing between calls, so a failing-fast loop does not take the machine's two cores. */
  private static final Duration PAUSE = Duration.ofMillis(1);

  private static final int ERRORS_SHOWN = 5;

  private final StoreClient store;
  private final int clusterId;
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong wrong = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final AtomicInteger errorsShown = new AtomicInteger();
  /** The outage in progress (calls started while the manager was unreachable), or null. */
  private volatile Outage outage;
  /** Per thread: the value its last set wrote, until its next call reads it back; else null. */
  private String[] written;

  private LoadWorker(StoreClient store, int clusterId) {
    this.store = store;
    this.clusterId = clusterId;
  }

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable e) {
      System.out.println("LOAD-FAILED " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: LoadWorker MANAGER CLUSTER_ID THREADS");
    }
    int clusterId = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    try (ClusterClient cluster = ClusterClient.connect(clusterId, args[0])) {
      LoadWorker worker = new LoadWorker(cluster.store(), clusterId);
      cluster.addListener(worker::onEvent);
      String key = "load:" + clusterId + ":ready";
      await(cluster.store().set(key, 1, FIRST_OP_TIMEOUT));
      await(cluster.store().get(key, Integer.class, FIRST_OP_TIMEOUT));
      while (!cluster.isManagerReachable()) {
        Thread.sleep(10); // the first heartbeat answer follows the first calls closely
      }
      System.out.println(READY + " cluster=" + clusterId);
      worker.written = new String[threads];
      ClosedLoop<Boolean> loop =
          ClosedLoop.of(Callers.blockingThreads(threads, PAUSE), worker::call)
              .stallTimeout(OP_TIMEOUT.multipliedBy(5))
              .threadName("load-" + clusterId)
              .start();
      while (true) {
        Thread.sleep(PROGRESS_MILLIS);
        System.out.println(worker.progress());
        if (loop.stall().isPresent()) {
          throw new IllegalStateException(loop.stall().get());
        }
      }
    }
  }

  private void onEvent(ManagerEvent event) {
    long now = System.currentTimeMillis();
    if (event instanceof ManagerEvent.Unreachable u) {
      outage = new Outage();
      System.out.println(
          "LOAD-EVENT UNREACHABLE since=" + u.since().toEpochMilli() + " at=" + now + " reason="
              + u.reason());
    } else if (event instanceof ManagerEvent.Reachable) {
      Outage ended = outage;
      outage = null;
      System.out.println("LOAD-EVENT REACHABLE at=" + now);
      if (ended != null) {
        System.out.println(ended.summary());
      }
    } else if (event instanceof ManagerEvent.Restarted r) {
      System.out.println(
          "LOAD-EVENT RESTARTED at=" + now + " previous=" + r.previousEpoch() + " new="
              + r.newEpoch());
    }
  }

  private String progress() {
    return "LOAD-PROGRESS ok=" + ok + " unavailable=" + unavailable + " timeouts=" + timeouts
        + " wrong=" + wrong + " other=" + other;
  }

  /**
   * One call of a thread: a set of a new value of its own key, or, after a set that succeeded,
   * the read that must return it. The stage never fails: its outcome is counted here, and in the
   * outage it started in, if any.
   */
  private CompletionStage<Boolean> call(int thread, long sequence) {
    String key = "load:" + clusterId + ":" + thread;
    Outage during = outage;
    long start = System.nanoTime();
    String expected = written[thread];
    if (expected == null) {
      String value = clusterId + ":" + thread + ":" + sequence;
      return store.set(key, value, OP_TIMEOUT).handle((done, failure) -> {
        boolean ok = counted(during, start, failure);
        if (ok) {
          written[thread] = value; // read by this thread's next call, after the loop's semaphore
        }
        return ok;
      });
    }
    written[thread] = null;
    return store.get(key, String.class, OP_TIMEOUT).handle((read, failure) -> {
      boolean ok = counted(during, start, failure);
      if (ok && !read.equals(Optional.of(expected))) {
        wrong.incrementAndGet();
        error("thread " + thread + " wrote [" + expected + "] and read " + read);
      }
      return ok;
    });
  }

  /** Counts one call's outcome, and records it in the outage it started in, if any. */
  private boolean counted(Outage during, long startNanos, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause == null) {
      ok.incrementAndGet();
      if (during != null) {
        during.ok.incrementAndGet();
      }
      return true;
    }
    if (cause instanceof StoreUnavailableException) {
      unavailable.incrementAndGet();
      if (during != null) {
        during.failed(System.nanoTime() - startNanos);
      }
    } else if (cause instanceof StoreTimeoutException) {
      timeouts.incrementAndGet();
      if (during != null) {
        during.other.incrementAndGet();
      }
      error("timeout: " + cause.getMessage());
    } else {
      other.incrementAndGet();
      if (during != null) {
        during.other.incrementAndGet();
      }
      error(cause.toString());
    }
    return false;
  }

  private void error(String detail) {
    if (errorsShown.incrementAndGet() <= ERRORS_SHOWN) {
      System.out.println("LOAD-ERROR cluster=" + clusterId + " " + detail);
    }
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(OP_TIMEOUT.toMillis() * 5, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("a stage never completed", e);
    }
  }

  /** The calls started while the manager was unreachable. */
  private static final class Outage {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    private long[] failureNanos = new long[1024];
    private int failures;

    synchronized void failed(long nanos) {
      if (failures == failureNanos.length) {
        failureNanos = Arrays.copyOf(failureNanos, failures * 2);
      }
      failureNanos[failures++] = nanos;
    }

    synchronized String summary() {
      long[] sorted = Arrays.copyOf(failureNanos, failures);
      Arrays.sort(sorted);
      long p99 = failures == 0 ? 0 : sorted[(int) Math.ceil(failures * 0.99) - 1];
      long max = failures == 0 ? 0 : sorted[failures - 1];
      return "LOAD-OUTAGE calls=" + (failures + ok.get() + other.get()) + " unavailable="
          + failures + " ok=" + ok + " other=" + other + " p99us=" + p99 / 1000 + " maxus="
          + max / 1000;
    }
  }

  /** Parses a progress line's counts: ok, unavailable, timeouts, wrong, other. */
  static List<Long> counts(Matcher progress) {
    return List.of(
        Long.parseLong(progress.group(1)), Long.parseLong(progress.group(2)),
        Long.parseLong(progress.group(3)), Long.parseLong(progress.group(4)),
        Long.parseLong(progress.group(5)));
  }
}
