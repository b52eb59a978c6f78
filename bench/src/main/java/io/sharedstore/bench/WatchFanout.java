package io.sharedstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.store.internal.CommandLineFlags;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import io.sharedstore.testsupport.StartedProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * {@code bin/shared-store watch-fanout}: what watchers cost the writers. Starts a manager JVM;
 * each round runs the same write load twice, {@code --clients} {@link LoadClient} JVMs keeping
 * {@code --outstanding} sets each in flight ({@code --mix set:100} by default): first without
 * watchers, then with {@code --watches} watches of {@code --glob} ({@code *}) spread over {@code
 * --watcher-jvms} {@link FanoutWatcher} JVMs; the ratio of write throughput with / without is the
 * figure (target ≥ 0.8). It also checks that each watch received about every write of the
 * measured window (events per second per watch beside the writes per second), with no reset and
 * no revision out of order.
 *
 * <p>With {@code --compare-redis}, the same for Redis keyspace notifications in the same run: a
 * redis-server with {@code notify-keyspace-events KA}, {@code redis-benchmark -t set -c
 * (clients × outstanding)} once without subscribers and once while {@code --watches} connections
 * of this JVM ({@link RedisSubscriber}) are subscribed with {@code PSUBSCRIBE __keyspace@0__:*},
 * counting the messages they receive; the same ratio with / without. Writes {@code
 * bench-results/watch-fanout-STAMP.json}.
 */
public final class WatchFanout {

  static final String USAGE = "usage: watch-fanout [--clients 3] [--outstanding 50]"
      + " [--mix set:100] [--seconds 10] [--warmup 20] [--watches 10] [--watcher-jvms 3]"
      + " [--glob '*'] [--keys 10000] [--value-size 100] [--rounds 1] [--compare-redis]"
      + " [--redis-requests 1000000] [--out DIR]";

  private static final int LOAD_FIRST_ID = 1;
  private static final int WATCHER_FIRST_ID = 301;
  private static final String KEYSPACE_PATTERN = "__keyspace@0__:*";

  /** One run of the write load; {@code watchEvents} per watch in the window, empty without. */
  record Run(String system, int round, int watches, double writesPerSecond, long errors,
      List<Long> watchEventsInWindow, long resets, long outOfOrder, String loadBefore,
      Optional<String> detail) {}

  private final PrintStream out;
  private final ChildJvms children;
  private final StartedProcesses started;

  private WatchFanout(PrintStream out, ProjectLayout layout, StartedProcesses started) {
    this.out = out;
    this.children = new ChildJvms(layout, out);
    this.started = started;
  }

  public static void main(String[] args) {
    ToolMain.runDriver(args, WatchFanout::run);
  }

