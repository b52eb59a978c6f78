package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reply.Value;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An application actor that reads a flag from the store with {@code context.askWithStatus} on
 * {@link ClusterClient#storeRef()}: the pattern the README shows for actor code.
 */
final class FeatureFlagReader {

  sealed interface Command {}

  record Read(String flag, ActorRef<Answer> replyTo) implements Command {}

  private record Answered(String flag, boolean enabled, String error, ActorRef<Answer> replyTo)
      implements Command {}

  /** {@code error} is empty on success. */
  record Answer(String flag, boolean enabled, String error) {}

  private FeatureFlagReader() {}

  static Behavior<Command> create(ActorRef<io.sharedstore.store.protocol.Command> store) {
    ValueCodec codec = ValueCodec.get();
    return Behaviors.setup(
        context ->
            Behaviors.receive(Command.class)
                .onMessage(
                    Read.class,
                    read -> {
                      context.askWithStatus(
                          Value.class,
                          store,
                          Duration.ofSeconds(3),
                          replyTo -> new Execute<>(new Operation.Get("flag:" + read.flag()), replyTo),
                          (value, failure) ->
                              failure != null
                                  ? new Answered(read.flag(), false, failure.toString(), read.replyTo())
                                  : new Answered(
                                      read.flag(),
                                      value.bytes()
                                          .map(b -> codec.decode("get", read.flag(), b.unsafeArray(), Boolean.class))
                                          .orElse(false),
                                      "",
                                      read.replyTo()));
                      return Behaviors.same();
                    })
                .onMessage(
                    Answered.class,
                    answered -> {
                      answered.replyTo().tell(
                          new Answer(answered.flag(), answered.enabled(), answered.error()));
                      return Behaviors.same();
                    })
                .build());
  }
}
