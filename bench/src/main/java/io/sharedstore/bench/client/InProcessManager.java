package io.sharedstore.bench.client;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A manager inside the benchmark's JVM, for client-side JMH benchmarks: an ActorSystem named
 * like a real manager's ({@link ManagerAddress#SYSTEM_NAME}), Artery TCP on 127.0.0.1 and a free
 * port, the store actor at {@code /user/store} without persistence. A {@code ClusterClient}
 * reaches it over real remoting, as it reaches a manager process.
 */
final class InProcessManager implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final ActorSystem<Void> system;

  InProcessManager() {
    Config config = ConfigFactory.parseString(
            """
            pekko.actor.provider = remote
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            """)
        .withFallback(LibraryConfig.load())
        .resolve();
    CompletableFuture<Void> spawned = new CompletableFuture<>();
    Behavior<Void> guardian = Behaviors.setup(context -> {
      context.spawn(StoreActor.create(StoreSettings.create(config)), ManagerAddress.STORE_NAME);
      spawned.complete(null);
      return Behaviors.empty();
    });
    system = ActorSystem.create(guardian, ManagerAddress.SYSTEM_NAME, config);
    try {
      spawned.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("the in-process manager did not start: " + e, e);
    }
  }

  /** The {@code host:port} clients connect to. */
  String address() {
    var address = system.address();
    return address.getHost().get() + ":" + address.getPort().get();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture()
          .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      // Stopping at the end of a benchmark: nothing more to do.
    }
  }
}
