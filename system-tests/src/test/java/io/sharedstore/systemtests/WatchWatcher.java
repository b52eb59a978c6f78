package io.sharedstore.systemtests;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.ManagerEvent;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;

/**
 * One watcher JVM of the watch tests, started by {@link WatchProcesses}: it connects as one
 * cluster, watches {@code *} and writes every event to {@code OUT}, one line each ({@link
 * WatchRecords} reads them):
 *
 * <pre>
 *   C revision key value     (Changed, the value read as a String)
 *   D revision key           (Deleted)
 *   X revision key           (Expired)
 *   R revision REASON        (Reset)
 * </pre>
 *
 * <p>{@code MODE} is how it consumes: {@code listener} ({@link StoreClient#watch}), {@code
 * source} ({@link StoreClient#watchSource} run into a {@code Sink.foreach}), or {@code held}
 * (the source run into a {@code Sink.queue} that is not pulled at all until the file {@code GO}
 * exists, then pulled one event at a time: a consumer that stalls, then catches up).
 *
 * <p>On stdout, each after the events before it are flushed to {@code OUT}: {@value #STARTED}
 * once the manager confirmed the watch; {@code WATCH-RESET revision=R reason=REASON} for each
 * reset; {@code WATCH-SAW key=K revision=R} for each change of a key starting {@code
 * sentinel:} (the test writes one to know the watcher has seen everything before it); {@code
 * WATCH-MANAGER ...} for each {@link ManagerEvent}.
 *
 * <p>Arguments: {@code MANAGER ID MODE OUT GO}. It runs until it is stopped.
 */
final class WatchWatcher {

  static final String STARTED = "WATCH-STARTED";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final long GO_POLL_MILLIS = 20;

  private final BufferedWriter out;

  private WatchWatcher(BufferedWriter out) {
    this.out = out;
  }

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable e) {
      System.out.println("WATCH-FAILED " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: WatchWatcher MANAGER ID MODE OUT GO");
    }
    int id = Integer.parseInt(args[1]);
    String mode = args[2];
    Path go = Path.of(args[4]);
    ClusterClient cluster = ClusterClient.connect(id, args[0]);
    cluster.addListener(event -> System.out.println("WATCH-MANAGER " + event));
    WatchWatcher watcher = new WatchWatcher(
        Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8));
    StoreClient store = cluster.store();
    Watch watch;
    switch (mode) {
      case "listener" -> watch = store.watch("*", watcher::onEvent);
      case "source" -> watch = store.watchSource("*")
          .to(Sink.foreach(watcher::onEvent))
          .run(cluster.system());
      case "held" -> {
        Pair<Watch, SinkQueueWithCancel<StoreEvent>> both = store.watchSource("*")
            .toMat(Sink.queue(), Keep.both())
            .run(cluster.system());
        watch = both.first();
        Thread consumer = new Thread(() -> consumeOnceGo(both.second(), go, watcher), "held");
        consumer.setDaemon(true);
        consumer.start();
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    long from = watch.started().toCompletableFuture()
        .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    System.out.println(STARTED + " revision=" + from + " mode=" + mode);
    Thread.currentThread().join(); // until the test stops this JVM
  }

  private static void consumeOnceGo(SinkQueueWithCancel<StoreEvent> queue, Path go,
      WatchWatcher watcher) {
    try {
      while (!Files.exists(go)) {
        Thread.sleep(GO_POLL_MILLIS); // the test's signal comes as a file
      }
      System.out.println("WATCH-CONSUMING");
      while (true) {
        Optional<StoreEvent> next = queue.pull().toCompletableFuture().get();
        if (next.isEmpty()) {
          System.out.println("WATCH-ENDED");
          return;
        }
        watcher.onEvent(next.get());
      }
    } catch (Exception e) {
      System.out.println("WATCH-FAILED " + e);
      e.printStackTrace(System.out);
    }
  }

  private void onEvent(StoreEvent event) {
    try {
      String line;
      if (event instanceof StoreEvent.Changed changed) {
        line = "C " + changed.revision() + " " + changed.key() + " "
            + changed.value(String.class);
      } else if (event instanceof StoreEvent.Deleted deleted) {
        line = "D " + deleted.revision() + " " + deleted.key();
      } else if (event instanceof StoreEvent.Expired expired) {
        line = "X " + expired.revision() + " " + expired.key();
      } else {
        StoreEvent.Reset reset = (StoreEvent.Reset) event;
        line = "R " + reset.revision() + " " + reset.reason();
      }
      synchronized (out) {
        out.write(line);
        out.write('\n');
        if (event instanceof StoreEvent.Reset reset) {
          out.flush();
          System.out.println(
              "WATCH-RESET revision=" + reset.revision() + " reason=" + reset.reason());
        } else if (event instanceof StoreEvent.Changed changed
            && changed.key().startsWith("sentinel:")) {
          out.flush();
          System.out.println(
              "WATCH-SAW key=" + changed.key() + " revision=" + changed.revision());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
