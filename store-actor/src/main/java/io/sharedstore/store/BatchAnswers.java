package io.sharedstore.store;

import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The answers to one {@code Batch}: those that observed only durable state are sent at once,
 * the others once the log is durable up to the highest revision they observed ({@link
 * HeldReplies}); each group as {@link Replies} messages within the frame budget ({@link
 * ReplyBatcher}). Used on the store's thread, for one batch.
 */
final class BatchAnswers {

  private final ActorRef<Replies> replyTo;
  private final long frameBudget;
  private final HeldReplies held;
  private final List<Outcome> now = new ArrayList<>();
  private final List<Outcome> waiting = new ArrayList<>();
  private long waitFor;

  BatchAnswers(ActorRef<Replies> replyTo, long frameBudget, HeldReplies held) {
    this.replyTo = replyTo;
    this.frameBudget = frameBudget;
    this.held = held;
  }

  /** An answer that observed nothing the log must keep (a refusal): sent at once. */
  void add(Outcome outcome) {
    now.add(outcome);
  }

  /** An answer that observed the store up to {@code observed} (0: only durable state). */
  void add(Outcome outcome, long observed) {
    if (observed <= 0) {
      now.add(outcome);
    } else {
      waiting.add(outcome);
      waitFor = Math.max(waitFor, observed);
    }
  }

  /**
   * Sends what can go now and holds the rest; {@code atOnce} (read-only: answered from memory)
   * sends everything now.
   */
  void send(boolean atOnce) {
    if (atOnce || held.isDurable(waitFor)) {
      now.addAll(waiting);
      waiting.clear();
    }
    messages(now).forEach(replyTo::tell);
    if (!waiting.isEmpty()) {
      List<Replies> later = messages(waiting);
      held.reply(waitFor, () -> later.forEach(replyTo::tell),
          error -> later.forEach(message -> replyTo.tell(JournalReports.failed(message, error))));
    }
  }

  private List<Replies> messages(List<Outcome> outcomes) {
    List<Replies> messages = new ArrayList<>();
    ReplyBatcher batcher = new ReplyBatcher(messages::add, frameBudget);
    outcomes.forEach(batcher::add);
    batcher.flush();
    return messages;
  }
}
