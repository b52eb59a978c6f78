package io.sharedstore.sharding;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Request;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.pattern.StatusReply;

/**
 * Answers the store calls this node's shard region drops, instead of leaving their callers to
 * time out. Pekko's region drops what it buffered for a shard between the coordinator's
 * BeginHandOff and HandOff (so that nothing is reordered when the shard moves: a rebalance, a
 * node leaving) and what overflows its buffer, and publishes each as {@link Dropped}. A dropped
 * {@link Batch}, {@link RoutedBatch} or {@link Execute} reached no slot and changed nothing, so
 * its caller gets the {@link Refusal#MOVING} refusal at once (a {@code StoreUnavailableException}
 * that says so: retry). Other dropped messages are left to the dead-letter log.
 *
 * <p>State: none.
 */
final class DroppedCalls {

  private DroppedCalls() {}

  /**
   * The behavior: subscribes to {@link Dropped} on the system's event stream.
   *
   * @return one per store node
   */
  static Behavior<Dropped> create() {
    return Behaviors.setup(context -> {
      context.getSystem().eventStream()
          .tell(new EventStream.Subscribe<>(Dropped.class, context.getSelf()));
      return Behaviors.receive(Dropped.class)
          .onMessage(Dropped.class, dropped -> {
            if (answer(dropped)) { // a few per moving shard: the region logs each drop too
              context.getLog().info("Refused a call the sharding dropped ([{}]): it changed"
                  + " nothing, its caller is told the slot is moving", dropped.reason());
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Refuses the dropped call, if it is one: true if it was. */
  static boolean answer(Dropped dropped) {
    if (!(dropped.message() instanceof ShardingEnvelope<?> envelope)) {
      return false;
    }
    String text = Refusal.MOVING.describe("slot " + envelope.entityId() + " is moving between"
        + " store nodes, and the call, dropped on the way (" + dropped.reason() + "), changed"
        + " nothing: retry");
    Object message = envelope.message();
    if (message instanceof RoutedBatch routed) {
      message = routed.batch();
    }
    if (message instanceof Batch batch && batch.replyTo() != null && batch.requests() != null) {
      List<Outcome> refused = new ArrayList<>();
      for (Request request : batch.requests()) {
        refused.add(Outcome.refused(request == null ? -1 : request.id(), text));
      }
      batch.replyTo().tell(new Replies(refused));
      return true;
    }
    if (message instanceof Execute<?> execute && execute.replyTo() != null) {
      refuse(execute, text);
      return true;
    }
    return false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void refuse(Execute<?> execute, String text) {
    ((ActorRef) execute.replyTo()).tell(StatusReply.error(text));
  }
}
