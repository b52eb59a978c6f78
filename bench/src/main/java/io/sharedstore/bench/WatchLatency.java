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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/shared-store watch-latency}: how soon a watcher in one JVM sees a write
 * acknowledged in another. Starts a manager JVM, then for each phase a watcher JVM ({@link
 * WatchLatencyWatcher}, watching {@code latency:*}) and a writer JVM ({@link WatchLatencyWriter},
 * {@code --rate} sets per second of {@code latency:(n % 64) = n}); in the {@code load} phase also
 * {@code --load-clients} {@link LoadClient} JVMs keeping {@code --load-outstanding} operations each
 * in flight on {@code bench:*}. After {@code --warmup} seconds of writes it measures for {@code
 * --seconds}: the writer records each write's wall-clock time of sending and of its
 * acknowledgement, the watcher the wall-clock time its callback got the event; joined by sequence,
 * this gives the latency acknowledgement → callback (the target) and sending → callback.
 * All JVMs run on this machine and read one clock ({@link WallClock}). An event that reached the
 * watcher before the writer saw its acknowledgement counts as 0 and is counted apart; a measured
 * acknowledged write the watcher never saw is "missing" and fails the run.
 *
 * <p>Prints a table per phase and the targets (idle p50 ≤ 1 ms, p99 ≤ 5 ms; load p99 ≤ 20 ms) met
 * or not; writes {@code bench-results/watch-latency-STAMP.json}.
 */
public final class WatchLatency {

  static final String USAGE = "usage: watch-latency [--rate 1000] [--seconds 10] [--warmup 10]"
      + " [--phases idle,load] [--load-clients 3] [--load-outstanding 50] [--load-mix get:80,set:20]"
      + " [--keys 10000] [--value-size 100] [--out DIR]";

  private static final int WRITER_ID = 101;
  private static final int WATCHER_ID = 201;
  private static final int LOAD_FIRST_ID = 1;

  /** The figures of one phase; latencies in microseconds. */
  record PhaseResult(String phase, long writes, long writeErrors, long seen, long missing,
      long duplicates, long resets, long callbackBeforeAck, Histogram ackToCallback,
      Histogram sendToCallback, Optional<LoadFleet.Result> load, String loadBefore,
      String loadAfter) {}

  private final PrintStream out;
  private final ChildJvms children;
  private final StartedProcesses started;
  private final ProjectLayout layout;

  private WatchLatency(PrintStream out, ProjectLayout layout, StartedProcesses started) {
    this.out = out;
    this.layout = layout;
    this.children = new ChildJvms(layout, out);
    this.started = started;
  }

  public static void main(String[] args) {
    ToolMain.runDriver(args, WatchLatency::run);
  }

