package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.protocol.*;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** TEMP stub (lead), replaced by the slot-entity branch. */
public final class SlotEntity {
  public enum Stop implements Command { INSTANCE }
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Behavior<Command> create(int slot, StoreSettings settings, SlotDurability d, StoreClock clock) {
    return Behaviors.setup(ctx -> {
      StoreEngine engine = new StoreEngine(settings);
      return Behaviors.receive(Command.class)
          .onMessage(Batch.class, b -> {
            List<Outcome> out = new ArrayList<>();
            for (Request r : b.requests()) {
              Result<?> res = engine.apply(r.operation(), clock.nowMillis());
              out.add(res.refused() != null ? Outcome.refused(r.id(), res.refused().errorText()) : Outcome.success(r.id(), (Reply) res.reply()));
            }
            b.replyTo().tell(new Replies(out));
            return Behaviors.same();
          })
          .onMessage(Execute.class, e -> {
            Result<?> res = engine.apply(e.operation(), clock.nowMillis());
            ((org.apache.pekko.actor.typed.ActorRef) e.replyTo()).tell(res.refused() != null ? StatusReply.error(res.refused().errorText()) : StatusReply.success(res.reply()));
            return Behaviors.same();
          })
          .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
          .build();
    });
  }
}
