package io.sharedstore.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.testsupport.ChildJvmOptions;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The manager half of {@code startup-run}: a manager JVM with its data in a fresh directory,
 * filled from a client in this JVM, stopped with SIGTERM, then started again on the directory
 * and timed from its JVM's launch to the first answered {@code get} of the known key, from a
 * client in an ActorSystem started before that launch (so the client's own start is not
 * counted). The same for a manager on an empty directory, in between, as the baseline of what
 * the JVM, Pekko and remoting take without data. Also the key count ({@code size()}), the manager's start-up log lines and the
 * directory's files after each stop.
 */
final class ManagerStartup {

  /** What the manager did, for the report. */
  record Result(double fillSeconds, long stopMillis, DirectoryUsage afterStop,
      long emptyLaunchToListeningMillis, long emptyLaunchToFirstGetMillis,
      long launchToListeningMillis, long launchToFirstGetMillis, long keysAfterRestart,
      List<StartupLogLines.Line> startLog, DirectoryUsage afterSecondStop) {

    double fillRate(int keys) {
      return keys / fillSeconds;
    }
  }

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SERVE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration FILL_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  private final ProjectLayout layout;
  private final StartedProcesses started;
  private final PrintStream out;

  ManagerStartup(ProjectLayout layout, StartedProcesses started, PrintStream out) {
    this.layout = layout;
    this.started = started;
    this.out = out;
  }

  /**
   * Runs the manager half with its data in {@code dir}, and a baseline start (JVM, Pekko,
   * remoting, no data) on {@code emptyDir}; both fresh and empty.
   */
  Result run(StartupOptions options, StartupData data, Path dir, Path emptyDir)
      throws Exception {
    List<String> jvmOptions = new ArrayList<>(new ChildJvmOptions(layout).standard());
    jvmOptions.addAll(new BenchPersistence(dir, options.fsync()).managerJvmOptions(dir));
    jvmOptions.addAll(options.managerOptions());
    out.println("manager JVM options: " + String.join(" ", jvmOptions));

    ManagerProcess first = started.add(ManagerProcess.start(layout, 0, jvmOptions,
        echo("manager")));
    int port = first.port();
    double fillSeconds;
    try (ClusterClient cluster = ClusterClient.connect(1, first.address(), fillConfig())) {
      cluster.awaitReachable(CALL_TIMEOUT);
      fillSeconds = StartupFill.fill(cluster.store(), data, options.fill(),
          options.outstanding());
      out.printf(Locale.ROOT, "manager: filled %,d keys (%s, %d in flight) in %.2f s"
              + " (%,.0f keys/s)%n", data.keys(), options.fill().flagName(),
          options.outstanding(), fillSeconds, data.keys() / fillSeconds);
      checkSize(cluster.store(), data, "after the fill");
    }
    long stopMillis = terminate(first, "the filled manager");
    out.printf(Locale.ROOT, "manager: SIGTERM to exit %d ms%n", stopMillis);
    DirectoryUsage afterStop = DirectoryUsage.of(dir);
    out.println("manager: directory after the stop: " + afterStop.files());

    byte[] expected = data.knownValue();
    List<String> emptyOptions = new ArrayList<>(new ChildJvmOptions(layout).standard());
    emptyOptions.addAll(new BenchPersistence(emptyDir, options.fsync())
        .managerJvmOptions(emptyDir));
    emptyOptions.addAll(options.managerOptions());
    TimedStart empty = timedStart(emptyOptions, port, 2, data.knownKey());
    out.printf(Locale.ROOT, "manager: baseline, an empty directory: listening %d ms after the"
            + " launch, a get answered %d ms after the launch%n", empty.listeningMillis(),
        empty.firstGetMillis());

    TimedStart restart = timedStart(jvmOptions, port, 3, data.knownKey());
    if (restart.value().isEmpty() || !Arrays.equals(restart.value().get(), expected)) {
      throw new IllegalStateException("the restarted manager answered the known key "
          + data.knownKey() + (restart.value().isEmpty() ? " as absent" : " with another value"));
    }
    if (restart.keys() != data.keys()) {
      throw new IllegalStateException("the restarted manager holds " + restart.keys()
          + " keys, not " + data.keys());
    }
    out.printf(Locale.ROOT, "manager: restarted: listening %d ms after the launch, the"
            + " known key answered %d ms after the launch, %,d keys%n",
        restart.listeningMillis(), restart.firstGetMillis(), restart.keys());
    for (StartupLogLines.Line line : restart.log()) {
      out.printf(Locale.ROOT, "  +%5d ms %-5s %s%n", line.afterLaunchMillis(), line.level(),
          line.message());
    }
    return new Result(fillSeconds, stopMillis, afterStop, empty.listeningMillis(),
        empty.firstGetMillis(), restart.listeningMillis(), restart.firstGetMillis(),
        restart.keys(), restart.log(), DirectoryUsage.of(dir));
  }

