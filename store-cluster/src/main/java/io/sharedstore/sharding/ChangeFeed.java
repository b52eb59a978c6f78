package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Command;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A store node's subscription desk for its slots' {@link SlotNews}: registered with the
 * receptionist ({@link #KEY}), it takes the {@link Subscribe}s of the store nodes' {@link
 * NodeWatches}, puts them in the node's {@link SlotFeed} (which the slots tell directly) and
 * confirms each with {@link Subscribed} only then, so a watches actor that holds the
 * confirmation of every node's feed misses no change made after it. A subscriber that stops (or
 * whose node is removed from the cluster: DeathWatch) is dropped, as one that {@link
 * Unsubscribe}s.
 *
 * <p>State: the subscribers; lost when the node stops (its slots stop with it).
 */
final class ChangeFeed {

  /** The feeds of every store node, by the receptionist. */
  static final ServiceKey<Message> KEY = ServiceKey.create(Message.class, "shared-store-changes");

  /** What the feed takes. */
  sealed interface Message {}

  /**
   * Sends this node's slot news to {@code watches} from now on; confirmed with {@link Subscribed}.
   *
   * @param watches a node's {@link NodeWatches}
   */
  record Subscribe(ActorRef<Command> watches) implements Message {}

  /**
   * Sends {@code watches} no more news.
   *
   * @param watches a node's {@link NodeWatches}
   */
  record Unsubscribe(ActorRef<Command> watches) implements Message {}

  /**
   * The confirmation of a {@link Subscribe}: every change this feed's slots make from now on
   * goes to the subscriber.
   *
   * @param feed the feed that confirms
   */
  record Subscribed(ActorRef<Message> feed) implements Command {}

  private ChangeFeed() {}

  /**
   * The feed of the slots that tell {@code gate}.
   *
   * @param gate the node's slots' feed
   * @return the behavior, one per store node
   */
  static Behavior<Message> create(SlotFeed gate) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return running(gate, List.of());
    });
  }

  private static Behavior<Message> running(SlotFeed gate, List<ActorRef<Command>> subscribers) {
    return Behaviors.setup(context -> Behaviors.receive(Message.class)
        .onMessage(Subscribe.class, subscribe -> {
          List<ActorRef<Command>> now = new ArrayList<>(subscribers);
          if (!now.contains(subscribe.watches())) {
            now.add(subscribe.watches());
            context.watch(subscribe.watches());
            gate.subscribers(now);
          }
          subscribe.watches().tell(new Subscribed(context.getSelf()));
          return running(gate, now);
        })
        .onMessage(Unsubscribe.class, unsubscribe -> {
          context.unwatch(unsubscribe.watches());
          return without(gate, subscribers, unsubscribe.watches());
        })
        .onSignal(Terminated.class, gone -> without(gate, subscribers, gone.getRef()))
        .build());
  }

  private static Behavior<Message> without(SlotFeed gate, List<ActorRef<Command>> subscribers,
      ActorRef<?> gone) {
    List<ActorRef<Command>> now = new ArrayList<>(subscribers);
    now.removeIf(subscriber -> subscriber.equals(gone));
    gate.subscribers(now);
    return running(gate, now);
  }
}
