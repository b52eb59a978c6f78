package io.sharedstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one {@code startup-run}: printed as a summary, and written as {@code NAME.json}
 * and {@code NAME.md} (a table for {@code docs/benchmarks.md}).
 */
final class StartupReport {

  /** Start-up target of issue 10: serving within this long of the JVM's launch. */
  static final long TARGET_SERVING_MILLIS = 5_000;
  /** Disk target of issue 10: bytes per entry at most this many times Redis's RDB. */
  static final double TARGET_DISK_RATIO = 1.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String command;
  private final StartupOptions options;
  private final String loadBefore;
  private final ManagerStartup.Result manager;
  private final Optional<RedisStartup.Result> redis;

  StartupReport(String command, StartupOptions options, String loadBefore,
      ManagerStartup.Result manager, Optional<RedisStartup.Result> redis) {
    this.command = command;
    this.options = options;
    this.loadBefore = loadBefore;
    this.manager = manager;
    this.redis = redis;
  }

  /** The summary lines: start-up and disk figures, targets and ratios. */
  void print(PrintStream out) {
    int n = options.keys();
    out.println();
    out.printf(Locale.ROOT, "start-up with %,d keys of %d bytes, fsync %s:%n", n,
        options.valueSize(), options.fsync().flagName());
    out.printf(Locale.ROOT, "  shared store: serving %,d ms after the JVM's launch (listening"
            + " at %,d ms), target <= %,d ms: %s%n", manager.launchToFirstGetMillis(),
        manager.launchToListeningMillis(), TARGET_SERVING_MILLIS,
        manager.launchToFirstGetMillis() <= TARGET_SERVING_MILLIS ? "met" : "NOT met");
    out.printf(Locale.ROOT, "  shared store, empty directory (baseline): serving %,d ms after"
        + " the launch (listening at %,d ms)%n", manager.emptyLaunchToFirstGetMillis(),
        manager.emptyLaunchToListeningMillis());
    redis.ifPresent(r -> out.printf(Locale.ROOT, "  redis: serving %,d ms after the launch"
            + " (accepting at %,d ms); shared store / redis = %.2f%n",
        r.launchToServingMillis(), r.launchToAcceptMillis(),
        (double) manager.launchToFirstGetMillis() / r.launchToServingMillis()));
    out.printf(Locale.ROOT, "disk after the fill and stop: shared store %s = %.1f bytes per"
        + " entry%n", describe(manager.afterStop()), perEntry(manager.afterStop().total()));
    redis.ifPresent(r -> {
      out.printf(Locale.ROOT, "  redis AOF directory %s = %.1f bytes per entry%n",
          describe(r.afterShutdown()), perEntry(r.afterShutdown().total()));
      double ratio = diskRatio(r);
      out.printf(Locale.ROOT, "  redis RDB (SAVE) %,d bytes = %.1f bytes per entry; shared"
              + " store / RDB = %.2f, target <= %.1f: %s%n", r.rdbBytes(),
          perEntry(r.rdbBytes()), ratio, TARGET_DISK_RATIO,
          ratio <= TARGET_DISK_RATIO ? "met" : "NOT met");
    });
    if (!manager.afterStop().byKind().containsKey("snapshot")) {
      out.println("  (no snapshot in the directory: log only, no rewrite happened)");
    }
    out.printf(Locale.ROOT, "fill: shared store %,.0f keys/s%s%n", manager.fillRate(n),
        redis.map(r -> String.format(Locale.ROOT, ", redis-cli --pipe %,.0f keys/s",
            r.fillRate(n))).orElse(""));
  }