  /** Runs the measurement; answers the exit status. */
  static int run(String[] args, PrintStream out) {
    CommandLineFlags flags;
    int rate;
    int seconds;
    int warmup;
    List<String> phases;
    LoadFleet.Settings load;
    try {
      flags = CommandLineFlags.parse(args, USAGE, "--rate", "--seconds", "--warmup", "--phases",
          "--load-clients", "--load-outstanding", "--load-mix", "--keys", "--value-size", "--out");
      rate = flags.number("--rate", 1000, 1, 100_000);
      seconds = flags.number("--seconds", 10, 1, 3600);
      warmup = flags.number("--warmup", 10, 0, 3600);
      phases = List.of(flags.text("--phases").orElse("idle,load").split(","));
      for (String phase : phases) {
        if (!phase.equals("idle") && !phase.equals("load")) {
          throw new IllegalArgumentException("--phases: idle and/or load, was " + phase);
        }
      }
      load = new LoadFleet.Settings(flags.number("--load-clients", 3, 1, 64),
          flags.number("--load-outstanding", 50, 1, 100_000),
          OperationMix.parse(flags.text("--load-mix").orElse("get:80,set:20")),
          flags.number("--keys", 10_000, 1, 10_000_000),
          flags.number("--value-size", 100, 1, 512 * 1024));
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage() + (e.getMessage().endsWith(USAGE) ? "" : "; " + USAGE));
      return 2;
    }
    String command = ChildJvms.command(WatchLatency.class, args);
    try (StartedProcesses started = StartedProcesses.withShutdownHook()) {
      ProjectLayout layout = ProjectLayout.locate();
      WatchLatency tool = new WatchLatency(out, layout, started);
      out.println("command: " + command);
      out.println(Machine.describe());
      ManagerProcess manager = tool.children.startManager(started);
      List<PhaseResult> results = new ArrayList<>();
      for (String phase : phases) {
        results.add(tool.runPhase(phase, manager.address(), rate, seconds, warmup,
            phase.equals("load") ? Optional.of(load) : Optional.empty()));
      }
      tool.print(results, rate, seconds, load);
      Path dir = flags.text("--out").map(Path::of)
          .orElse(layout.root().resolve("bench-results"));
      Path file = write(dir, command, rate, seconds, warmup, load, results);
      out.println("wrote " + file);
      boolean clean = results.stream().allMatch(
          r -> r.missing() == 0 && r.writeErrors() == 0 && r.writes() > 0
              && r.load().map(l -> l.errors() == 0).orElse(true));
      if (!clean) {
        out.println("FAILED: writes failed, none measured, or acknowledged writes never reached"
            + " the watcher (see above)");
        return 1;
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("FAILED: interrupted");
      return 1;
    } catch (TimeoutException | RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    }
  }

  private PhaseResult runPhase(String phase, String manager, int rate, int seconds, int warmup,
      Optional<LoadFleet.Settings> load) throws InterruptedException, TimeoutException {
    out.printf(Locale.ROOT, "%n== %s: %,d writes/s from a writer JVM, a watcher JVM on %s*%s;"
            + " %d s warm-up, %d s measured ==%n", phase, rate, WatchLatencyWriter.KEY_PREFIX,
        load.map(l -> "; load: " + l.describe()).orElse(""), warmup, seconds);
    String loadBefore = Machine.loadAverage();
    Path dir = ChildJvms.tempDir("shared-store-watch-latency");
    Path goFile = dir.resolve("go");
    Path writes = dir.resolve("writes.txt");
    Path events = dir.resolve("events.txt");
    int capacity = rate * (warmup + seconds + 5) + 10;
    List<JvmProcess> jvms = new ArrayList<>();
    Optional<LoadFleet> fleet = Optional.empty();
    try {
      JvmProcess watcher = started.add(children.start("watcher", WatchLatencyWatcher.class,
          List.of("--manager", manager, "--id", Integer.toString(WATCHER_ID),
              "--glob", WatchLatencyWriter.KEY_PREFIX + "*", "--capacity",
              Integer.toString(capacity), "--go-file", goFile.toString(),
              "--out", events.toString())));
      jvms.add(watcher);
      JvmProcess writer = started.add(children.start("writer", WatchLatencyWriter.class,
          List.of("--manager", manager, "--id", Integer.toString(WRITER_ID),
              "--rate", Integer.toString(rate), "--capacity", Integer.toString(capacity),
              "--go-file", goFile.toString(), "--out", writes.toString())));
      jvms.add(writer);
      if (load.isPresent()) {
        fleet = Optional.of(LoadFleet.start(children, started, manager, load.get(),
            LOAD_FIRST_ID, goFile));
      }
      out.println("starting the JVMs ...");
      for (JvmProcess jvm : jvms) {
        ChildJvms.awaitReady(jvm);
      }
      if (fleet.isPresent()) {
        fleet.get().awaitReady();
      }
      long measureStart = System.currentTimeMillis() + Math.max(200, warmup * 1000L);
      long measureEnd = measureStart + seconds * 1000L;
      ClientProtocol.writeGo(goFile, measureStart, measureEnd);
      out.printf(Locale.ROOT, "warming up %d s, then measuring %d s ...%n", warmup, seconds);
      ChildJvms.sleepUntil(measureEnd);
      String loadAfter = Machine.loadAverage();
      Optional<LoadFleet.Result> loadResult = Optional.empty();
      if (fleet.isPresent()) {
        loadResult = Optional.of(fleet.get().collect(seconds, out));
      }
      Duration exitTimeout = Duration.ofSeconds(60);
      ChildJvms.awaitExit(writer, exitTimeout);
      ChildJvms.awaitExit(watcher, exitTimeout);
      long[] writerCounts = counts(writer, WatchLatencyWriter.DONE, 2);
      long[] watcherCounts = counts(watcher, WatchLatencyWatcher.DONE, 3);
      return join(phase, writes, events, writerCounts, watcherCounts, loadResult, loadBefore,
          loadAfter);
    } finally {
      for (JvmProcess jvm : jvms) {
        started.stop(jvm);
      }
      fleet.ifPresent(f -> f.stop(started));
      ChildJvms.deleteQuietly(dir);
    }
  }

