package io.sharedstore.bench;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import io.sharedstore.store.internal.CommandLineFlags;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;

/**
 * A watcher JVM of {@link WatchFanout}: one {@link ClusterClient} with {@code --watches} watches
 * of {@code --glob}, each counting its events (and those that arrived in the measured window),
 * its resets and any event whose revision is not above the one before. Prints {@link
 * ClientProtocol#READY} once the manager registered every watch; after the go file's end (plus
 * {@link WatchLatencyWatcher#GRACE_MILLIS}) prints one {@code BENCH-FANOUT IN_WINDOW TOTAL RESETS
 * OUT_OF_ORDER} line per watch and exits.
 */
public final class FanoutWatcher {

  static final String WATCH = "BENCH-FANOUT";
  private static final String USAGE = "usage: FanoutWatcher --manager HOST:PORT --id N"
      + " --watches K --glob GLOB --go-file PATH";

  /** One watch's counters; its listener runs one event at a time. */
  private static final class Counts {
    final LongAdder total = new LongAdder();
    final LongAdder inWindow = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    volatile long lastRevision = -1;
  }

  private FanoutWatcher() {}

  public static void main(String[] args) {
    ToolMain.runChild(args, FanoutWatcher::run);
  }

  private static int run(String[] args, PrintStream out) throws Exception {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--manager", "--id", "--watches",
        "--glob", "--go-file");
    String manager = flags.text("--manager").orElseThrow(() -> new IllegalArgumentException(USAGE));
    int id = flags.number("--id", 1, 1, 10_000);
    int watches = flags.number("--watches", 1, 1, 1_000);
    String glob = flags.text("--glob").orElse("*");
    Path goFile = Path.of(flags.text("--go-file").orElseThrow(() -> new IllegalArgumentException(USAGE)));

    LoggerFactory.getILoggerFactory();
    // The window is known only once the go file exists; until then nothing counts as in it.
    long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
    try (ClusterClient cluster = ClusterClient.connect(id, manager)) {
      List<Counts> counts = new ArrayList<>();
      List<Watch> running = new ArrayList<>();
      for (int i = 0; i < watches; i++) {
        Counts c = new Counts();
        counts.add(c);
        running.add(cluster.store().watch(glob, event -> {
          c.total.increment();
          long now = System.currentTimeMillis();
          if (now >= window[0] && now < window[1]) {
            c.inWindow.increment();
          }
          if (event instanceof StoreEvent.Reset) {
            c.resets.increment();
          } else if (event.revision() <= c.lastRevision) {
            c.outOfOrder.increment();
          }
          c.lastRevision = event.revision();
        }));
      }
      for (Watch watch : running) {
        watch.started().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      out.println(ClientProtocol.READY);
      long[] go = ClientProtocol.awaitGo(goFile, TimeUnit.MINUTES.toMillis(10));
      synchronized (window) {
        window[1] = go[1];
        window[0] = go[0];
      }
      ChildJvms.sleepUntil(go[1] + WatchLatencyWatcher.GRACE_MILLIS);
      running.forEach(Watch::close);
      for (Counts c : counts) {
        out.println(WATCH + " " + c.inWindow.sum() + " " + c.total.sum() + " " + c.resets.sum()
            + " " + c.outOfOrder.sum());
      }
      return 0;
    }
  }
}
