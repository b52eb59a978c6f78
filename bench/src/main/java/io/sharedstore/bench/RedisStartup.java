package io.sharedstore.bench;

import io.sharedstore.testsupport.StartedProcesses;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Redis half of {@code startup-run --compare-redis}: a redis-server with {@code --appendonly
 * yes --appendfsync} the run's setting (its other settings Redis's defaults, so its own AOF
 * rewrite may run during the fill) in a fresh directory, filled with the same keys and values
 * through {@code redis-cli --pipe}, stopped with {@code SHUTDOWN} (which completes the AOF),
 * started again on the directory and timed from the launch until {@code INFO persistence} says
 * {@code loading:0} and a {@code GET} of the known key answers its value; then {@code SAVE} and the
 * size of {@code dump.rdb}.
 */
final class RedisStartup {

  /** What Redis did, for the report. */
  record Result(String version, double fillSeconds, DirectoryUsage afterShutdown,
      long launchToAcceptMillis, long launchToServingMillis, List<String> loadLog,
      long keysAfterRestart, long rdbBytes) {

    double fillRate(int keys) {
      return keys / fillSeconds;
    }
  }

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
  private static final int CALL_TIMEOUT_MILLIS = 120_000;

  private final StartedProcesses started;
  private final PrintStream out;

  RedisStartup(StartedProcesses started, PrintStream out) {
    this.started = started;
    this.out = out;
  }

  /** Why Redis cannot be compared with here, if it cannot. */
  static Optional<String> missing() {
    for (String program : new String[] {"redis-server", "redis-cli"}) {
      if (!Machine.onPath(program)) {
        return Optional.of(program + " not found: apt-get install redis-server to compare");
      }
    }
    return Optional.empty();
  }

  /** Runs the Redis half in {@code dir} (fresh, empty). */
  Result run(StartupData data, BenchPersistence.Fsync fsync, Path dir) throws Exception {
    BenchPersistence persistence = new BenchPersistence(dir, fsync);
    List<String> flags = persistence.redisFlags(dir);
    String version = RedisServer.version();
    out.println("redis: " + version + ", --appendonly yes --appendfsync " + fsync.flagName()
        + ", directory " + dir);

    RedisServer first = started.add(RedisServer.start(flags));
    double fillSeconds = fill(first.port(), data);
    out.printf(Locale.ROOT, "redis: filled %,d keys with redis-cli --pipe in %.2f s (%,.0f keys/s)%n",
        data.keys(), fillSeconds, data.keys() / fillSeconds);
    try (RespConnection redis = RespConnection.open(first.port(), CALL_TIMEOUT_MILLIS)) {
      long size = Long.parseLong(redis.call("DBSIZE").text());
      if (size != data.keys()) {
        throw new IllegalStateException("redis holds " + size + " keys after the fill, not "
            + data.keys());
      }
      long stopStart = System.nanoTime();
      try {
        redis.call("SHUTDOWN");
      } catch (IOException closed) {
        // SHUTDOWN answers by closing the connection.
      }
      if (!first.awaitExit(STOP_TIMEOUT)) {
        throw new IllegalStateException("redis-server did not exit within " + STOP_TIMEOUT
            + " of SHUTDOWN");
      }
      out.printf(Locale.ROOT, "redis: SHUTDOWN took %d ms%n",
          (System.nanoTime() - stopStart) / 1_000_000);
    } finally {
      started.stop(first);
    }
    DirectoryUsage afterShutdown = DirectoryUsage.of(dir);
    out.println("redis: directory after SHUTDOWN: " + afterShutdown.files());

    byte[] expected = data.knownValue();
    long launch = System.nanoTime();
    RedisServer second = started.add(RedisServer.start(flags));
    try {
      long accepting = System.nanoTime();
      long serving = awaitServing(second.port(), data.knownKey(), expected, launch);
      out.printf(Locale.ROOT, "redis: restarted: accepting connections %d ms after the launch,"
              + " loading:0 and the known key answered %d ms after the launch%n",
          (accepting - launch) / 1_000_000, (serving - launch) / 1_000_000);
      List<String> loadLog = second.linesContaining("DB loaded", "Done loading");
      loadLog.forEach(line -> out.println("  " + line));
      try (RespConnection redis = RespConnection.open(second.port(), CALL_TIMEOUT_MILLIS)) {
        long keys = Long.parseLong(redis.call("DBSIZE").text());
        RespConnection.Reply saved = redis.call("SAVE");
        if (saved.error()) {
          throw new IllegalStateException("redis SAVE failed: " + saved.text());
        }
        long rdbBytes = Files.size(dir.resolve("dump.rdb"));
        return new Result(version, fillSeconds, afterShutdown,
            (accepting - launch) / 1_000_000, (serving - launch) / 1_000_000, loadLog, keys,
            rdbBytes);
      }
    } finally {
      started.stop(second);
    }
  }

  /**
   * Streams a {@code SET} per key into {@code redis-cli --pipe} and answers the seconds from its
   * launch until it exited, having read every reply.
   */
  private double fill(int port, StartupData data) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--pipe")
        .redirectErrorStream(true).start();
    AutoCloseable stopCli = cli::destroyForcibly;
    started.add(stopCli);
    Thread writer = new Thread(() -> writeCommands(cli.getOutputStream(), data),
        "redis-cli --pipe input");
    writer.setDaemon(true);
    writer.start();
    String report = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(1, TimeUnit.MINUTES) || cli.exitValue() != 0
        || !report.contains("errors: 0, replies: " + data.keys())) {
      throw new IllegalStateException("redis-cli --pipe failed: " + report.trim());
    }
    writer.join();
    started.stop(stopCli);
    return (System.nanoTime() - start) / 1e9;
  }

  private static void writeCommands(OutputStream pipe, StartupData data) {
    byte[] set = "SET".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream buffered = new BufferedOutputStream(pipe, 1 << 16)) {
      for (int i = 0; i < data.keys(); i++) {
        buffered.write(RespConnection.encode(set,
            StartupData.key(i).getBytes(StandardCharsets.UTF_8), data.value(i)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to redis-cli --pipe", e);
    }
  }

  /**
   * Polls the restarted server until {@code INFO persistence} says {@code loading:0} and a GET of
   * the known key answers its value; answers that moment (System.nanoTime).
   */
  private static long awaitServing(int port, String key, byte[] expected, long launch)
      throws IOException, InterruptedException {
    long deadline = launch + LOAD_TIMEOUT.toNanos();
    try (RespConnection redis = RespConnection.open(port, CALL_TIMEOUT_MILLIS)) {
      while (true) {
        RespConnection.Reply info = redis.call("INFO", "persistence");
        if (!info.error() && info.text().contains("loading:0")) {
          RespConnection.Reply value = redis.call("GET", key);
          if (!value.error()) {
            long now = System.nanoTime();
            if (value.payload() == null || !Arrays.equals(value.payload(), expected)) {
              throw new IllegalStateException("redis answered the known key "
                  + key + " with another value after the restart");
            }
            return now;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("redis did not finish loading within "
              + LOAD_TIMEOUT);
        }
        Thread.sleep(2);
      }
    }
  }
}
