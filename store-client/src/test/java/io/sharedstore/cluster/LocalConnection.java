package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.watch.WatchSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;

/**
 * A client's connection, supervised as {@link ClusterClient} spawns it, with a probe in the
 * store's (and its heartbeat's) place, in real time: a test reads what the client sends and
 * answers what it likes, malformed answers included.
 */
final class LocalConnection {

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  static final String ADDRESS = "127.0.0.1:9";

  final TestProbe<Command> store;
  final ManagerState state;
  final StoreCalls calls;
  final Watches watches;
  final DefaultStoreClient client;

  LocalConnection(ActorTestKit testKit) {
    this(testKit, Props.empty());
  }

  /** A connection spawned with {@code props} (e.g. on a dispatcher of the test's own). */
  LocalConnection(ActorTestKit testKit, Props props) {
    store = testKit.createTestProbe();
    state = new ManagerState(ADDRESS, testKit.system().executionContext());
    ClientSettings settings =
        new ClientSettings(
            CALL_TIMEOUT, 1024, 1 << 20,
            new StoreConnection.Heartbeat(
                Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(60)),
            WatchSettings.DEFAULTS, 10_000);
    Behavior<StoreConnection.Message> behavior =
        StoreConnection.create(
            store.getRef(), store.getRef().narrow(), state, 1 << 20, settings.heartbeat(),
            ConnectProbe.NONE);
    ActorRef<StoreConnection.Message> connection =
        testKit.spawn(behavior, "connection-" + System.nanoTime(), props);
    calls = new StoreCalls(connection, state, testKit.system());
    watches = Watches.start(testKit.system(), store.getRef(), state, settings,
        "watches-" + System.nanoTime());
    client = new DefaultStoreClient(calls, settings, watches);
  }

  static Props on(String dispatcher) {
    return DispatcherSelector.fromConfig(dispatcher);
  }

  /** The next message of this type the store got; pings and others before it are dropped. */
  <T extends Command> T next(Class<T> type) {
    while (true) {
      Command sent = store.receiveMessage(Duration.ofSeconds(5));
      if (type.isInstance(sent)) {
        return type.cast(sent);
      }
    }
  }

  /** The next {@code count} requests sent in batches, with the batches' reply addresses. */
  List<Batch> batchesCarrying(int count) {
    List<Batch> batches = new ArrayList<>();
    int seen = 0;
    while (seen < count) {
      Batch batch = next(Batch.class);
      batches.add(batch);
      seen += batch.requests().size();
    }
    return batches;
  }
}
