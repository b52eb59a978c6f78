package io.sharedstore.store;

import io.sharedstore.store.internal.ReplyBatcher;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import java.util.ArrayList;
import java.util.Arrays;
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
  /** Every answer, in the order of the batch's requests, and the revision each observed. */
  private final List<Outcome> outcomes = new ArrayList<>();
  private long[] observed = new long[16];
  private long waitFor;

  BatchAnswers(ActorRef<Replies> replyTo, long frameBudget, HeldReplies held) {
    this.replyTo = replyTo;
    this.frameBudget = frameBudget;
    this.held = held;
  }

  /** An answer that observed nothing the log must keep (a refusal). */
  void add(Outcome outcome) {
    add(outcome, 0);
  }

  /** An answer that observed the store up to {@code revision} (0: only durable state). */
  void add(Outcome outcome, long revision) {
    if (outcomes.size() == observed.length) {
      observed = Arrays.copyOf(observed, observed.length * 2);
    }
    observed[outcomes.size()] = revision;
    outcomes.add(outcome);
    waitFor = Math.max(waitFor, revision);
  }

  /**
   * Sends what can go now and holds the rest, each group in the order of the requests; {@code
   * atOnce} (read-only: answered from memory) sends everything now.
   */
  void send(boolean atOnce) {
    if (atOnce || held.isDurable(waitFor)) {
      messages(outcomes).forEach(replyTo::tell);
      return;
    }
    List<Outcome> now = new ArrayList<>();
    List<Outcome> waiting = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      (held.isDurable(observed[i]) ? now : waiting).add(outcomes.get(i));
    }
    messages(now).forEach(replyTo::tell);
    List<Replies> later = messages(waiting);
    held.reply(waitFor, () -> later.forEach(replyTo::tell),
        error -> later.forEach(message -> replyTo.tell(JournalReports.failed(message, error))));
  }

  private List<Replies> messages(List<Outcome> outcomes) {
    List<Replies> messages = new ArrayList<>();
    ReplyBatcher batcher = new ReplyBatcher(messages::add, frameBudget);
    outcomes.forEach(batcher::add);
    batcher.flush();
    return messages;
  }
}
