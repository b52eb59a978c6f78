package io.sharedstore.store;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The store's replies held until the log is durable up to the revision each one observed, then
 * sent in the order they were made: no client sees a change that a crash could take back. Once
 * the log has failed up to a revision, replies that observed a change not yet durable up to
 * there fail instead (never a reply held for ever). Without persistence everything is durable
 * and every reply goes at once. Used on the store's thread only.
 */
final class HeldReplies {

  private record Held(long revision, Runnable send, Consumer<String> fail) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long durable;
  private long failedUpTo = -1;
  private String failure = "";

  /** @param durable the revision the log covers at start ({@link Long#MAX_VALUE}: in memory) */
  HeldReplies(long durable) {
    this.durable = durable;
  }

  /** Nothing held: every reply goes at once. */
  static HeldReplies inMemory() {
    return new HeldReplies(Long.MAX_VALUE);
  }

  /**
   * Sends a reply that observed {@code revision} now if the log is durable that far and nothing
   * before it waits, holds it otherwise, or fails it if the log failed that far.
   */
  void reply(long revision, Runnable send, Consumer<String> fail) {
    if (revision <= durable && held.isEmpty()) {
      send.run();
    } else if (revision > durable && revision <= failedUpTo) {
      fail.accept(failure);
    } else {
      held.add(new Held(revision, send, fail));
    }
  }

  /** The log is durable up to {@code revision}: sends what waited for it, in order. */
  void durable(long revision) {
    durable = Math.max(durable, revision);
    while (!held.isEmpty() && held.peekFirst().revision() <= durable) {
      held.pollFirst().send().run();
    }
  }

  /** The log failed up to {@code revision}: fails every held reply that observed that far. */
  void failed(long revision, String error) {
    failedUpTo = Math.max(failedUpTo, revision);
    failure = error;
    while (!held.isEmpty()) {
      Held next = held.peekFirst();
      if (next.revision() <= durable) {
        held.pollFirst().send().run();
      } else if (next.revision() <= failedUpTo) {
        held.pollFirst().fail().accept(error);
      } else {
        break;
      }
    }
  }

  /** How many replies wait. */
  int waiting() {
    return held.size();
  }
}