  /** One timed start of a manager, which is stopped again (SIGTERM) before this answers. */
  private record TimedStart(long listeningMillis, long firstGetMillis, Optional<byte[]> value,
      long keys, List<StartupLogLines.Line> log) {}

  /**
   * Starts a manager on {@code port} and times, from its JVM's launch, its listening line and
   * the first answered get of {@code key} from a client in an ActorSystem of its own, started
   * before the launch (one per start: Artery would otherwise remember the last manager on that
   * port); then its key count and its log lines; then stops it.
   */
  private TimedStart timedStart(List<String> jvmOptions, int port, int clientId, String key)
      throws Exception {
    ActorSystem<Void> probeSystem = probeSystem(port);
    try {
      return timedStart(jvmOptions, port, probeSystem, clientId, key);
    } finally {
      probeSystem.terminate();
      probeSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private TimedStart timedStart(List<String> jvmOptions, int port,
      ActorSystem<Void> probeSystem, int clientId, String key) throws Exception {
    long launchWall = System.currentTimeMillis();
    long launch = System.nanoTime();
    ManagerProcess manager = started.add(ManagerProcess.start(layout, port, jvmOptions,
        echo("manager")));
    long listening = System.nanoTime();
    try {
      Optional<byte[]> value;
      long firstGet;
      long keys;
      try (ClusterClient cluster = ClusterClient.create(probeSystem, clientId)) {
        value = awaitGet(cluster.store(), key, launch);
        firstGet = System.nanoTime();
        keys = cluster.store().size(CALL_TIMEOUT).toCompletableFuture()
            .get(CALL_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      }
      List<StartupLogLines.Line> log = StartupLogLines.of(manager.jvm().lines(), launchWall,
          ZoneId.systemDefault());
      terminate(manager, "the manager on port " + port);
      return new TimedStart((listening - launch) / 1_000_000, (firstGet - launch) / 1_000_000,
          value, keys, log);
    } finally {
      started.stop(manager);
    }
  }

  /**
   * The fill client's configuration: the library's, with a heartbeat timeout long enough that a
   * manager busy with the fill on a loaded machine (a GC, a saturated core) is not declared
   * unreachable, failing the fill; each call still has its own timeout.
   */
  private static Config fillConfig() {
    return ConfigFactory.parseMap(Map.of("shared-store.client.heartbeat-timeout",
            FILL_HEARTBEAT_TIMEOUT.toMillis() + "ms"))
        .withFallback(LibraryConfig.load());
  }

  /**
   * An ActorSystem set up as {@link ClusterClient#connect} sets up its own, for a client of the
   * manager at 127.0.0.1:{@code port} that {@link ClusterClient#create} makes in it later.
   */
  private static ActorSystem<Void> probeSystem(int port) {
    Config base = LibraryConfig.load();
    Config config = ConfigFactory.parseMap(Map.of(
            "pekko.actor.provider", "remote",
            "pekko.remote.artery.canonical.hostname", base.getString("shared-store.client.host"),
            "pekko.remote.artery.canonical.port", 0,
            "shared-store.manager.host", "127.0.0.1",
            "shared-store.manager.port", port))
        .withFallback(base)
        .resolve();
    return ActorSystem.create(Behaviors.empty(), "shared-store-startup-probe", config);
  }

  /** Asks for {@code key} until an answer comes, and answers it. */
  private static Optional<byte[]> awaitGet(StoreClient store, String key, long launch)
      throws InterruptedException {
    long deadline = launch + SERVE_TIMEOUT.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        return store.get(key, byte[].class, PROBE_TIMEOUT).toCompletableFuture()
            .get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        Thread.sleep(2);
      }
    }
    throw new IllegalStateException("the manager did not answer a get of " + key + " within "
        + SERVE_TIMEOUT + " of its launch; last error: " + last);
  }

  private static long checkSize(StoreClient store, StartupData data, String when)
      throws InterruptedException, ExecutionException, TimeoutException {
    long size = store.size(CALL_TIMEOUT).toCompletableFuture()
        .get(CALL_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    if (size != data.keys()) {
      throw new IllegalStateException("the manager holds " + size + " keys " + when + ", not "
          + data.keys());
    }
    return size;
  }

  /** SIGTERM, and the milliseconds until the JVM exited. */
  private long terminate(ManagerProcess manager, String what) throws Exception {
    long start = System.nanoTime();
    manager.jvm().signal("TERM");
    Optional<Integer> exit = manager.jvm().waitFor(STOP_TIMEOUT);
    long millis = (System.nanoTime() - start) / 1_000_000;
    started.stop(manager);
    if (exit.isEmpty()) {
      throw new IllegalStateException(what + " did not exit within " + STOP_TIMEOUT
          + " of SIGTERM:\n" + manager.jvm().tail(20));
    }
    return millis;
  }

  private Consumer<String> echo(String name) {
    return line -> {
      if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
        out.println("[" + name + "] " + line);
      }
    };
  }
}
