package io.sharedstore.sharding;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Command;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where the slots of one store node send their {@link SlotNews}: straight to every store node's
 * {@link NodeWatches} that holds watches (the subscribers its {@link ChangeFeed} keeps here).
 * With no subscriber, which is the usual case, a slot pays one volatile read per handled
 * message. A slot tells its news from its own thread in its own order, so each subscriber gets
 * one slot's news in order (Pekko keeps the order of one sender's messages to one receiver).
 *
 * <p>State: the subscribers, set by the feed actor, read by the slots; lost when the node stops.
 */
final class SlotFeed {

  private volatile List<ActorRef<Command>> subscribers = List.of();

  /** Tells every subscriber the watchable changes of one handled message of {@code slot}. */
  void changed(int slot, List<Change> changes) {
    List<ActorRef<Command>> now = subscribers;
    if (now.isEmpty() || changes.isEmpty()) {
      return;
    }
    List<Change> watchable = new ArrayList<>(changes.size());
    for (Change change : changes) {
      if (!(change instanceof Change.Remembered)) {
        watchable.add(change);
      }
    }
    if (!watchable.isEmpty()) {
      tell(now, new SlotNews.Changed(slot, watchable));
    }
  }

  /** Tells every subscriber that {@code slot} started (see {@link SlotNews.Started}). */
  void started(int slot, long revision, boolean fresh) {
    List<ActorRef<Command>> now = subscribers;
    if (!now.isEmpty()) {
      tell(now, new SlotNews.Started(slot, revision, fresh));
    }
  }

  /** Whether any node's watches listen now. */
  boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  /** The subscribers from now on (the feed actor's). */
  void subscribers(List<ActorRef<Command>> subscribers) {
    this.subscribers = List.copyOf(subscribers);
  }

  private static void tell(List<ActorRef<Command>> subscribers, SlotNews news) {
    for (ActorRef<Command> subscriber : subscribers) {
      subscriber.tell(news);
    }
  }
}
