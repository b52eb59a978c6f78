package io.sharedstore.bench;

import io.sharedstore.store.internal.CommandLineFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags of {@code bin/shared-store bench}; see {@link #USAGE}.
 *
 * @param outstanding the total operations in flight over all clients, one configuration each
 * @param callers how the clients issue calls, one configuration each per {@code outstanding}
 * @param threads the caller threads of each client JVM with {@code --callers threads} (at most
 *     its share of the outstanding operations)
 * @param manager a running manager to load instead of starting one
 * @param out where the JSON, CSV and SVG go; empty: {@code bench-results/} in the checkout
 * @param persistence {@code --data-dir} and {@code --fsync}; empty: the manager (and Redis) in
 *     memory only
 * @param nearCache {@code --near-cache GLOB}: the clients' gets of keys matching it go through a
 *     {@code NearCache}; empty: every get goes to the manager
 * @param compareMetrics {@code --compare-metrics}: each configuration runs four times, each
 *     against a manager of its own, metrics off, on, on, off (on: {@code
 *     shared-store.metrics.port} set and {@code /metrics} scraped once a second)
 * @param cluster {@code --cluster N} and its flags ({@link ClusterBenchOptions}); empty: one
 *     manager
 */
record BenchOptions(
    int clients,
    List<Integer> outstanding,
    List<CallerMode> callers,
    int threads,
    int seconds,
    int warmup,
    int valueSize,
    int keys,
    OperationMix mix,
    Optional<Duration> ttl,
    Optional<String> manager,
    boolean compareRedis,
    int redisRequests,
    Optional<Path> out,
    Optional<BenchPersistence> persistence,
    Optional<String> nearCache,
    boolean compareMetrics,
    Optional<ClusterBenchOptions> cluster) {

  static final String USAGE =
      "usage: bench [--clients 3] [--outstanding 50[,200,...]] [--callers chained|threads[,...]]"
          + " [--threads 4] [--seconds 10] [--warmup 30]"
          + " [--value-size 100] [--keys 10000] [--mix get:80,set:20] [--ttl DURATION]"
          + " [--manager HOST:PORT] [--compare-redis] [--redis-requests 200000] [--out DIR]"
          + " [--data-dir DIR [--fsync everysec|always|no]] [--near-cache GLOB] [--compare-metrics] "
          + ClusterBenchOptions.USAGE_PART;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /**
   * Reads the flags.
   *
   * @throws IllegalArgumentException on an unknown, incomplete or out-of-range flag
   */
  static BenchOptions parse(String[] args) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of("--compare-redis", "--compare-metrics", "--failover"),
            "--clients", "--outstanding", "--callers", "--threads", "--seconds", "--warmup", "--value-size", "--keys",
            "--mix", "--ttl", "--manager", "--redis-requests", "--out", "--data-dir", "--fsync",
            "--near-cache", "--cluster", "--durability", "--recovery-keys", "--stable-after");
    try {
      Optional<ClusterBenchOptions> cluster = ClusterBenchOptions.parse(flags);
      BenchOptions options = new BenchOptions(
          flags.number("--clients", 3, 1, 64),
          outstanding(flags.text("--outstanding").orElse("50")),
          CallerMode.list(flags.text("--callers").orElse("chained")),
          flags.number("--threads", 4, 1, 1024),
          flags.number("--seconds", 10, 1, 3600),
          flags.number("--warmup", 30, 0, 3600),
          flags.number("--value-size", 100, 1, 512 * 1024),
          flags.number("--keys", 10_000, 1, 10_000_000),
          OperationMix.parse(flags.text("--mix").orElse("get:80,set:20")),
          flags.text("--ttl").map(BenchOptions::duration),
          flags.text("--manager"),
          flags.isSet("--compare-redis"),
          flags.number("--redis-requests", 200_000, 1_000, 100_000_000),
          flags.text("--out").map(Path::of),
          persistence(flags),
          flags.text("--near-cache").map(BenchOptions::nearCacheGlob),
          flags.isSet("--compare-metrics"),
          cluster);
      if (options.compareMetrics()
          && (options.manager().isPresent() || options.persistence().isPresent())) {
        throw new IllegalArgumentException("--compare-metrics starts managers of its own, in"
            + " memory: it cannot go with --manager or --data-dir");
      }
      if (options.nearCache().isPresent() && options.callers().contains(CallerMode.CHAINED)
          && !(options.mix().includes(Operation.SET)
              || options.mix().includes(Operation.INCREMENT))) {
        throw new IllegalArgumentException("--near-cache with --callers chained needs a write in"
            + " --mix (e.g. get:80,set:20): with gets alone every call completes at once and a"
            + " chain never gives its thread back");
      }
      return options;
    } catch (IllegalArgumentException e) {
      if (e.getMessage().endsWith(USAGE)) {
        throw e;
      }
      throw new IllegalArgumentException(e.getMessage() + "; " + USAGE, e);
    }
  }

  /** {@code --data-dir} (checked) with {@code --fsync} (default everysec, as the manager's). */
  private static Optional<BenchPersistence> persistence(CommandLineFlags flags) {
    Optional<String> dir = flags.text("--data-dir");
    Optional<String> fsync = flags.text("--fsync");
    if (dir.isEmpty()) {
      if (fsync.isPresent()) {
        throw new IllegalArgumentException("--fsync needs --data-dir");
      }
      return Optional.empty();
    }
    if (flags.text("--manager").isPresent()) {
      throw new IllegalArgumentException(
          "--data-dir sets up the manager the bench starts; it cannot go with --manager");
    }
    return Optional.of(BenchPersistence.of(Path.of(dir.get()),
        BenchPersistence.Fsync.parse(fsync.orElse("everysec"))));
  }

  /** {@code --near-cache}: a valid glob that can match the bench's keys ({@code bench:*}). */
  static String nearCacheGlob(String glob) {
    Optional<String> problem = io.sharedstore.store.internal.Glob.problem(glob, 1024);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("--near-cache: " + problem.get());
    }
    return glob;
  }

  /** The outstanding operations of one client of {@code clients} at {@code total} in all. */
  static int share(int total, int clients, int index) {
    return total / clients + (index < total % clients ? 1 : 0);
  }

  /** The clients that get at least one outstanding operation at {@code total}. */
  int activeClients(int total) {
    return Math.min(clients, total);
  }

  /** {@code 1,50,200}: positive, at most 100,000 each. */
  static List<Integer> outstanding(String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",")) {
      int value;
      try {
        value = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--outstanding must be a number or a comma list of numbers, was " + text, e);
      }
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("--outstanding must be in 1..100000, was " + value);
      }
      values.add(value);
    }
    return List.copyOf(values);
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}; positive. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--ttl must be a duration such as 500ms, 30s, 5m or 2h, was " + text);
    }
    long amount = Long.parseLong(m.group(1));
    Duration ttl =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    if (ttl.isZero()) {
      throw new IllegalArgumentException("--ttl must be positive, was " + text);
    }
    return ttl;
  }
}
