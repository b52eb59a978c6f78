package io.sharedstore.cluster;

import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An application actor that reads a flag from the store with {@code context.askWithStatus} on
 * {@link ClusterClient#storeRef()}: the pattern the README shows for actor code. The value comes
 * decoded; a failure, a value that is not a Boolean included, comes as {@code failure}.
 */
final class FeatureFlagReader {

  sealed interface Command {}

  record Read(String flag, ActorRef<Answer> replyTo) implements Command {}

  private record Answered(String flag, boolean enabled, String error, ActorRef<Answer> replyTo)
      implements Command {}

  /** {@code error} is empty on success. */
  record Answer(String flag, boolean enabled, String error) {}

  private FeatureFlagReader() {}

  static Behavior<Command> create(ActorRef<StoreRequest> store) {
    return Behaviors.setup(
        context ->
            Behaviors.receive(Command.class)
                .onMessage(
                    Read.class,
                    read -> {
                      context.askWithStatus(
                          StoreRequest.<Optional<Boolean>>replyClass(Optional.class),
                          store,
                          Duration.ofSeconds(6),
                          replyTo -> StoreRequest.get("flag:" + read.flag(), Boolean.class, replyTo),
                          (flag, failure) ->
                              failure != null
                                  ? new Answered(read.flag(), false, failure.toString(), read.replyTo())
                                  : new Answered(read.flag(), flag.orElse(false), "", read.replyTo()));
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
