package io.sharedstore.store;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Reads;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store's replies held until the log is durable up to the revision each one observed (those
 * held are sent in the order they were made): no client sees a change that a crash could take back. A
 * write observed its own revision (and every one before it); a read of one key ({@code get},
 * {@code has}, {@code ttl}) or of a list of keys ({@code getAll}) observed only the latest
 * change of those keys ({@link UndurableKeys}), so a read of keys whose changes are all durable
 * is answered at once even while writes wait for an fsync; every other operation observed the
 * store's revision. Once
 * the log has failed up to a revision, replies that observed a change not yet durable up to
 * there fail instead (never a reply held for ever). Without persistence everything is durable
 * and every reply goes at once. Used on the store's thread only.
 */
final class HeldReplies {

  private record Held(long revision, Runnable send, Consumer<String> fail) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  /** Null in memory (everything durable). */
  private final UndurableKeys undurable;
  private long durable;
  private long failedUpTo = -1;
  private String failure = "";

  /** @param durable the revision the log covers at start ({@link Long#MAX_VALUE}: in memory) */
  HeldReplies(long durable) {
    this.durable = durable;
    this.undurable = durable == Long.MAX_VALUE ? null : new UndurableKeys();
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
    if (revision <= durable) {
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
    if (undurable != null) {
      undurable.durable(durable);
    }
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

  /** Records the keys changes were just made to, before the replies that observed them. */
  void changed(List<Change> changes) {
    if (undurable != null) {
      undurable.changed(changes);
    }
  }

  /**
   * The revision a reply to {@code operation}, applied just now at the store's revision {@code
   * storeRevision}, observed (see the class).
   */
  long observed(Operation<?> operation, long storeRevision) {
    if (undurable == null) {
      return storeRevision;
    }
    List<String> keys = Reads.keysRead(operation);
    if (keys == null || keys.isEmpty()) {
      return storeRevision; // a write, or a read of the whole store
    }
    long observed = 0;
    for (String key : keys) {
      observed = Math.max(observed, undurable.revisionOf(key));
    }
    return observed;
  }

  /** True if the log is durable up to {@code revision}. */
  boolean isDurable(long revision) {
    return revision <= durable;
  }

  /** How many replies wait. */
  int waiting() {
    return held.size();
  }
}