  /** Writes {@code dir/name.json} and {@code dir/name.md}; answers their paths. */
  List<Path> write(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve(name + ".json");
      Path md = dir.resolve(name + ".md");
      JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), json());
      Files.writeString(md, markdown());
      return List.of(json, md);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results to " + dir, e);
    }
  }

  ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("timestamp", OffsetDateTime.now().withNano(0).toString());
    root.put("command", command);
    root.put("javaOpts", System.getenv().getOrDefault("JAVA_OPTS", ""));
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("loadAverageBefore", loadBefore);
    ObjectNode flags = root.putObject("options");
    flags.put("keys", options.keys());
    flags.put("valueSize", options.valueSize());
    flags.put("fsync", options.fsync().flagName());
    flags.put("fill", options.fill().flagName());
    flags.put("outstanding", options.outstanding());
    flags.put("compareRedis", options.compareRedis());
    flags.set("managerOptions", JSON.valueToTree(options.managerOptions()));

    ObjectNode ours = root.putObject("sharedStore");
    ours.put("fillSeconds", manager.fillSeconds());
    ours.put("fillKeysPerSecond", manager.fillRate(options.keys()));
    ours.put("sigtermToExitMillis", manager.stopMillis());
    ours.set("directoryAfterStop", usage(manager.afterStop()));
    ours.put("emptyDirectoryLaunchToListeningMillis", manager.emptyLaunchToListeningMillis());
    ours.put("emptyDirectoryLaunchToFirstGetMillis", manager.emptyLaunchToFirstGetMillis());
    ours.put("launchToListeningMillis", manager.launchToListeningMillis());
    ours.put("launchToFirstGetMillis", manager.launchToFirstGetMillis());
    ours.put("servingTargetMillis", TARGET_SERVING_MILLIS);
    ours.put("servingTargetMet", manager.launchToFirstGetMillis() <= TARGET_SERVING_MILLIS);
    ours.put("keysAfterRestart", manager.keysAfterRestart());
    ArrayNode log = ours.putArray("startLog");
    for (StartupLogLines.Line line : manager.startLog()) {
      ObjectNode node = log.addObject();
      node.put("afterLaunchMillis", line.afterLaunchMillis());
      node.put("level", line.level());
      node.put("logger", line.logger());
      node.put("message", line.message());
    }
    ours.set("directoryAfterSecondStop", usage(manager.afterSecondStop()));

    if (redis.isPresent()) {
      RedisStartup.Result r = redis.get();
      ObjectNode node = root.putObject("redis");
      node.put("version", r.version());
      node.put("fillSeconds", r.fillSeconds());
      node.put("fillKeysPerSecond", r.fillRate(options.keys()));
      node.set("directoryAfterShutdown", usage(r.afterShutdown()));
      node.put("launchToAcceptMillis", r.launchToAcceptMillis());
      node.put("launchToServingMillis", r.launchToServingMillis());
      node.set("loadLog", JSON.valueToTree(r.loadLog()));
      node.put("keysAfterRestart", r.keysAfterRestart());
      node.put("rdbBytes", r.rdbBytes());
      node.put("rdbBytesPerEntry", perEntry(r.rdbBytes()));
      ObjectNode ratios = root.putObject("ratiosSharedStoreToRedis");
      ratios.put("serving", (double) manager.launchToFirstGetMillis() / r.launchToServingMillis());
      ratios.put("diskToRdb", diskRatio(r));
      ratios.put("diskToRdbTarget", TARGET_DISK_RATIO);
      ratios.put("diskToRdbTargetMet", diskRatio(r) <= TARGET_DISK_RATIO);
      ratios.put("diskToAof", (double) manager.afterStop().total() / r.afterShutdown().total());
    } else {
      root.putNull("redis");
    }
    return root;
  }

  String markdown() {
    int n = options.keys();
    StringBuilder md = new StringBuilder();
    md.append("```sh\n").append(command).append("\n```\n\n");
    md.append(String.format(Locale.ROOT, "%,d keys of %d random bytes, fsync %s, load average"
        + " before %s%n%n", n, options.valueSize(), options.fsync().flagName(), loadBefore));
    md.append("| | shared store | redis |\n|---|---|---|\n");
    RedisStartup.Result r = redis.orElse(null);
    row(md, "fill (keys/s)", String.format(Locale.ROOT, "%,.0f (%s)", manager.fillRate(n),
        options.fill().flagName()), r == null ? "-" : String.format(Locale.ROOT,
        "%,.0f (redis-cli --pipe)", r.fillRate(n)));
    row(md, "launch to listening / accepting (ms)",
        Long.toString(manager.launchToListeningMillis()),
        r == null ? "-" : Long.toString(r.launchToAcceptMillis()));
    row(md, "launch to serving, empty directory (ms)",
        Long.toString(manager.emptyLaunchToFirstGetMillis()), "-");
    row(md, "launch to serving (ms)", "**" + manager.launchToFirstGetMillis() + "**",
        r == null ? "-" : "**" + r.launchToServingMillis() + "**");
    row(md, "files after the stop", describe(manager.afterStop()),
        r == null ? "-" : describe(r.afterShutdown()));
    row(md, "bytes per entry on disk", String.format(Locale.ROOT, "%.1f",
        perEntry(manager.afterStop().total())), r == null ? "-" : String.format(Locale.ROOT,
        "%.1f (AOF), %.1f (RDB after SAVE)", perEntry(r.afterShutdown().total()),
        perEntry(r.rdbBytes())));
    md.append('\n');
    if (r != null) {
      md.append(String.format(Locale.ROOT, "Ratios shared store / redis: serving %.2f; disk"
              + " per entry %.2f of the RDB (target <= %.1f).%n%n",
          (double) manager.launchToFirstGetMillis() / r.launchToServingMillis(), diskRatio(r),
          TARGET_DISK_RATIO));
    }
    md.append("Manager start-up log (ms after the JVM's launch):\n\n```\n");
    for (StartupLogLines.Line line : manager.startLog()) {
      md.append(String.format(Locale.ROOT, "+%5d %-5s %s%n", line.afterLaunchMillis(),
          line.level(), line.message()));
    }
    md.append("```\n");
    if (r != null && !r.loadLog().isEmpty()) {
      md.append("\nRedis's load lines:\n\n```\n");
      r.loadLog().forEach(line -> md.append(line).append('\n'));
      md.append("```\n");
    }
    return md.toString();
  }

  private double diskRatio(RedisStartup.Result r) {
    return (double) manager.afterStop().total() / r.rdbBytes();
  }

  private double perEntry(long bytes) {
    return (double) bytes / options.keys();
  }

  /** {@code snapshot 1,234 + log 5,678 bytes}. */
  private static String describe(DirectoryUsage usage) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Long> kind : usage.byKind().entrySet()) {
      text.append(text.length() == 0 ? "" : " + ").append(kind.getKey()).append(' ')
          .append(String.format(Locale.ROOT, "%,d", kind.getValue()));
    }
    return (text.length() == 0 ? "nothing" : text) + " bytes";
  }

  private ObjectNode usage(DirectoryUsage usage) {
    ObjectNode node = JSON.createObjectNode();
    node.put("totalBytes", usage.total());
    node.put("bytesPerEntry", perEntry(usage.total()));
    ObjectNode kinds = node.putObject("byKind");
    usage.byKind().forEach((kind, bytes) -> {
      ObjectNode k = kinds.putObject(kind);
      k.put("bytes", bytes);
      k.put("bytesPerEntry", perEntry(bytes));
    });
    node.set("files", JSON.valueToTree(usage.files()));
    return node;
  }

  private static void row(StringBuilder md, String what, String ours, String redis) {
    md.append("| ").append(what).append(" | ").append(ours).append(" | ").append(redis)
        .append(" |\n");
  }
}