  /** Runs the measurement; answers the exit status. */
  static int run(String[] args, PrintStream out) {
    CommandLineFlags flags;
    LoadFleet.Settings load;
    int seconds;
    int warmup;
    int watches;
    int watcherJvms;
    String glob;
    int rounds;
    boolean compareRedis;
    int redisRequests;
    try {
      flags = CommandLineFlags.parse(args, USAGE, java.util.Set.of("--compare-redis"),
          "--clients", "--outstanding", "--mix", "--seconds", "--warmup", "--watches",
          "--watcher-jvms", "--glob", "--keys", "--value-size", "--rounds", "--redis-requests",
          "--out");
      load = new LoadFleet.Settings(flags.number("--clients", 3, 1, 64),
          flags.number("--outstanding", 50, 1, 100_000),
          OperationMix.parse(flags.text("--mix").orElse("set:100")),
          flags.number("--keys", 10_000, 1, 10_000_000),
          flags.number("--value-size", 100, 1, 512 * 1024));
      seconds = flags.number("--seconds", 10, 1, 3600);
      warmup = flags.number("--warmup", 20, 0, 3600);
      watches = flags.number("--watches", 10, 1, 1000);
      watcherJvms = flags.number("--watcher-jvms", 3, 1, 64);
      if (watcherJvms > watches) {
        throw new IllegalArgumentException("--watcher-jvms must not exceed --watches");
      }
      glob = flags.text("--glob").orElse("*");
      rounds = flags.number("--rounds", 1, 1, 100);
      compareRedis = flags.isSet("--compare-redis");
      redisRequests = flags.number("--redis-requests", 1_000_000, 1_000, 100_000_000);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage() + (e.getMessage().endsWith(USAGE) ? "" : "; " + USAGE));
      return 2;
    }
    String command = ChildJvms.command(WatchFanout.class, args);
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      ProjectLayout layout = ProjectLayout.locate();
      WatchFanout tool = new WatchFanout(out, layout, started);
      out.println("command: " + command);
      out.println(Machine.describe());
      ManagerProcess manager = tool.children.startManager(started);
      Optional<RedisServer> redis = Optional.empty();
      String redisVersion = null;
      if (compareRedis) {
        Optional<String> missing = RedisServer.missing();
        if (missing.isPresent()) {
          out.println(missing.get() + "; running Shared Store only");
        } else {
          redisVersion = RedisServer.version();
          redis = Optional.of(started.add(RedisServer.start(List.of("--appendonly", "no",
              "--notify-keyspace-events", "KA"))));
          out.println("redis: " + redisVersion + ", port " + redis.get().port()
              + " (notify-keyspace-events KA, no persistence)");
        }
      }
      List<Run> runs = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        runs.add(tool.ours(round, manager.address(), load, seconds, warmup, 0, 0, glob));
        runs.add(tool.ours(round, manager.address(), load, seconds, warmup, watches,
            watcherJvms, glob));
        if (redis.isPresent()) {
          runs.add(tool.redis(round, redis.get(), load, redisRequests, 0));
          runs.add(tool.redis(round, redis.get(), load, redisRequests, watches));
        }
      }
      tool.print(runs, load, watches, watcherJvms, glob, seconds);
      Path dir = flags.text("--out").map(Path::of)
          .orElse(layout.root().resolve("bench-results"));
      Path file = write(dir, command, load, seconds, warmup, watches, watcherJvms, glob,
          redisVersion, runs);
      out.println("wrote " + file);
      boolean clean = runs.stream().allMatch(r -> r.errors() == 0 && r.writesPerSecond() > 0
          && r.resets() == 0 && r.outOfOrder() == 0);
      if (!clean) {
        out.println("FAILED: errors, resets, events out of order or no writes (see above)");
        return 1;
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (TimeoutException | IOException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  /** One run of our write load, with {@code watches} watches over {@code jvms} JVMs (or none). */
  private Run ours(int round, String manager, LoadFleet.Settings load, int seconds, int warmup,
      int watches, int jvms, String glob) throws InterruptedException, TimeoutException {
    out.printf(Locale.ROOT, "%n== round %d, shared-store, %s: %s; %d s warm-up, %d s measured ==%n",
        round, watches == 0 ? "no watchers" : watches + " watches of " + glob + " in " + jvms
            + " JVMs", load.describe(), warmup, seconds);
    String loadBefore = Machine.loadAverage();
    Path dir = ChildJvms.tempDir("shared-store-watch-fanout");
    Path goFile = dir.resolve("go");
    List<JvmProcess> watchers = new ArrayList<>();
    LoadFleet fleet = null;
    try {
      for (int i = 0; i < jvms; i++) {
        int share = BenchOptions.share(watches, jvms, i);
        watchers.add(started.add(children.start("watcher-" + (i + 1), FanoutWatcher.class,
            List.of("--manager", manager, "--id", Integer.toString(WATCHER_FIRST_ID + i),
                "--watches", Integer.toString(share), "--glob", glob,
                "--go-file", goFile.toString()))));
      }
      for (JvmProcess watcher : watchers) {
        ChildJvms.awaitReady(watcher);
      }
      fleet = LoadFleet.start(children, started, manager, load, LOAD_FIRST_ID, goFile);
      out.println("starting the load JVMs, pre-filling ...");
      fleet.awaitReady();
      long measureStart = System.currentTimeMillis() + Math.max(200, warmup * 1000L);
      long measureEnd = measureStart + seconds * 1000L;
      ClientProtocol.writeGo(goFile, measureStart, measureEnd);
      ChildJvms.sleepUntil(measureEnd);
      LoadFleet.Result result = fleet.collect(seconds, out);
      List<Long> events = new ArrayList<>();
      long resets = 0;
      long outOfOrder = 0;
      for (JvmProcess watcher : watchers) {
        ChildJvms.awaitExit(watcher, Duration.ofSeconds(60));
        for (String line : watcher.lines()) {
          String[] fields = line.split(" ");
          if (fields[0].equals(FanoutWatcher.WATCH) && fields.length == 5) {
            events.add(Long.parseLong(fields[1]));
            resets += Long.parseLong(fields[3]);
            outOfOrder += Long.parseLong(fields[4]);
          }
        }
      }
      if (events.size() != watches) {
        throw new IllegalStateException("expected " + watches + " watch reports, got "
            + events.size());
      }
      double writes = result.opsPerSecond(Operation.SET, seconds)
          + result.opsPerSecond(Operation.INCREMENT, seconds);
      out.printf(Locale.ROOT, "  writes %,.0f/s (all operations %,.0f/s), errors %d%s%n", writes,
          result.opsPerSecond(), result.errors(), events.isEmpty() ? ""
              : String.format(Locale.ROOT, "; events per watch %,.0f/s (min %,.0f)",
                  events.stream().mapToLong(Long::longValue).average().orElse(0) / seconds,
                  events.stream().mapToLong(Long::longValue).min().orElse(0) / (double) seconds));
      return new Run("shared-store", round, watches, writes, result.errors(), events, resets,
          outOfOrder, loadBefore, Optional.empty());
    } finally {
      if (fleet != null) {
        fleet.stop(started);
      }
      for (JvmProcess watcher : watchers) {
        started.stop(watcher);
      }
      ChildJvms.deleteQuietly(dir);
    }
  }

  /** redis-benchmark's SET load, with {@code subscribers} keyspace subscribers (or none). */
  private Run redis(int round, RedisServer server, LoadFleet.Settings load, int requests,
      int subscribers) throws InterruptedException, IOException {
    int clients = load.clients() * load.outstandingEach();
    out.printf(Locale.ROOT, "%n== round %d, redis, %s: redis-benchmark -t set -c %d -n %,d ==%n",
        round, subscribers == 0 ? "no subscribers"
            : subscribers + " connections PSUBSCRIBE " + KEYSPACE_PATTERN, clients, requests);
    String loadBefore = Machine.loadAverage();
    List<RedisSubscriber> subscribed = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        subscribed.add(RedisSubscriber.start(server.port(), KEYSPACE_PATTERN,
            "redis-subscriber-" + (i + 1)));
      }
      Thread.sleep(200); // the PSUBSCRIBEs are answered before the load starts
      RedisBenchmark.Run run = RedisBenchmark.run(server, started, clients, requests, 1,
          load.valueSize(), load.keys(), OperationMix.parse("set:100"));
      Thread.sleep(500); // the last pushes reach the subscribers
      List<Long> messages = subscribed.stream().map(RedisSubscriber::messages).toList();
      String disconnected = subscribed.stream().flatMap(s -> s.disconnected().stream())
          .findFirst().orElse(null);
      double sets = run.tests().get("SET").opsPerSecond();
      out.printf(Locale.ROOT, "  SET %,.0f/s, %.1f s%s%s%n", sets, run.wallSeconds(),
          messages.isEmpty() ? "" : String.format(Locale.ROOT,
              "; messages per subscriber %,.0f of %,d sets (min %,d)",
              messages.stream().mapToLong(Long::longValue).average().orElse(0), requests,
              messages.stream().mapToLong(Long::longValue).min().orElse(0)),
          disconnected == null ? "" : "; a subscriber was disconnected: " + disconnected);
      return new Run("redis", round, subscribers, sets, 0, messages, 0, 0, loadBefore,
          Optional.of(run.command()
              + (disconnected == null ? "" : "; subscriber disconnected: " + disconnected)));
    } finally {
      for (RedisSubscriber subscriber : subscribed) {
        subscriber.close();
      }
    }
  }

  private static final String ROW = "  %-13s %5s %8s %12s %8s %16s%n";

  private void print(List<Run> runs, LoadFleet.Settings load, int watches, int jvms,
      String glob, int seconds) {
    out.printf(Locale.ROOT, "%nWatch fan-out: write throughput with %d watchers (ours: %d watches"
            + " of %s in %d JVMs; Redis: %d PSUBSCRIBE %s) / without; load %s%n", watches,
        watches, glob, jvms, watches, KEYSPACE_PATTERN, load.describe());
    out.printf(Locale.ROOT, ROW, "system", "round", "watchers", "writes/s", "ratio",
        "events/s/watcher");
    for (int i = 0; i + 1 < runs.size(); i += 2) {
      Run without = runs.get(i);
      Run with = runs.get(i + 1);
      out.printf(Locale.ROOT, ROW, without.system(), without.round(), 0,
          String.format(Locale.ROOT, "%,.0f", without.writesPerSecond()), "", "");
      double perWatcher = with.watchEventsInWindow().stream().mapToLong(Long::longValue)
          .average().orElse(0);
      String events = with.system().equals("redis")
          ? String.format(Locale.ROOT, "%,.0f msgs", perWatcher)
          : String.format(Locale.ROOT, "%,.0f", perWatcher / seconds);
      out.printf(Locale.ROOT, ROW, with.system(), with.round(), with.watches(),
          String.format(Locale.ROOT, "%,.0f", with.writesPerSecond()),
          Report.ratio(with.writesPerSecond(), without.writesPerSecond()), events);
    }
    out.println("Target: shared-store's ratio ≥ 0.8");
  }

  private static Path write(Path dir, String command, LoadFleet.Settings load, int seconds,
      int warmup, int watches, int jvms, String glob, String redisVersion, List<Run> runs) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = WatchResultFile.root(json, command);
    root.put("load", load.describe());
    root.put("seconds", seconds);
    root.put("warmupSeconds", warmup);
    root.put("watches", watches);
    root.put("watcherJvms", jvms);
    root.put("glob", glob);
    root.put("redisVersion", redisVersion);
    ArrayNode array = root.putArray("runs");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      ObjectNode node = array.addObject();
      node.put("system", run.system());
      node.put("round", run.round());
      node.put("watchers", run.watches());
      node.put("writesPerSecond", run.writesPerSecond());
      node.put("errors", run.errors());
      node.set(run.system().equals("redis") ? "messagesPerSubscriber" : "eventsPerWatchInWindow",
          json.valueToTree(run.watchEventsInWindow()));
      node.put("resets", run.resets());
      node.put("outOfOrder", run.outOfOrder());
      node.put("loadAverageBefore", run.loadBefore());
      run.detail().ifPresent(d -> node.put("detail", d));
      if (run.watches() > 0 && i > 0) {
        node.put("ratioToWithout", run.writesPerSecond() / runs.get(i - 1).writesPerSecond());
      }
    }
    return WatchResultFile.write(json, root, dir, "watch-fanout");
  }
}
