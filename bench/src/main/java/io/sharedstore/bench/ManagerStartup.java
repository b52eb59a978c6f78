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
 * counted). Also the key count ({@code size()}), the manager's start-up log lines and the
 * directory's files after each stop.
 */
final class ManagerStartup {

  /** What the manager did, for the report. */
  record Result(double fillSeconds, long stopMillis, DirectoryUsage afterStop,
      long launchToListeningMillis, long launchToFirstGetMillis, long keysAfterRestart,
      List<StartupLogLines.Line> startLog, DirectoryUsage afterSecondStop) {

    double fillRate(int keys) {
      return keys / fillSeconds;
    }
  }

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SERVE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final ProjectLayout layout;
  private final StartedProcesses started;
  private final PrintStream out;

  ManagerStartup(ProjectLayout layout, StartedProcesses started, PrintStream out) {
    this.layout = layout;
    this.started = started;
    this.out = out;
  }

  /** Runs the manager half with its data in {@code dir} (fresh, empty). */
  Result run(StartupOptions options, StartupData data, Path dir) throws Exception {
    List<String> jvmOptions = new ArrayList<>(new ChildJvmOptions(layout).standard());
    jvmOptions.addAll(new BenchPersistence(dir, options.fsync()).managerJvmOptions(dir));
    jvmOptions.addAll(options.managerOptions());
    out.println("manager JVM options: " + String.join(" ", jvmOptions));

    ManagerProcess first = started.add(ManagerProcess.start(layout, 0, jvmOptions,
        echo("manager")));
    int port = first.port();
    double fillSeconds;
    try (ClusterClient cluster = ClusterClient.connect(1, first.address())) {
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
    ActorSystem<Void> probeSystem = probeSystem(port);
    try {
      long launchWall = System.currentTimeMillis();
      long launch = System.nanoTime();
      ManagerProcess second = started.add(ManagerProcess.start(layout, port, jvmOptions,
          echo("manager")));
      long listening = System.nanoTime();
      try {
        long firstGet;
        long keys;
        try (ClusterClient cluster = ClusterClient.create(probeSystem, 2)) {
          firstGet = awaitKnownKey(cluster.store(), data.knownKey(), expected, launch);
          keys = checkSize(cluster.store(), data, "after the restart");
        }
        List<StartupLogLines.Line> startLog = StartupLogLines.of(second.jvm().lines(),
            launchWall, ZoneId.systemDefault());
        out.printf(Locale.ROOT, "manager: restarted: listening %d ms after the launch, the"
                + " known key answered %d ms after the launch, %,d keys%n",
            (listening - launch) / 1_000_000, (firstGet - launch) / 1_000_000, keys);
        for (StartupLogLines.Line line : startLog) {
          out.printf(Locale.ROOT, "  +%5d ms %-5s %s%n", line.afterLaunchMillis(), line.level(),
              line.message());
        }
        terminate(second, "the restarted manager");
        return new Result(fillSeconds, stopMillis, afterStop,
            (listening - launch) / 1_000_000, (firstGet - launch) / 1_000_000, keys, startLog,
            DirectoryUsage.of(dir));
      } finally {
        started.stop(second);
      }
    } finally {
      probeSystem.terminate();
      probeSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
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

  /** Asks for the known key until it answers; answers that moment (System.nanoTime). */
  private static long awaitKnownKey(StoreClient store, String key, byte[] expected, long launch)
      throws InterruptedException {
    long deadline = launch + SERVE_TIMEOUT.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<byte[]> value = store.get(key, byte[].class, PROBE_TIMEOUT)
            .toCompletableFuture().get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        long now = System.nanoTime();
        if (value.isEmpty() || !Arrays.equals(value.get(), expected)) {
          throw new IllegalStateException("the restarted manager answered the known key " + key
              + (value.isEmpty() ? " as absent" : " with another value"));
        }
        return now;
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        Thread.sleep(2);
      }
    }
    throw new IllegalStateException("the restarted manager did not answer a get of " + key
        + " within " + SERVE_TIMEOUT + "; last error: " + last);
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
