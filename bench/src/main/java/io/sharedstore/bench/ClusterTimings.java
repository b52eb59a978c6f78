package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import io.sharedstore.testsupport.load.ClosedLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code bench --cluster N --failover}: two timings on a cluster of N store nodes started for
 * them, with the Split Brain Resolver's {@code stable-after} lowered ({@code --stable-after},
 * 3 s) and a failure detector that gives up after 2 s of silence, as the system tests run it.
 *
 * <ol>
 *   <li><b>Failover</b>: under the bench's load from this JVM (the first {@code --outstanding}
 *       value, the mix, calls chained), the last node is SIGKILLed; timed from the kill until a
 *       {@code size()} (which asks every slot) from a second client answers again: every slot is
 *       served again, by the survivors.
 *   <li><b>Recovery</b> ({@code journal} only): {@code --recovery-keys} keys sharing one hash
 *       tag ({@code {recovery}:0..K-1}, so one slot) are filled on the survivors, every node is
 *       stopped (SIGTERM), and the first node is started again alone; timed from its launch to
 *       its {@code Up}, and from {@code Up} to the first answered read of that slot (it recovers
 *       from the journal, its latest snapshot and the events after it, before it answers);
 *       with the node's own {@code All [1024] slots answered [M] ms after this node was Up}.
 * </ol>
 */
final class ClusterTimings {

  /** What {@link #run} measured; a null figure was not measured (see {@code notes}). */
  record Result(int nodes, String durability, int stableAfterSeconds, int loadOutstanding,
      long failoverMillis, long loadOkBeforeKill, long loadOkAfterKill, long loadFailedAfterKill,
      Integer recoveryKeys, Long launchToUpMillis, Long upToFirstReadMillis,
      Long launchToFirstReadMillis, Long allSlotsAnsweredAfterUpMillis, Long keysAfterRecovery,
      List<String> notes) {}

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(3);
  private static final Duration LOAD_AFTER_SERVED = Duration.ofSeconds(2);
  private static final long FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int FILL_BATCH = 1_000;
  private static final String RECOVERY_PREFIX = "{recovery}:";

  private final ProjectLayout layout;
  private final StartedProcesses started;
  private final PrintStream out;
  private final Consumer<String> echo;
  private final BenchOptions options;
  private final ClusterBenchOptions cluster;

  ClusterTimings(ProjectLayout layout, StartedProcesses started, PrintStream out,
      Consumer<String> echo, BenchOptions options, ClusterBenchOptions cluster) {
    this.layout = layout;
    this.started = started;
    this.out = out;
    this.echo = echo;
    this.options = options;
    this.cluster = cluster;
  }

  Result run() throws Exception {
    List<String> nodeOptions = List.of(
        "-Dshared-store.cluster.stable-after=" + cluster.stableAfterSeconds() + "s",
        "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=2s");
    out.printf(Locale.ROOT, "%n=== failover: %d store nodes, durability %s, %s ===%n",
        cluster.nodes(), cluster.durability(), String.join(" ", nodeOptions));
    try (StoreNodeCluster store = StoreNodeCluster.start(layout, started, cluster.nodes(),
        cluster.durability(), nodeOptions, echo)) {
      out.println("store: " + store.describe());
      Failover failover = failover(store);
      List<String> notes = new java.util.ArrayList<>();
      if (!cluster.journal()) {
        notes.add("recovery from the journal not measured: --durability none keeps no journal");
        out.println("recovery: " + notes.get(0));
        return new Result(cluster.nodes(), cluster.durability(), cluster.stableAfterSeconds(),
            failover.outstanding, failover.millis, failover.okBefore, failover.okAfter,
            failover.failedAfter, null, null, null, null, null, null, notes);
      }
      Recovery recovery = recovery(store);
      return new Result(cluster.nodes(), cluster.durability(), cluster.stableAfterSeconds(),
          failover.outstanding, failover.millis, failover.okBefore, failover.okAfter,
          failover.failedAfter, cluster.recoveryKeys(), recovery.launchToUp,
          recovery.upToFirstRead, recovery.launchToFirstRead, recovery.allSlotsAfterUp,
          recovery.keys, notes);
    }
  }

