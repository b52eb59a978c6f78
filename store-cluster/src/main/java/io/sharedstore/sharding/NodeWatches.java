package io.sharedstore.sharding;

import io.sharedstore.store.NodeHeartbeat;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.engine.Change;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchCommand;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.watch.ChangeHistory;
import io.sharedstore.store.watch.Watchers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A store node's watches over the whole keyspace: the router passes it every {@link
 * WatchCommand} (and its heartbeat's news of clients), and it serves them with the single
 * manager's {@link Watchers} over a {@link ChangeHistory} of its own. While it holds a watch it
 * is subscribed to every store node's {@link ChangeFeed}, so the changes of every slot, wherever
 * it runs, reach it ({@link SlotNews.Changed}); each change gets the next revision of this
 * node's own sequence, which is what its watchers see, resume from and acknowledge. The
 * sequence starts at the wall clock's milliseconds times 1,024, so a watcher resuming after this
 * node restarted finds its revision older than the new history: a gap, never a revision of
 * another incarnation's.
 *
 * <p>A new watch waits, with what follows it, until every feed the receptionist lists has
 * confirmed the subscription (at most {@link #SUBSCRIBE_WAIT}): from its confirmation on it
 * misses no change of any slot. The order of one slot's changes is kept, with its revisions
 * checked: a change already passed on (an old owner's, late) is dropped; one that skips
 * revisions (changes lost on the way, or made before a subscription), or a slot that starts
 * at a revision past the last one seen, resets every watcher ({@link
 * WatchEvent.ResetReason#GAP}); a slot that starts without its data ({@code durability =
 * none}, after its node crashed) resets every watcher with {@link
 * WatchEvent.ResetReason#EPOCH_CHANGED} (the resets due within {@link #RESET_GATHER} go as
 * one). With no watch left it unsubscribes at the next progress tick.
 *
 * <p>State: the watches and the history, in memory only, lost when the node stops (its
 * watchers' clients watch again, from a revision this node's next incarnation finds a gap).
 */
final class NodeWatches extends AbstractBehavior<Command> {

  /** The longest a new watch waits for the feeds' confirmations. */
  static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(3);
  /**
   * Resets due within this time go as one (a crashed node's slots start one after another on
   * the others: one reset for all of them, not one each).
   */
  static final Duration RESET_GATHER = Duration.ofMillis(200);

  private final ChangeHistory history;
  private final Watchers watchers;
  private final TimerScheduler<Command> timers;
  /** Per slot, the last revision passed on; -1 before any. */
  private final long[] lastRevision;
  private final Set<ActorRef<ChangeFeed.Message>> listed = new HashSet<>();
  private final Set<ActorRef<ChangeFeed.Message>> subscribed = new HashSet<>();
  /** Watch commands held (in order) until every listed feed confirmed; empty when none is. */
  private final List<WatchCommand> held = new ArrayList<>();
  private long revision;
  /** The reset to tell when {@link ResetDue} fires, or null: EPOCH_CHANGED wins over GAP. */
  private WatchEvent.ResetReason resetDue;

  private record Listed(Receptionist.Listing listing) implements Command {}

  private enum Progress implements Command {
    INSTANCE
  }

  private enum WaitOver implements Command {
    INSTANCE
  }

  private enum ResetDue implements Command {
    INSTANCE
  }

  /**
   * The watches of a node whose keyspace has {@code slots} slots.
   *
   * @param slots the cluster's slots
   * @param settings the watch bounds, {@code max-key-length} and {@code max-value-size}
   * @return the behavior, one per store node
   */
  static Behavior<Command> create(int slots, StoreSettings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new NodeWatches(context, timers, slots, settings)));
  }

  private NodeWatches(ActorContext<Command> context, TimerScheduler<Command> timers, int slots,
      StoreSettings settings) {
    super(context);
    this.timers = timers;
    this.revision = System.currentTimeMillis() << 10;
    this.history = new ChangeHistory(settings.watch(), revision);
    this.watchers = new Watchers(history, settings.watch(), settings.maxKeyLength(),
        settings.maxValueSize(), context.getLog());
    this.lastRevision = new long[slots];
    Arrays.fill(lastRevision, -1);
    context.getSystem().receptionist().tell(Receptionist.subscribe(ChangeFeed.KEY,
        context.messageAdapter(Receptionist.Listing.class, Listed::new)));
    timers.startTimerWithFixedDelay(Progress.INSTANCE, settings.watch().progressInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WatchCommand.class, this::onWatchCommand)
        .onMessage(SlotNews.Changed.class, this::onChanged)
        .onMessage(SlotNews.Started.class, this::onStarted)
        .onMessage(ChangeFeed.Subscribed.class, this::onSubscribed)
        .onMessage(Listed.class, this::onListed)
        .onMessageEquals(WaitOver.INSTANCE, this::onWaitOver)
        .onMessageEquals(ResetDue.INSTANCE, this::onResetDue)
        .onMessageEquals(Progress.INSTANCE, this::onProgress)
        .onAnyMessage(this::onOther)
        .build();
  }

  private Behavior<Command> onWatchCommand(WatchCommand command) {
    if (!held.isEmpty()) {
      held.add(command);
    } else if (command instanceof Watch && !allSubscribed()) {
      held.add(command);
      subscribeAll();
      timers.startSingleTimer(WaitOver.INSTANCE, SUBSCRIBE_WAIT);
    } else {
      watchers.on(command);
    }
    return this;
  }

  private boolean allSubscribed() {
    return !listed.isEmpty() && subscribed.containsAll(listed);
  }

  private void subscribeAll() {
    for (ActorRef<ChangeFeed.Message> feed : listed) {
      if (!subscribed.contains(feed)) {
        feed.tell(new ChangeFeed.Subscribe(getContext().getSelf()));
      }
    }
  }

  private Behavior<Command> onSubscribed(ChangeFeed.Subscribed confirmed) {
    subscribed.add(confirmed.feed());
    if (!held.isEmpty() && allSubscribed()) {
      timers.cancel(WaitOver.INSTANCE);
      release();
    }
    return this;
  }

  private Behavior<Command> onWaitOver() {
    if (!held.isEmpty()) {
      Set<ActorRef<ChangeFeed.Message>> silent = new HashSet<>(listed);
      silent.removeAll(subscribed);
      getContext().getLog().warn("Watches start without the confirmation of the change feeds"
          + " [{}] after [{}] ms: changes of their slots before it may be missed", silent,
          SUBSCRIBE_WAIT.toMillis());
      release();
    }
    return this;
  }

  private void release() {
    List<WatchCommand> commands = new ArrayList<>(held);
    held.clear();
    commands.forEach(watchers::on);
  }

  private Behavior<Command> onListed(Listed listed) {
    Set<ActorRef<ChangeFeed.Message>> now =
        listed.listing().getServiceInstances(ChangeFeed.KEY);
    this.listed.clear();
    this.listed.addAll(now);
    subscribed.retainAll(now);
    if (watching()) {
      subscribeAll();
    }
    return this;
  }

  private boolean watching() {
    return watchers.size() > 0 || !held.isEmpty();
  }

  private Behavior<Command> onChanged(SlotNews.Changed news) {
    if (!watching() || news.slot() < 0 || news.slot() >= lastRevision.length) {
      return this;
    }
    long last = lastRevision[news.slot()];
    boolean gap = false;
    List<Change> renumbered = new ArrayList<>(news.changes().size());
    for (Change change : news.changes()) {
      if (last >= 0 && change.revision() <= last) {
        continue; // already passed on: an old owner's, arriving late
      }
      gap |= last >= 0 && change.revision() > last + 1;
      last = change.revision();
      renumbered.add(renumber(change));
    }
    lastRevision[news.slot()] = last;
    if (gap) {
      resetSoon(WatchEvent.ResetReason.GAP);
    }
    if (!renumbered.isEmpty()) {
      history.record(renumbered);
      watchers.published(renumbered);
    }
    return this;
  }

  private Change renumber(Change change) {
    revision++;
    if (change instanceof Change.Written written) {
      return new Change.Written(written.key(), revision, written.value(),
          written.deadlineMillis());
    }
    Change.Removed removed = (Change.Removed) change;
    return new Change.Removed(removed.key(), revision, removed.cause());
  }

  private Behavior<Command> onStarted(SlotNews.Started started) {
    if (!watching() || started.slot() < 0 || started.slot() >= lastRevision.length) {
      return this;
    }
    long last = lastRevision[started.slot()];
    lastRevision[started.slot()] = started.revision();
    if (started.fresh()) {
      getContext().getLog().debug("Slot [{}] started without its data", started.slot());
      resetSoon(WatchEvent.ResetReason.EPOCH_CHANGED);
    } else if (last >= 0 && started.revision() > last) {
      resetSoon(WatchEvent.ResetReason.GAP);
    }
    return this;
  }

  /**
   * Resets every watcher {@link #RESET_GATHER} from now, with the resets due meanwhile. The
   * changes published in between go to the watchers before it; the reset then names the
   * latest revision, so nothing is missed either way.
   */
  private void resetSoon(WatchEvent.ResetReason reason) {
    if (resetDue == null) {
      timers.startSingleTimer(ResetDue.INSTANCE, RESET_GATHER);
    }
    if (resetDue != WatchEvent.ResetReason.EPOCH_CHANGED) {
      resetDue = reason;
    }
  }

  private Behavior<Command> onResetDue() {
    WatchEvent.ResetReason reason = resetDue;
    resetDue = null;
    if (reason != null) {
      getContext().getLog().info("Reset [{}] watches: [{}]", watchers.size(), reason);
      watchers.reset(reason);
    }
    return this;
  }

  private Behavior<Command> onProgress() {
    watchers.progress(System.nanoTime());
    if (!watching() && !subscribed.isEmpty()) {
      for (ActorRef<ChangeFeed.Message> feed : subscribed) {
        feed.tell(new ChangeFeed.Unsubscribe(getContext().getSelf()));
      }
      subscribed.clear();
      Arrays.fill(lastRevision, -1);
    }
    return this;
  }

  /** The heartbeat's news of a client; anything else is a bug's, dropped with a line. */
  private Behavior<Command> onOther(Command message) {
    int forgotten = NodeHeartbeat.tellWatchers(message, watchers, System.nanoTime());
    if (forgotten > 0) {
      getContext().getLog().info("Forgot [{}] watches of a client that left", forgotten);
    } else if (forgotten < 0) {
      getContext().getLog().warn("Dropped [{}]: not a watch command", message);
    }
    return this;
  }
}
