package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watch across a manager restart that lost the data (no persistence: a new epoch), over real
 * remoting: the watch delivers {@code Reset(EPOCH_CHANGED)} and then the new store's changes.
 */
class WatchRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static InJvmManager managerOn(int port) {
    return new InJvmManager(ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = " + port));
  }

  private static StoreEvent next(BlockingQueue<StoreEvent> events) throws InterruptedException {
    StoreEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + WAIT);
    }
    return event;
  }

  @Test
  void aRestartWithoutTheDataDeliversEpochChangedThenTheNewStoresChanges() throws Exception {
    int port = freePort();
    InJvmManager first = managerOn(port);
    InJvmManager second = null;
    try (ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      BlockingQueue<StoreEvent> events = new LinkedBlockingQueue<>();
      Watch watch = cluster.store().watch("r:*", events::add);
      await(watch.started());
      for (int i = 0; i < 5; i++) {
        await(cluster.store().set("r:" + i, i));
      }
      for (int i = 0; i < 5; i++) {
        assertInstanceOf(StoreEvent.Changed.class, next(events));
      }
      long before = watch.revision();

      first.close();
      second = managerOn(port);
      StoreEvent reset = next(events);
      assertEquals(ResetReason.EPOCH_CHANGED,
          assertInstanceOf(StoreEvent.Reset.class, reset).reason());
      assertTrue(reset.revision() < before, "the new store's revisions start again: " + reset);
      cluster.awaitReachable(WAIT);
      await(cluster.store().set("r:new", "after"));
      StoreEvent.Changed changed = assertInstanceOf(StoreEvent.Changed.class, next(events));
      assertEquals("after", changed.value(String.class));
      assertTrue(changed.revision() > reset.revision());
      assertEquals(changed.revision(), watch.revision());
      assertTrue(events.isEmpty(), "nothing else: " + events);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  void aRestartOnTheSameDataDirectoryResumesWithoutAReset() throws Exception {
    int port = freePort();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("watch-restart");
    String config = "pekko.remote.artery.canonical.port = " + port + "\n"
        + "shared-store.persistence.dir = \"" + dir + "\"";
    InJvmManager first = new InJvmManager(ConfigFactory.parseString(config));
    InJvmManager second = null;
    try (ClusterClient cluster = ClusterClient.connect(1, first.address())) {
      BlockingQueue<StoreEvent> events = new LinkedBlockingQueue<>();
      Watch watch = cluster.store().watch("p:*", events::add);
      await(watch.started());
      await(cluster.store().set("p:1", 1));
      long before = next(events).revision();

      var reachableAgain = new java.util.concurrent.CompletableFuture<ManagerEvent>();
      cluster.addListener(event -> {
        if (event instanceof ManagerEvent.Reachable) {
          reachableAgain.complete(event);
        }
      });
      first.close();
      second = new InJvmManager(ConfigFactory.parseString(config));
      reachableAgain.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      await(cluster.store().set("p:2", 2));
      StoreEvent event = next(events);
      StoreEvent.Changed changed = assertInstanceOf(StoreEvent.Changed.class, event,
          "after " + before + ": " + event);
      assertEquals(2, changed.value(Integer.class));
      assertEquals(before + 1, changed.revision(), "the same store's revisions go on");
      assertTrue(events.isEmpty(), "no reset, nothing repeated: " + events);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
