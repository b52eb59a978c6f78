package io.sharedstore.systemtests;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.StoreActor;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * A hostile peer: a bare ActorSystem (no client, none of its checks) that sends the manager's
 * store whatever it likes, including messages of its own types and, since it allows Java
 * serialization itself, Java-serialized ones.
 */
final class RawPeer implements AutoCloseable {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(20);

  private final ActorSystem<Void> system;
  private final ActorRef<Command> store;

  RawPeer(String managerAddress) {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "hostile-peer",
            ConfigFactory.parseString(
                    """
                    pekko.actor.provider = remote
                    pekko.remote.artery.canonical.hostname = 127.0.0.1
                    pekko.remote.artery.canonical.port = 0
                    pekko.actor.allow-java-serialization = on
                    pekko.actor.warn-about-java-serializer-usage = off
                    """)
                .withFallback(ConfigFactory.load()));
    store =
        ActorRefResolver.get(system)
            .resolveActorRef(ManagerAddress.parse(managerAddress).storePath());
  }

  /** Sends a command built around a reply address and answers the store's reply. */
  <T> CompletionStage<T> ask(Function<ActorRef<T>, Command> command) {
    return AskPattern.ask(store, command::apply, ASK_TIMEOUT, system.scheduler());
  }

  /** As {@link #ask} for a request answered with a {@link StatusReply}. */
  <T> CompletionStage<StatusReply<T>> askStatus(
      Function<ActorRef<StatusReply<T>>, Command> command) {
    return ask(command);
  }

  /** Sends the store anything at all, as a typed sender could not. */
  @SuppressWarnings("unchecked")
  void tellAnything(Object message) {
    ((ActorRef<Object>) (ActorRef<?>) store).tell(message);
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the hostile peer's system did not stop", e);
    }
  }
}
