package io.sharedstore.sharding;

import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * One operation that spans slots, asked of each slot it needs and answered once all have: a
 * short-lived child of the {@link SlotRouter}. Each part goes to its slot as a batch of one (an
 * operation that answers at once) or an {@link Execute} (a stepped one); the first refusal
 * answers the whole operation with it. A gather whose slots do not all answer within its timeout
 * stops without answering: its caller's own timeout answers it.
 */
final class Gather {

  private Gather() {}

  /** One slot's share of the operation. */
  record Part(int slot, Operation<?> operation) {}

  /** What a merge made of the parts' replies: a reply, or the error text of a refusal. */
  record Merged(Reply reply, String error) {
    static Merged of(Reply reply) {
      return new Merged(reply, null);
    }

    static Merged refused(String error) {
      return new Merged(null, error);
    }
  }

  /**
   * The parts and how their replies (in any order) make the answer.
   *
   * @param parts one per slot asked
   * @param merge the answer, from one reply per part
   */
  record Plan(List<Part> parts, Function<List<Reply>, Merged> merge) {}

  /** Where the answer goes: a batch's {@link Replies} under the request's id, or a status reply. */
  interface Answer {
    void success(Reply reply);

    void refused(String error);
  }

  static Answer answerTo(ActorRef<Replies> replyTo, long id) {
    return new Answer() {
      @Override
      public void success(Reply reply) {
        replyTo.tell(new Replies(List.of(Outcome.success(id, reply))));
      }

      @Override
      public void refused(String error) {
        replyTo.tell(new Replies(List.of(Outcome.refused(id, error))));
      }
    };
  }

  static Answer answerTo(ActorRef<StatusReply<Reply>> replyTo) {
    return new Answer() {
      @Override
      public void success(Reply reply) {
        replyTo.tell(StatusReply.success(reply));
      }

      @Override
      public void refused(String error) {
        replyTo.tell(StatusReply.error(error));
      }
    };
  }

  /** The counts of every slot, summed (revision: the highest of any slot). */
  static Plan stats(int slots) {
    return new Plan(everySlot(slots, new Operation.GetStats()), replies -> {
      long stored = 0;
      long withTtl = 0;
      long revision = 0;
      for (Reply reply : replies) {
        Reply.Stats stats = (Reply.Stats) reply;
        stored += stats.storedEntries();
        withTtl += stats.entriesWithTtl();
        revision = Math.max(revision, stats.revision());
      }
      return Merged.of(new Reply.Stats(stored, withTtl, revision));
    });
  }

  /** The live keys of every slot, summed. */
  static Plan size(int slots) {
    return new Plan(everySlot(slots, new Operation.Size()), replies -> {
      long count = 0;
      for (Reply reply : replies) {
        count += ((Reply.Count) reply).count();
      }
      return Merged.of(new Reply.Count(count));
    });
  }

  /** The keys matching the glob deleted in every slot (revision: the highest of any slot). */
  static Plan deleteAll(int slots, Operation.DeleteAll deleteAll) {
    return new Plan(everySlot(slots, deleteAll), replies -> {
      long count = 0;
      long revision = 0;
      for (Reply reply : replies) {
        Reply.DeletedKeys deleted = (Reply.DeletedKeys) reply;
        count += deleted.count();
        revision = Math.max(revision, deleted.revision());
      }
      return Merged.of(new Reply.DeletedKeys(count, revision));
    });
  }

  /** Each slot's part of the keys, the present values merged, within {@code maxBytes}. */
  static Plan getAll(Map<Integer, List<String>> keysBySlot, long maxBytes) {
    List<Part> parts = new ArrayList<>();
    keysBySlot.forEach((slot, keys) -> parts.add(new Part(slot, new Operation.GetAll(keys))));
    return new Plan(parts, replies -> {
      Map<String, Bytes> values = new LinkedHashMap<>();
      long bytes = 0;
      for (Reply reply : replies) {
        for (Map.Entry<String, Bytes> entry : ((Reply.Values) reply).values().entrySet()) {
          values.put(entry.getKey(), entry.getValue());
          bytes += entry.getValue().length();
        }
      }
      if (bytes > maxBytes) {
        return Merged.refused(Refusal.INVALID.describe("getAll refused: the values found take "
            + bytes + " bytes, more than max-value-size (" + maxBytes + "): ask for fewer keys"));
      }
      return Merged.of(new Reply.Values(values));
    });
  }

  /** Every slot's info, added up (see {@link InfoMerge}). */
  static Plan info(int slots) {
    return new Plan(everySlot(slots, new Operation.GetInfo()),
        replies -> Merged.of(InfoMerge.merge(replies)));
  }

  private static List<Part> everySlot(int slots, Operation<?> operation) {
    List<Part> parts = new ArrayList<>(slots);
    for (int slot = 0; slot < slots; slot++) {
      parts.add(new Part(slot, operation));
    }
    return parts;
  }

  /** The gather's behavior: asks every part at once, answers when all have. */
  static Behavior<Object> create(SlotSharding sharding, Plan plan, Answer answer,
      Duration timeout) {
    return Behaviors.setup(context -> {
      ActorRef<Object> self = context.getSelf();
      List<Part> parts = plan.parts();
      for (int i = 0; i < parts.size(); i++) {
        Part part = parts.get(i);
        sharding.slot(part.slot()).tell(message(i, part.operation(), self));
      }
      context.setReceiveTimeout(timeout, TimedOut.INSTANCE);
      List<Reply> replies = new ArrayList<>(parts.size());
      return Behaviors.receive(Object.class)
          .onMessage(Replies.class, received -> {
            for (Outcome outcome : received.outcomes()) {
              if (outcome.error().isPresent()) {
                answer.refused(outcome.error().get());
                return Behaviors.stopped();
              }
              replies.add(outcome.reply().orElseThrow());
            }
            return answerIfDone(plan, answer, replies);
          })
          .onMessage(StatusReply.class, received -> {
            if (received.isError()) {
              answer.refused(received.getError().getMessage());
              return Behaviors.stopped();
            }
            replies.add((Reply) received.getValue());
            return answerIfDone(plan, answer, replies);
          })
          .onMessageEquals(TimedOut.INSTANCE, Behaviors::stopped)
          .build();
    });
  }

  private static Behavior<Object> answerIfDone(Plan plan, Answer answer, List<Reply> replies) {
    if (replies.size() < plan.parts().size()) {
      return Behaviors.same();
    }
    Merged merged = plan.merge().apply(replies);
    if (merged.error() != null) {
      answer.refused(merged.error());
    } else {
      answer.success(merged.reply());
    }
    return Behaviors.stopped();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static io.sharedstore.store.protocol.Command message(
      int id, Operation<?> operation, ActorRef<Object> self) {
    if (Batch.answersAtOnce(operation)) {
      return new Batch(List.of(new Request(id, operation)), (ActorRef) self);
    }
    return new Execute(operation, (ActorRef) self);
  }

  private enum TimedOut {
    INSTANCE
  }
}
