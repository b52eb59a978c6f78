package io.sharedstore.store.internal;

import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.wire.WireSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the answers of a {@code Batch} and sends them as {@link Replies}, starting a new
 * message whenever the next answer would take the current one past the frame budget, so a batch
 * of large values never makes a message Artery drops. Used on one thread, for one batch.
 */
public final class ReplyBatcher {

  private final Consumer<Replies> replyTo;
  private final long budget;
  private List<Outcome> outcomes = new ArrayList<>();
  private long bytes;

  /**
   * A batcher with nothing collected.
   *
   * @param replyTo gets each full message, in order
   * @param budget the most bytes of answers one message carries (the store passes {@code
   *     max-value-size}); a single larger answer still goes, alone
   */
  public ReplyBatcher(Consumer<Replies> replyTo, long budget) {
    this.replyTo = replyTo;
    this.budget = budget;
  }

  /**
   * Adds the next answer, sending what was collected first if it would pass the budget.
   *
   * @param outcome the answer, in the order of the batch's requests
   */
  public void add(Outcome outcome) {
    long size = WireSizes.outcome(outcome);
    if (!outcomes.isEmpty() && bytes + size > budget) {
      flush();
    }
    outcomes.add(outcome);
    bytes += size;
  }

  /** Sends what was collected, if anything. */
  public void flush() {
    if (!outcomes.isEmpty()) {
      replyTo.accept(new Replies(outcomes));
      outcomes = new ArrayList<>();
      bytes = 0;
    }
  }
}
