package io.sharedstore.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Collects the answers of a {@link StoreActor.Batch} and sends them as {@link
 * StoreActor.Replies}, starting a new message whenever the next answer would take the current
 * one past the frame budget, so a batch of large values never makes a message Artery drops.
 */
final class ReplyBatcher {

  /** What an answer costs besides its values: id, type name, CBOR framing. */
  private static final int OUTCOME_OVERHEAD = 32;

  private final ActorRef<StoreActor.Replies> replyTo;
  private final long budget;
  private List<StoreActor.Outcome> outcomes = new ArrayList<>();
  private long bytes;
  private long currentId;

  ReplyBatcher(ActorRef<StoreActor.Replies> replyTo, long budget) {
    this.replyTo = replyTo;
    this.budget = budget;
  }

  /** The id the next answers belong to. */
  void next(long requestId) {
    currentId = requestId;
  }

  void add(StatusReply<?> reply) {
    StoreActor.Outcome outcome = outcomeOf(reply);
    long size = OUTCOME_OVERHEAD + sizeOf(outcome);
    if (!outcomes.isEmpty() && bytes + size > budget) {
      flush();
    }
    outcomes.add(outcome);
    bytes += size;
  }

  /** Sends what was collected, if anything. */
  void flush() {
    if (!outcomes.isEmpty()) {
      replyTo.tell(new StoreActor.Replies(outcomes));
      outcomes = new ArrayList<>();
      bytes = 0;
    }
  }

  private StoreActor.Outcome outcomeOf(StatusReply<?> reply) {
    if (reply.isError()) {
      return new StoreActor.Outcome(
          currentId, Optional.empty(), Optional.of(String.valueOf(reply.getError().getMessage())));
    }
    Object value = reply.getValue();
    StoreActor.Reply answer =
        value instanceof Done ? StoreActor.Ack.INSTANCE : (StoreActor.Reply) value;
    return new StoreActor.Outcome(currentId, Optional.of(answer), Optional.empty());
  }

  private static long sizeOf(StoreActor.Outcome outcome) {
    if (outcome.error().isPresent()) {
      return outcome.error().get().length() * 3L;
    }
    StoreActor.Reply reply = outcome.reply().get();
    if (reply instanceof StoreActor.Value value) {
      return value.bytes().map(b -> (long) b.length).orElse(0L);
    }
    if (reply instanceof StoreActor.Values values) {
      return values.values().entrySet().stream()
          .mapToLong(e -> 3L * e.getKey().length() + e.getValue().length + OUTCOME_OVERHEAD)
          .sum();
    }
    if (reply instanceof StoreActor.KeyPage page) {
      return page.keys().stream().mapToLong(k -> 3L * k.length() + 2).sum();
    }
    return 0;
  }
}
