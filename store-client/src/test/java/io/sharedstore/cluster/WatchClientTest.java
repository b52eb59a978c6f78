package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Watches through a ClusterClient, over real Artery remoting on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient cluster = ClusterClient.connect(1, manager.address());
  private final StoreClient store = cluster.store();
  private final AtomicInteger prefixes = new AtomicInteger();

  @AfterAll
  void stop() {
    cluster.close();
    manager.close();
  }

  private String prefix() {
    return "w" + prefixes.incrementAndGet() + ":";
  }

  /** Collects a watch's events for the test thread. */
  private static final class Events {
    final BlockingQueue<StoreEvent> queue = new LinkedBlockingQueue<>();

    void add(StoreEvent event) {
      queue.add(event);
    }

    StoreEvent next() {
      try {
        StoreEvent event = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          throw new AssertionError("no event within " + WAIT);
        }
        return event;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    boolean isEmpty() {
      return queue.isEmpty();
    }
  }

  @Test
  void everyChangeOfAMatchingKeyInRevisionOrderWithItsValue() {
    String p = prefix();
    Events events = new Events();
    try (Watch watch = store.watch(p + "*", events::add)) {
      long start = await(watch.started());
      await(store.set(p + "a", 1));
      await(store.set("other:" + p, 2));
      await(store.set(p + "b", List.of("x", "y"), SetOptions.ttl(Duration.ofMinutes(5))));
      await(store.delete(p + "a"));
      await(store.increment(p + "n", 5));

      StoreEvent.Changed a = assertInstanceOf(StoreEvent.Changed.class, events.next());
      assertEquals(p + "a", a.key());
      assertEquals(1, a.value(Integer.class));
      assertEquals(Optional.empty(), a.expiresAt());
      assertTrue(a.revision() > start);
      StoreEvent.Changed b = assertInstanceOf(StoreEvent.Changed.class, events.next());
      assertEquals(List.of("x", "y"), b.value(new com.fasterxml.jackson.core.type.TypeReference<
          List<String>>() {}));
      assertTrue(b.expiresAt().isPresent());
      assertEquals(a.revision() + 2, b.revision(), "the other key's write took one revision");
      assertEquals(new StoreEvent.Deleted(p + "a", b.revision() + 1), events.next());
      StoreEvent.Changed n = assertInstanceOf(StoreEvent.Changed.class, events.next());
      assertEquals(5L, n.value(Long.class));
      assertEquals(n.revision(), watch.revision());
    }
  }

  @Test
  void fromARevisionItReplaysTheChangesAfterIt() {
    String p = prefix();
    Events first = new Events();
    long from;
    try (Watch watch = store.watch(p + "*", first::add)) {
      await(watch.started());
      await(store.set(p + "1", "one"));
      first.next();
      from = watch.revision();
    }
    await(store.set(p + "2", "two"));
    await(store.set(p + "3", "three"));
    Events replay = new Events();
    try (Watch watch = store.watch(p + "*", WatchOptions.fromRevision(from), replay::add)) {
      assertEquals(from, await(watch.started()));
      assertEquals("two", ((StoreEvent.Changed) replay.next()).value(String.class));
      assertEquals("three", ((StoreEvent.Changed) replay.next()).value(String.class));
      await(store.set(p + "4", "four"));
      assertEquals("four", ((StoreEvent.Changed) replay.next()).value(String.class));
    }
  }

  @Test
  void aSourceDeliversTheSameEvents() {
    String p = prefix();
    var done = new java.util.concurrent.CompletableFuture<List<StoreEvent>>();
    Watch watch = store.watchSource(p + "*").take(3)
        .toMat(Sink.seq(), (w, seq) -> {
          seq.whenComplete((list, error) -> {
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              done.complete(list);
            }
          });
          return w;
        })
        .run(cluster.system());
    await(watch.started());
    for (int i = 0; i < 3; i++) {
      await(store.set(p + i, i));
    }
    List<StoreEvent> events = await(done);
    List<Integer> values = new ArrayList<>();
    for (StoreEvent event : events) {
      values.add(((StoreEvent.Changed) event).value(Integer.class));
    }
    assertEquals(List.of(0, 1, 2), values);
    assertEquals(events.get(2).revision(), watch.revision());
  }

  @Test
  void closedWatchGetsNothingMore() {
    String p = prefix();
    Events events = new Events();
    Watch watch = store.watch(p + "*", events::add);
    await(watch.started());
    await(store.set(p + "x", 1));
    events.next();
    watch.close();
    watch.close();
    await(store.set(p + "x", 2));
    // A later watch on the same keys sees the write: the closed one had its chance.
    Events later = new Events();
    try (Watch again = store.watch(p + "*", WatchOptions.fromRevision(watch.revision()),
        later::add)) {
      await(again.started());
      assertEquals(2, ((StoreEvent.Changed) later.next()).value(Integer.class));
    }
    assertTrue(events.isEmpty());
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheWatch() {
    String p = prefix();
    Events events = new Events();
    try (Watch watch = store.watch(p + "*", event -> {
      events.add(event);
      throw new IllegalStateException("listener bug");
    })) {
      await(watch.started());
      await(store.set(p + "1", 1));
      await(store.set(p + "2", 2));
      events.next();
      events.next();
    }
  }

  @Test
  void badInputIsRefusedAtTheCall() {
    assertThrows(NullPointerException.class, () -> store.watch(null, event -> {}));
    assertThrows(NullPointerException.class, () -> store.watch("a*", null));
    assertThrows(IllegalArgumentException.class, () -> store.watch("", event -> {}));
    assertThrows(IllegalArgumentException.class, () -> store.watch("ends\\", event -> {}));
    assertThrows(IllegalArgumentException.class,
        () -> store.watch("x".repeat(100_000), event -> {}));
    assertThrows(IllegalArgumentException.class, () -> store.watchSource(""));
    assertThrows(IllegalArgumentException.class, () -> WatchOptions.fromRevision(-1));
  }

  @Test
  void aRevisionPastTheManagersFailsStartedAndRegistersNothing() {
    Watch watch = store.watch("never:*", WatchOptions.fromRevision(Long.MAX_VALUE / 2),
        event -> {});
    StoreRejectedException rejected = assertThrows(StoreRejectedException.class,
        () -> await(watch.started()));
    assertTrue(rejected.getMessage().contains("fromRevision"), rejected.getMessage());
  }

  @Test
  void tooManyWatchesPerClientIsRefusedAtTheCall() {
    try (ClusterClient small = ClusterClient.connect(2, manager.address(),
        ConfigFactory.parseMap(Map.of("shared-store.watch.max-per-client", 2))
            .withFallback(LibraryConfig.load()))) {
      Watch one = small.store().watch("a*", event -> {});
      Watch two = small.store().watch("b*", event -> {});
      StoreRejectedException refused = assertThrows(StoreRejectedException.class,
          () -> small.store().watch("c*", event -> {}));
      assertTrue(refused.getMessage().contains("max-per-client"), refused.getMessage());
      one.close();
      Watch three = small.store().watch("c*", event -> {});
      await(three.started());
      two.close();
      three.close();
    }
  }

  @Test
  void aClosedClientRefusesWatches() {
    ClusterClient closed = ClusterClient.connect(3, manager.address());
    closed.store().watch("z*", event -> {});
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.store().watch("z*", event -> {}));
  }
}
