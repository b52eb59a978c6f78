package io.sharedstore.manager.metrics;

import io.sharedstore.store.StoreActor;
import io.sharedstore.store.Timeline;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The store's info as last answered, which the gauges and counters read: the engine's state is
 * never read from another thread, the store is asked, as a client asks it ({@link
 * Operation.GetInfo}), right before each scrape and, for JMX, every second. Until the first
 * answer every figure is 0 ({@link ManagerInfo#EMPTY}).
 */
final class InfoSnapshot {

  private final ActorRef<Command> store;
  private final Scheduler scheduler;
  private final Duration timeout;
  private volatile ManagerInfo current = ManagerInfo.EMPTY;

  /**
   * A snapshot of {@code store}'s info.
   *
   * @param store the local store actor
   * @param scheduler the system's scheduler, for the asks' timeouts
   * @param timeout how long an ask waits for the store's answer
   */
  InfoSnapshot(ActorRef<Command> store, Scheduler scheduler, Duration timeout) {
    this.store = store;
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  /** The info as last answered. */
  ManagerInfo current() {
    return current;
  }

  /**
   * Asks the store for its info and keeps the answer.
   *
   * @return the answer, once kept; fails with a {@code TimeoutException} if none comes in time
   */
  CompletionStage<ManagerInfo> refresh() {
    CompletionStage<ManagerInfo> asked =
        AskPattern.askWithStatus(
            store,
            replyTo -> new Execute<>(new Operation.GetInfo(), replyTo),
            timeout,
            scheduler);
    return asked.thenApply(
        info -> {
          current = info;
          return info;
        });
  }

  /**
   * Asks the store for its timeline: ops, p99 and keys of each of the last 300 seconds.
   *
   * @return the answer; fails with a {@code TimeoutException} if none comes in time
   */
  CompletionStage<Timeline> timeline() {
    return AskPattern.ask(
        store, replyTo -> new StoreActor.GetTimeline(replyTo), timeout, scheduler);
  }

  /** How long each ask waits. */
  Duration timeout() {
    return timeout;
  }
}