  private record Failover(int outstanding, long millis, long okBefore, long okAfter,
      long failedAfter) {}

  private Failover failover(StoreNodeCluster store) throws Exception {
    int outstanding = options.outstanding().get(0);
    int last = cluster.nodes() - 1;
    try (ClusterClient load = ClusterClient.connect(9_001, store.addresses());
        ClusterClient probe = ClusterClient.connect(9_002, store.addresses())) {
      load.awaitReachable(SETUP_TIMEOUT);
      probe.awaitReachable(SETUP_TIMEOUT);
      String value = "v".repeat(options.valueSize());
      StoreClient client = load.store();
      AtomicLongArray lastFailure = new AtomicLongArray(outstanding);
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      ClosedLoop<Object> loop = ClosedLoop.of(CallerMode.CHAINED.callers(outstanding, 1),
              (lane, sequence) -> {
                long since = System.nanoTime() - lastFailure.get(lane);
                if (lastFailure.get(lane) != 0 && since < FAILURE_BACKOFF_NANOS) {
                  // A failed call answers at once (fail-fast): a short pause, as a caller's
                  // retry would, so a failing lane does not spin a core.
                  return CompletableFuture.runAsync(() -> { },
                      CompletableFuture.delayedExecutor(FAILURE_BACKOFF_NANOS - since,
                          TimeUnit.NANOSECONDS)).thenCompose(x -> call(client, value));
                }
                return call(client, value);
              })
          .onCompletion((lane, sequence, start, result, failure) -> {
            if (failure == null) {
              ok.incrementAndGet();
            } else {
              failed.incrementAndGet();
              lastFailure.set(lane, System.nanoTime());
            }
          })
          .threadName("failover-load").start();
      try {
        Thread.sleep(LOAD_BEFORE_KILL.toMillis()); // load before the kill, not a wait for a state
        long okBefore = ok.get();
        long failedBefore = failed.get();
        out.printf(Locale.ROOT, "failover: %d outstanding, %,d operations in %d s before the"
                + " kill (%d failed); SIGKILL to %s (pid %d)%n", outstanding, okBefore,
            LOAD_BEFORE_KILL.toSeconds(), failedBefore, store.nodes().get(last).name(),
            store.nodes().get(last).pid());
        long killedAt = System.nanoTime();
        store.kill(last);
        long deadline = killedAt
            + Duration.ofSeconds(cluster.stableAfterSeconds()).plusMinutes(2).toNanos();
        int probes = 0;
        while (true) {
          probes++;
          try {
            probe.store().size(PROBE_TIMEOUT).toCompletableFuture()
                .get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            break;
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the slots were not all served again within "
                  + Duration.ofNanos(deadline - killedAt) + " of the kill; last: " + e);
            }
            Thread.sleep(20);
          }
        }
        long millis = (System.nanoTime() - killedAt) / 1_000_000;
        out.printf(Locale.ROOT, "failover: every slot served again %,d ms after the kill"
                + " (size() answered, probe %d; stable-after %d s)%n", millis, probes,
            cluster.stableAfterSeconds());
        Thread.sleep(LOAD_AFTER_SERVED.toMillis()); // load after it, not a wait for a state
        long okAfter = ok.get() - okBefore;
        long failedAfter = failed.get() - failedBefore;
        out.printf(Locale.ROOT, "failover: from the kill to %d s after: %,d operations"
                + " answered, %,d failed%n", LOAD_AFTER_SERVED.toSeconds(), okAfter, failedAfter);
        return new Failover(outstanding, millis, okBefore, okAfter, failedAfter);
      } finally {
        loop.stop();
        loop.awaitDone(client.defaultTimeout().plusSeconds(5));
      }
    }
  }

  /** One operation of the bench's mix on its keys. */
  private CompletionStage<Object> call(StoreClient client, String value) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int key = random.nextInt(options.keys());
    return switch (options.mix().pick(random)) {
      case GET -> client.get(LoadClient.KEY_PREFIX + key, String.class).thenApply(v -> v);
      case SET -> client.set(LoadClient.KEY_PREFIX + key, value).thenApply(v -> v);
      case INCREMENT -> client.increment(LoadClient.COUNTER_PREFIX + key, 1).thenApply(v -> v);
    };
  }

  private record Recovery(long launchToUp, long upToFirstRead, long launchToFirstRead,
      Long allSlotsAfterUp, long keys) {}

  private Recovery recovery(StoreNodeCluster store) throws Exception {
    int keys = cluster.recoveryKeys();
    String lastKey = RECOVERY_PREFIX + (keys - 1);
    String value = "r".repeat(options.valueSize());
    try (ClusterClient filler = ClusterClient.connect(9_003, store.address(0))) {
      filler.awaitReachable(SETUP_TIMEOUT);
      long start = System.nanoTime();
      for (int from = 0; from < keys; from += FILL_BATCH) {
        Map<String, Object> batch = new LinkedHashMap<>();
        for (int i = from; i < Math.min(keys, from + FILL_BATCH); i++) {
          batch.put(RECOVERY_PREFIX + i, value);
        }
        filler.store().setAll(batch, SETUP_TIMEOUT).toCompletableFuture()
            .get(SETUP_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      }
      out.printf(Locale.ROOT, "recovery: %,d keys %s0..%d (one slot: one hash tag) filled in"
              + " %.1f s through %s%n", keys, RECOVERY_PREFIX, keys - 1,
          (System.nanoTime() - start) / 1e9, store.address(0));
    }
    store.terminateAll();
    out.println("recovery: every node stopped (SIGTERM); starting " + store.address(0)
        + " alone");
    long launch = System.nanoTime();
    JvmProcess node = store.startAlone(0);
    StoreNodeCluster.await(node, ManagerProcess.LISTENING);
    StoreNodeCluster.await(node, Pattern.compile(StoreNodeCluster.MEMBER_UP.pattern()
        .replace("[^\\]]+", Pattern.quote("pekko://shared-store@" + store.address(0)))));
    long up = System.nanoTime();
    long firstRead;
    long size;
    try (ClusterClient reader = ClusterClient.connect(9_004, store.address(0))) {
      Optional<String> read = Optional.empty();
      long deadline = up + Duration.ofMinutes(5).toNanos();
      while (read.isEmpty()) {
        try {
          read = reader.store().get(lastKey, String.class, PROBE_TIMEOUT)
              .toCompletableFuture().get(PROBE_TIMEOUT.toMillis() + 1_000,
                  TimeUnit.MILLISECONDS);
          if (read.isEmpty()) {
            throw new IllegalStateException("the recovered slot answered " + lastKey
                + " as absent");
          }
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no read of the slot answered within 5 minutes of"
                + " the node's Up; last: " + e);
          }
          Thread.sleep(20);
        }
      }
      firstRead = System.nanoTime();
      if (!read.get().equals(value)) {
        throw new IllegalStateException("the recovered slot answered another value for "
            + lastKey);
      }
      size = reader.store().size(SETUP_TIMEOUT).toCompletableFuture()
          .get(SETUP_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }
    Long allSlots = StoreNodeCluster.slotsAnswered(node).map(a -> a[1]).orElse(null);
    Recovery recovery = new Recovery((up - launch) / 1_000_000, (firstRead - up) / 1_000_000,
        (firstRead - launch) / 1_000_000, allSlots, size);
    out.printf(Locale.ROOT, "recovery: launch to Up %,d ms; Up to the first read of the slot"
            + " with %,d keys %,d ms (launch to it %,d ms); the node: all slots answered %s ms"
            + " after Up; %,d keys in the store after it (the load's too)%n",
        recovery.launchToUp, keys, recovery.upToFirstRead, recovery.launchToFirstRead,
        allSlots == null ? "(not logged yet)" : String.format(Locale.ROOT, "%,d", allSlots),
        size);
    return recovery;
  }
}
