package io.sharedstore.cluster;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.PersistenceSettings;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import java.time.Duration;
import org.apache.pekko.pattern.StatusReply;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A manager inside the test JVM: an ActorSystem named like a real manager's, with Artery TCP on
 * 127.0.0.1 and a free port, holding the store at {@code /user/store}. Clients reach it over real
 * remoting, exactly as they reach a manager process. With {@code shared-store.persistence.dir}
 * in its config it keeps its data there, as a manager started with {@code --data-dir} does.
 */
final class InJvmManager implements AutoCloseable {

  private final ActorTestKit kit;
  private final ActorRef<Command> store;

  InJvmManager() {
    this(ConfigFactory.empty());
  }

  /** A manager whose config starts with {@code overrides} (e.g. smaller limits). */
  InJvmManager(Config overrides) {
    Config config =
        overrides.withFallback(ConfigFactory.parseString(
                """
                pekko.actor.provider = remote
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                """))
            .withFallback(ConfigFactory.load());
    kit = ActorTestKit.create(ManagerAddress.SYSTEM_NAME, config);
    store =
        kit.spawn(
            StoreActor.create(StoreSettings.create(kit.system().settings().config()),
                PersistenceSettings.create(kit.system().settings().config())),
            ManagerAddress.STORE_NAME);
  }

  /** The {@code host:port} clients connect to. */
  String address() {
    var address = kit.system().address();
    return address.getHost().get() + ":" + address.getPort().get();
  }

  int port() {
    return (Integer) kit.system().address().getPort().get();
  }

  /** Entries stored on the manager, asked locally: to prove a refused call changed nothing. */
  long storedEntries() {
    TestProbe<StatusReply<Stats>> probe = kit.createTestProbe();
    store.tell(new Execute<>(new Operation.GetStats(), probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5)).getValue().storedEntries();
  }

  ActorTestKit kit() {
    return kit;
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }

  /** Waits for a stage in a test, with a bound: a hang fails the test instead of CI. */
  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within 30 s", e);
    }
  }
}
