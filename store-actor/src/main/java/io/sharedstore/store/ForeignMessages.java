package io.sharedstore.store;

import io.sharedstore.store.protocol.Command;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Drops, with a warning, a message that is no {@link Command}: a remote peer can send
 * the store any message Pekko can deserialize (a {@code String}, another actor's reply), and
 * typed actors would otherwise drop it at debug level, unseen. Commands pass through untouched.
 */
final class ForeignMessages extends BehaviorInterceptor<Object, Command> {

  private static final int SHOWN_CHARS = 200;

  ForeignMessages() {
    super(Object.class);
  }

  @Override
  public Behavior<Command> aroundReceive(
      TypedActorContext<Object> context, Object message, ReceiveTarget<Command> target) {
    if (message instanceof Command command) {
      return target.apply(context, command);
    }
    String shown = String.valueOf(message);
    if (shown.length() > SHOWN_CHARS) {
      shown = shown.substring(0, SHOWN_CHARS) + "...(" + shown.length() + " chars)";
    }
    context
        .asJava()
        .getLog()
        .warn("Dropped a message the store does not know: [{}] [{}]",
            message.getClass().getName(), shown);
    return Behaviors.same();
  }
}
