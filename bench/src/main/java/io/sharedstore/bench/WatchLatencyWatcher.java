package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import io.sharedstore.store.internal.CommandLineFlags;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * The watcher JVM of {@link WatchLatency}: connects a {@link ClusterClient}, watches {@code
 * --glob} and, once the manager has registered the watch, prints {@link ClientProtocol#READY}.
 * For every {@code Changed} event of a writer key ({@link WatchLatencyWriter#key}) it reads the
 * wall clock first ({@link WallClock}, microseconds), then the sequence the value carries, and
 * keeps the first arrival of each sequence. It watches until 3 s after the measurement's end, then
 * writes {@code SEQUENCE EVENT_MICROS} per sequence seen to {@code --out} and prints {@code
 * BENCH-WATCHER EVENTS DUPLICATES RESETS} (events: all it received, other keys included).
 */
public final class WatchLatencyWatcher {

  static final String DONE = "BENCH-WATCHER";
  /** How long after the measurement's end the watcher still waits for events. */
  static final long GRACE_MILLIS = 3_000;
  private static final String USAGE = "usage: WatchLatencyWatcher --manager HOST:PORT --id N"
      + " --glob GLOB --capacity N --go-file PATH --out PATH";

  private WatchLatencyWatcher() {}

  public static void main(String[] args) {
    ToolMain.runChild(args, WatchLatencyWatcher::run);
  }

  private static int run(String[] args, PrintStream out) throws Exception {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--manager", "--id", "--glob",
        "--capacity", "--go-file", "--out");
    String manager = flags.text("--manager").orElseThrow(() -> new IllegalArgumentException(USAGE));
    int id = flags.number("--id", 1, 1, 10_000);
    String glob = flags.text("--glob").orElse(WatchLatencyWriter.KEY_PREFIX + "*");
    int capacity = flags.number("--capacity", 1_000_000, 1, 100_000_000);
    Path goFile = Path.of(flags.text("--go-file").orElseThrow(() -> new IllegalArgumentException(USAGE)));
    Path outFile = Path.of(flags.text("--out").orElseThrow(() -> new IllegalArgumentException(USAGE)));

    LoggerFactory.getILoggerFactory();
    AtomicLongArray seen = new AtomicLongArray(capacity);
    LongAdder events = new LongAdder();
    LongAdder duplicates = new LongAdder();
    LongAdder resets = new LongAdder();
    try (ClusterClient cluster = ClusterClient.connect(id, manager)) {
      Watch watch = cluster.store().watch(glob, event -> {
        long now = WallClock.micros();
        events.increment();
        if (event instanceof StoreEvent.Changed changed
            && changed.key().startsWith(WatchLatencyWriter.KEY_PREFIX)) {
          long sequence = changed.value(Long.class);
          if (sequence > 0 && sequence < capacity && !seen.compareAndSet((int) sequence, 0, now)) {
            duplicates.increment();
          }
        } else if (event instanceof StoreEvent.Reset reset) {
          resets.increment();
          out.println(ClientProtocol.ERROR + " watch reset: " + reset);
        }
      });
      watch.started().toCompletableFuture().get(60, TimeUnit.SECONDS);
      out.println(ClientProtocol.READY);
      long[] window = ClientProtocol.awaitGo(goFile, TimeUnit.MINUTES.toMillis(10));
      ChildJvms.sleepUntil(window[1] + GRACE_MILLIS);
      watch.close();
      try (BufferedWriter file = Files.newBufferedWriter(outFile)) {
        for (int i = 1; i < capacity; i++) {
          long at = seen.get(i);
          if (at != 0) {
            file.write(i + " " + at + "\n");
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + outFile, e);
      }
      out.println(DONE + " " + events.sum() + " " + duplicates.sum() + " " + resets.sum());
      return 0;
    }
  }
}
