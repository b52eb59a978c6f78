package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The store's heartbeat, a child of the {@link StoreActor} at {@code /user/store/heartbeat}: it
 * answers clients' pings with the store's epoch from a mailbox of its own, so a store busy with a
 * long request (a large setAll, a scan) still looks alive; a manager that is dead, frozen or cut
 * off does not. When the store stops (the manager shuts down), this child stops first and tells
 * every client that pinged lately, so they fail their calls in flight at once.
 *
 * <p>State: the recent pingers ({@link Pingers}), lost when it stops.
 */
final class StoreHeartbeat extends AbstractBehavior<Ping> {

  private final String epoch;
  private final Ticker ticker;
  private final Pingers pingers = new Pingers();

  static Behavior<Ping> create(String epoch, Ticker ticker) {
    return Behaviors.setup(context -> new StoreHeartbeat(context, epoch, ticker));
  }

  private StoreHeartbeat(ActorContext<Ping> context, String epoch, Ticker ticker) {
    super(context);
    this.epoch = epoch;
    this.ticker = ticker;
  }

  @Override
  public Receive<Ping> createReceive() {
    return newReceiveBuilder()
        .onMessage(Ping.class, this::onPing)
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  private Behavior<Ping> onPing(Ping ping) {
    if (ping.replyTo() == null) {
      getContext().getLog().warn("Dropped a ping without replyTo");
      return this;
    }
    pingers.seen(ping.replyTo(), ticker.nanos());
    ping.replyTo().tell(new Pong(epoch, false));
    return this;
  }

  private Behavior<Ping> onStopped() {
    List<ActorRef<Pong>> clients = pingers.recent(ticker.nanos());
    Pong stopping = new Pong(epoch, true);
    clients.forEach(client -> client.tell(stopping));
    getContext().getLog().info("Store stopping: told [{}] clients", clients.size());
    return this;
  }
}