  /** The numbers of a child's {@code TAG N N...} line. */
  private static long[] counts(JvmProcess jvm, String tag, int n) {
    for (String line : jvm.lines()) {
      String[] fields = line.split(" ");
      if (fields[0].equals(tag) && fields.length == n + 1) {
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
          counts[i] = Long.parseLong(fields[i + 1]);
        }
        return counts;
      }
    }
    throw new IllegalStateException(jvm.name() + " printed no " + tag + " line; its last output:\n"
        + jvm.tail(15));
  }

  /** Joins the writer's and the watcher's records by sequence. */
  private static PhaseResult join(String phase, Path writes, Path events, long[] writer,
      long[] watcher, Optional<LoadFleet.Result> load, String loadBefore, String loadAfter) {
    Map<Long, Long> eventAt = new HashMap<>();
    for (String line : lines(events)) {
      String[] fields = line.split(" ");
      eventAt.put(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
    }
    Histogram ackToCallback = new Histogram(3);
    Histogram sendToCallback = new Histogram(3);
    long acknowledged = 0;
    long seen = 0;
    long missing = 0;
    long beforeAck = 0;
    for (String line : lines(writes)) {
      String[] fields = line.split(" ");
      long sequence = Long.parseLong(fields[0]);
      long sent = Long.parseLong(fields[1]);
      long acked = Long.parseLong(fields[2]);
      if (acked == 0) {
        continue; // failed: counted in the writer's errors
      }
      acknowledged++;
      Long at = eventAt.get(sequence);
      if (at == null) {
        missing++;
        continue;
      }
      seen++;
      long latency = at - acked;
      if (latency < 0) {
        beforeAck++;
        latency = 0;
      }
      ackToCallback.recordValue(latency);
      sendToCallback.recordValue(Math.max(0, at - sent));
    }
    return new PhaseResult(phase, writer[0], writer[1], seen, missing, watcher[1], watcher[2],
        beforeAck, ackToCallback, sendToCallback, load, loadBefore, loadAfter);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static final String ROW =
      "  %-6s %8s %8s %7s %9s %8s %8s %8s %8s %8s %8s %8s %12s%n";

  private void print(List<PhaseResult> results, int rate, int seconds, LoadFleet.Settings load) {
    out.printf(Locale.ROOT, "%nWatch latency: writer's acknowledgement → watcher's callback, ms"
        + " (%,d writes/s; load: %s)%n"
        + "  ahead %%: share of events whose callback ran before the writer's stage completed"
        + " (counted as 0 ms); send: from sending the set to the callback%n", rate,
        load.describe());
    out.printf(Locale.ROOT, ROW, "phase", "writes", "seen", "missing", "ahead %", "p50", "p90", "p99",
        "p99.9", "max", "send p50", "send p99", "load ops/s");
    for (PhaseResult r : results) {
      Histogram h = r.ackToCallback();
      out.printf(Locale.ROOT, ROW, r.phase(), r.writes(), r.seen(), r.missing(),
          String.format(Locale.ROOT, "%.1f", r.seen() == 0 ? 0.0
              : 100.0 * r.callbackBeforeAck() / r.seen()),
          ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), ms(h, 100), ms(r.sendToCallback(), 50),
          ms(r.sendToCallback(), 99),
          r.load().map(l -> String.format(Locale.ROOT, "%,.0f", l.opsPerSecond())).orElse("-"));
    }
    for (PhaseResult r : results) {
      out.printf(Locale.ROOT, "  %s: write errors %d, duplicates %d, resets %d, callback before"
              + " the writer saw its ack %d, load errors %s (load average before %s, after %s)%n",
          r.phase(), r.writeErrors(), r.duplicates(), r.resets(), r.callbackBeforeAck(),
          r.load().map(l -> Long.toString(l.errors())).orElse("-"), r.loadBefore(),
          r.loadAfter());
    }
    out.println("Targets:");
    for (PhaseResult r : results) {
      Histogram h = r.ackToCallback();
      if (r.phase().equals("idle")) {
        target("idle p50 ≤ 1 ms", percentileMillis(h, 50), 1);
        target("idle p99 ≤ 5 ms", percentileMillis(h, 99), 5);
      } else {
        target("load p99 ≤ 20 ms", percentileMillis(h, 99), 20);
      }
    }
  }

  private void target(String name, double value, double limit) {
    out.printf(Locale.ROOT, "  %-18s %8.3f ms  %s%n", name, value,
        value <= limit ? "met" : "NOT met");
  }

  static double percentileMillis(Histogram micros, double percentile) {
    if (micros.getTotalCount() == 0) {
      return Double.NaN;
    }
    long value = percentile >= 100 ? micros.getMaxValue() : micros.getValueAtPercentile(percentile);
    return value / 1000.0;
  }

  private static String ms(Histogram micros, double percentile) {
    return String.format(Locale.ROOT, "%.3f", percentileMillis(micros, percentile));
  }

  private static Path write(Path dir, String command, int rate, int seconds, int warmup,
      LoadFleet.Settings load, List<PhaseResult> results) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = WatchResultFile.root(json, command);
    root.put("writesPerSecond", rate);
    root.put("seconds", seconds);
    root.put("warmupSeconds", warmup);
    root.put("load", load.describe());
    ArrayNode phases = root.putArray("phases");
    for (PhaseResult r : results) {
      ObjectNode node = phases.addObject();
      node.put("phase", r.phase());
      node.put("writes", r.writes());
      node.put("writeErrors", r.writeErrors());
      node.put("seen", r.seen());
      node.put("missing", r.missing());
      node.put("duplicates", r.duplicates());
      node.put("resets", r.resets());
      node.put("callbackBeforeAck", r.callbackBeforeAck());
      node.set("ackToCallbackMillis", percentiles(json, r.ackToCallback()));
      node.set("sendToCallbackMillis", percentiles(json, r.sendToCallback()));
      node.put("loadAverageBefore", r.loadBefore());
      node.put("loadAverageAfter", r.loadAfter());
      if (r.load().isPresent()) {
        node.put("loadOpsPerSecond", r.load().get().opsPerSecond());
        node.put("loadErrors", r.load().get().errors());
      }
    }
    return WatchResultFile.write(json, root, dir, "watch-latency");
  }

  static ObjectNode percentiles(ObjectMapper json, Histogram micros) {
    ObjectNode node = json.createObjectNode();
    node.put("count", micros.getTotalCount());
    for (double p : new double[] {50, 90, 99, 99.9}) {
      node.put("p" + (p == 99.9 ? "999" : Integer.toString((int) p)), percentileMillis(micros, p));
    }
    node.put("max", percentileMillis(micros, 100));
    return node;
  }
}
