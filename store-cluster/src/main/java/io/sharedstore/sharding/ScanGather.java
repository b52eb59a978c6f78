package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One page of a cluster's scan: slot after slot from the cursor's, each slot's own scan, until
 * the page has its {@code limit} keys or {@link #SLOTS_PER_PAGE} slots were asked; the page's
 * cursor names the slot and that slot's own cursor ({@code "17:abc"}), {@code ""} once the last
 * slot is done. So every key present for the whole scan is listed exactly once, as a single
 * store's scan promises, and a page is bounded work. A short-lived child of the {@link
 * SlotRouter}; stops without answering if a slot does not answer within its timeout.
 */
final class ScanGather {

  /** The most slots one page asks, so a page over an empty cluster is still short. */
  static final int SLOTS_PER_PAGE = 64;

  private ScanGather() {}

  /**
   * Where a cluster scan is: a slot and that slot's own cursor.
   *
   * @param slot the slot to scan next
   * @param cursor its cursor ({@code ""}: from its start)
   */
  record Position(int slot, String cursor) {

    /** {@code ""} (the start), or {@code slot:cursor} with a slot below {@code slots}. */
    static Optional<Position> parse(String text, int slots) {
      if (text.isEmpty()) {
        return Optional.of(new Position(0, ""));
      }
      int colon = text.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      try {
        int slot = Integer.parseInt(text.substring(0, colon));
        return slot < 0 || slot >= slots ? Optional.empty()
            : Optional.of(new Position(slot, text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    String text() {
      return slot + ":" + cursor;
    }
  }

  static Behavior<Object> create(SlotSharding sharding, Operation.Scan scan, Position start,
      long id, ActorRef<Replies> replyTo, Duration timeout) {
    return Behaviors.setup(context -> {
      context.setReceiveTimeout(timeout, TimedOut.INSTANCE);
      return new Page(sharding, scan, id, replyTo, context.getSelf()).ask(start);
    });
  }

  /** The page under way. */
  private static final class Page {
    private final SlotSharding sharding;
    private final Operation.Scan scan;
    private final long id;
    private final ActorRef<Replies> replyTo;
    private final ActorRef<Object> self;
    private final List<String> keys = new ArrayList<>();
    private int asked;
    private Position at;

    Page(SlotSharding sharding, Operation.Scan scan, long id, ActorRef<Replies> replyTo,
        ActorRef<Object> self) {
      this.sharding = sharding;
      this.scan = scan;
      this.id = id;
      this.replyTo = replyTo;
      this.self = self;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Behavior<Object> ask(Position position) {
      at = position;
      asked++;
      Operation.Scan part =
          new Operation.Scan(scan.glob(), position.cursor(), scan.limit() - keys.size());
      sharding.slot(position.slot())
          .tell(new Batch(List.of(new Request(0, part)), (ActorRef) self));
      return Behaviors.receive(Object.class)
          .onMessage(Replies.class, this::onReplies)
          .onMessageEquals(TimedOut.INSTANCE, Behaviors::stopped)
          .build();
    }

    private Behavior<Object> onReplies(Replies replies) {
      Outcome outcome = replies.outcomes().get(0);
      if (outcome.error().isPresent()) {
        replyTo.tell(new Replies(List.of(Outcome.refused(id, outcome.error().get()))));
        return Behaviors.stopped();
      }
      Reply.KeyPage page = (Reply.KeyPage) outcome.reply().orElseThrow();
      keys.addAll(page.keys());
      Position next = page.cursor().isEmpty()
          ? (at.slot() + 1 < sharding.slots() ? new Position(at.slot() + 1, "") : null)
          : new Position(at.slot(), page.cursor());
      if (next != null && keys.size() < scan.limit() && asked < SLOTS_PER_PAGE) {
        return ask(next);
      }
      replyTo.tell(new Replies(List.of(Outcome.success(id,
          new Reply.KeyPage(keys, next == null ? "" : next.text())))));
      return Behaviors.stopped();
    }
  }

  private enum TimedOut {
    INSTANCE
  }
}
