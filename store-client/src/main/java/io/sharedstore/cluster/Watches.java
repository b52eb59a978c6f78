package io.sharedstore.cluster;

import io.sharedstore.store.internal.Glob;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.sharedstore.store.protocol.Command;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * A client's watches as its callers see them: checks a new watch at the call (glob, the
 * per-client bound, a closed client) and hands it to the client's {@link WatchHub}.
 */
final class Watches {

  private final ActorRef<WatchHub.Message> hub;
  private final Executor executor;
  private final int maxGlobLength;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  Watches(ActorRef<WatchHub.Message> hub, Executor executor, int maxGlobLength,
      int maxPerClient) {
    this.hub = hub;
    this.executor = executor;
    this.maxGlobLength = maxGlobLength;
    this.maxPerClient = maxPerClient;
  }

  /**
   * Starts a client's {@link WatchHub} as a system actor named {@code name} and returns the
   * client's watches on it.
   */
  static Watches start(ActorSystem<?> system, ActorRef<Command> store, ManagerState state,
      ClientSettings settings, String name) {
    ActorRef<WatchHub.Message> hub = system.systemActorOf(
        WatchHub.create(store, state, DefaultStoreClient.ackEvery(settings.watch().buffer())),
        name, Props.empty());
    return new Watches(hub, system.executionContext(), settings.maxKeyLength(),
        settings.watch().maxPerClient());
  }

  /** Checks {@code glob} as a watch's: throws what {@link StoreClient#watch} documents. */
  void checkGlob(String glob) {
    Objects.requireNonNull(glob, "glob must not be null");
    Optional<String> problem = Glob.problem(glob, maxGlobLength);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("watch of " + glob + ": " + problem.get());
    }
  }

  /**
   * Starts a watch of {@code glob} into the sink {@code sinkFor} makes for it.
   *
   * @throws StoreRejectedException if the client holds {@code max-per-client} watches already
   * @throws IllegalStateException if the client is closed
   */
  WatchHandle open(String glob, WatchOptions options, Function<WatchHandle, WatchSink> sinkFor) {
    checkGlob(glob);
    Objects.requireNonNull(options, "options must not be null");
    if (closed) {
      throw new IllegalStateException("watch of " + glob + ": this client is closed");
    }
    if (open.incrementAndGet() > maxPerClient) {
      open.decrementAndGet();
      throw new StoreRejectedException("watch", glob,
          "[full] this client holds " + maxPerClient
              + " watches, the most shared-store.watch.max-per-client allows");
    }
    WatchHandle handle = new WatchHandle(glob, options.from(), this, executor);
    handle.sink = Objects.requireNonNull(sinkFor.apply(handle), "sink");
    hub.tell(new WatchHub.Open(handle));
    return handle;
  }

  /** Called once per handle by {@link WatchHandle#close()}. */
  void close(WatchHandle handle) {
    open.decrementAndGet();
    hub.tell(new WatchHub.Close(handle));
  }

  /** A refused watch no longer counts. */
  void refused() {
    open.decrementAndGet();
  }

  /** The client closes: every watch ends and new ones are refused. */
  void closeAll() {
    closed = true;
    hub.tell(WatchHub.CloseAll.INSTANCE);
  }

  boolean isClosed() {
    return closed;
  }

  /** The hub, for sinks that acknowledge themselves. */
  ActorRef<WatchHub.Message> hub() {
    return hub;
  }

  /** How many watches are open. */
  int size() {
    return open.get();
  }
}
