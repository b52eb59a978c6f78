package io.sharedstore.sharding;

import io.sharedstore.store.StoreClock;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.ReplyBatcher;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a slot does with each message, whatever its durability: applies it to the slot's {@link
 * StoreEngine} at the clock's now and returns the changes with the answers still to send, so
 * that the host decides when they go (at once in memory, after the event is persisted with the
 * journal). The same rules as the single manager's {@code StoreActor}: a batch refuses a request
 * that does not answer at once and a null one; a stepped operation runs whole here (a slot is a
 * small part of the keyspace). Used on the slot's thread only.
 */
final class SlotCore {

  /** What one message did: the changes it made (maybe none) and its answers, not yet sent. */
  record Handled(List<Change> changes, Runnable answers) {
    Handled {
      changes = List.copyOf(changes);
    }

    /** Sends the answers. */
    void answer() {
      answers.run();
    }
  }

  private final StoreSettings settings;
  private final StoreClock clock;
  private final StoreEngine engine;
  private final int slot;
  private final SlotFeed feed;

  /** A core whose changes no watcher hears of (tests, tools). */
  SlotCore(StoreSettings settings, StoreClock clock, StoreEngine engine) {
    this(settings, clock, engine, -1, new SlotFeed());
  }

  /** The core of {@code slot}, telling {@code feed} the changes once they are answered. */
  SlotCore(StoreSettings settings, StoreClock clock, StoreEngine engine, int slot,
      SlotFeed feed) {
    this.settings = settings;
    this.clock = clock;
    this.engine = engine;
    this.slot = slot;
    this.feed = feed;
  }

  /** Tells the watchers that this slot starts now, at its engine's revision. */
  void started(boolean fresh) {
    feed.started(slot, engine.revision(), fresh);
  }

  /** What a message did: its answers, then the news of its changes for the watchers. */
  private Handled handled(List<Change> changes, Runnable answers) {
    if (changes.isEmpty()) {
      return new Handled(changes, answers);
    }
    return new Handled(changes, () -> {
      answers.run();
      feed.changed(slot, changes);
    });
  }

  StoreEngine engine() {
    return engine;
  }

  StoreSettings settings() {
    return settings;
  }

  long nowMillis() {
    return clock.nowMillis();
  }

  /** Applies every request of the batch in order; the answers, split within the frame budget. */
  Handled batch(Batch batch) {
    return batch(batch, Optional.empty());
  }

  /** As {@link #batch(Batch)}, every answer message carrying {@code owner} (a hint, or none). */
  Handled batch(Batch batch, Optional<Replies.Owner> owner) {
    List<Change> changes = new ArrayList<>();
    List<Replies> messages = new ArrayList<>();
    ReplyBatcher batcher = new ReplyBatcher(owner.isEmpty() ? messages::add
        : replies -> messages.add(new Replies(replies.outcomes(), owner)),
        settings.maxValueSize());
    long now = clock.nowMillis();
    for (Request request : batch.requests()) {
      long id = request == null ? -1 : request.id();
      Operation<?> operation = request == null ? null : request.operation();
      if (operation == null || !Batch.answersAtOnce(operation)) {
        batcher.add(Outcome.refused(id, Refusal.INVALID.describe(
            "batch refused a request that does not answer at once: " + operation)));
        continue;
      }
      Result<?> result = engine.apply(operation, now);
      changes.addAll(result.changes());
      batcher.add(result.refused() != null
          ? Outcome.refused(id, result.refused().errorText())
          : Outcome.success(id, (Reply) result.reply()));
    }
    batcher.flush();
    ActorRef<Replies> replyTo = batch.replyTo();
    return handled(changes, () -> messages.forEach(replyTo::tell));
  }

  /** Applies one operation, stepped ones whole, {@code GetInfo} answering the engine's info. */
  <R extends Reply> Handled execute(Execute<R> execute) {
    Operation<R> operation = execute.operation();
    ActorRef<StatusReply<R>> replyTo = execute.replyTo();
    if (operation == null) {
      StatusReply<R> refused = StatusReply.error(Refusal.INVALID.describe(
          "null refused: the operation must not be null"));
      return new Handled(List.of(), () -> replyTo.tell(refused));
    }
    Result<R> result = engine.apply(operation, clock.nowMillis());
    StatusReply<R> reply = result.refused() != null
        ? StatusReply.error(result.refused().errorText())
        : StatusReply.success(result.reply());
    return handled(result.changes(), () -> replyTo.tell(reply));
  }

  /** Frees at most {@code sweep-batch} expired entries; no answer, the news for the watchers. */
  Handled sweep() {
    return handled(engine.sweep(clock.nowMillis(), settings.sweepBatch()), () -> { });
  }
}
