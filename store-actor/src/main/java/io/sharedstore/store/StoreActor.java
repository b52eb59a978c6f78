package io.sharedstore.store;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.engine.Result;
import io.sharedstore.store.engine.Stepper;
import io.sharedstore.store.engine.StoreEngine;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.persistence.ChannelOpener;
import io.sharedstore.store.persistence.CorruptLogException;
import io.sharedstore.store.persistence.DataDirectory;
import io.sharedstore.store.persistence.DataDirectoryInUseException;
import io.sharedstore.store.persistence.Journal;
import io.sharedstore.store.persistence.LogChannel;
import io.sharedstore.store.persistence.LogFormatException;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.GetClusterInfo;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.ManagerInfo;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import io.sharedstore.store.protocol.SlotMap;
import io.sharedstore.store.protocol.SteppedOperation;
import io.sharedstore.store.protocol.WatchCommand;
import io.sharedstore.store.watch.ChangeHistory;
import io.sharedstore.store.watch.Watchers;
import io.sharedstore.store.wire.Opcode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * The shared store's host: runs a {@link StoreEngine} (the map from string keys to serialized
 * values, each with an optional TTL) behind a mailbox. It applies each {@link Execute} and each
 * request of a {@link Batch} on the engine with its clock, answers, hands every change to its
 * {@link ChangeListener} and keeps it in its {@link ChangeHistory} (the last changes, which
 * watches resume from; in memory only) and feeds it to its {@link Watchers}, runs the {@link SteppedOperation}s in bounded steps
 * (self-messages, so other requests interleave), and paces the sweep: every {@code shared-store.cleanup-interval}
 * it frees at most {@code shared-store.sweep-batch} expired entries per message and continues
 * after a pause, so the sweep takes at most about a quarter of its time.
 *
 * <p>What is lost when: by default state is in memory only and is lost when the manager process
 * stops. With a data directory ({@link PersistenceSettings}) every change also goes to the
 * current log there ({@link Journal}: with {@code always} written and fsynced off this thread
 * with group commit; with {@code everysec} and {@code no} handed to the OS by this thread at the
 * end of each message, fsynced off it), every reply, to a write or a read, is held until the log
 * is durable up to the revision it observed ({@link HeldReplies}; a read of keys whose changes
 * are all durable goes at once), and a new store loads the directory's snapshot and replays its logs ({@link
 * DurableStart}): a clean stop loses nothing, a crash loses nothing acknowledged under {@code
 * fsync = always} and about the last second of the machine's writes under {@code everysec}. Once
 * the logs pass their thresholds, and after the disk comes back from a write error, {@link
 * LogRewrite} writes a snapshot in bounded steps beside the requests and starts a new log; one
 * that fails or is cut by a stop loses nothing (the manifest still names the old state and every
 * log since).
 *
 * <p>A write or fsync error on the log (a full disk, an I/O error) fails the replies that waited
 * for it with the {@link Refusal#PERSISTENCE} code (their changes are in memory and may yet reach
 * the disk: they may have been applied) and turns the store read-only ({@link ReadOnlyGuard}):
 * every later operation that could change something fails at once, not applied, with the
 * {@link Refusal#READ_ONLY} code, the sweep pauses, reads are answered from memory. Once the journal's background retry
 * writes the log again the store takes writes again. A bug (an exception in the engine) resumes
 * the actor with its data instead of restarting it empty. A store in memory picks an epoch when
 * it starts; a durable one keeps its directory's, since its data survives the restart. Its
 * heartbeat child answers every {@link Ping} with it, from a mailbox of its own.
 *
 * <p>A refused request (only a misbehaving peer sends one, as the client checks first) is
 * answered with {@link StatusReply#error(String)}, changes nothing, and is logged at WARN, at
 * most once per refusal kind per 10 s ({@link RefusalLog}).
 */
public final class StoreActor extends AbstractBehavior<Command> {

  /**
   * A sweep that continues pauses this many times as long as its last step took (at least the
   * scheduler's tick, 10 ms by default), so it takes at most about a quarter of the store's time
   * however many keys expire at once: Redis bounds its active expiry the same way. Reads check
   * expiry themselves, so a slower sweep only frees memory later.
   */
  private static final int SWEEP_DUTY_FACTOR = 3;

  /** The sweep timer's tick. */
  private enum Sweep implements Command {
    INSTANCE
  }

  /** The next bounded step of a sweep, after a pause (see {@link #SWEEP_DUTY_FACTOR}). */
  private enum SweepMore implements Command {
    INSTANCE
  }

  /** The earliest deadline has come while watches are registered: a sweep, now. */
  private enum ExpiryDue implements Command {
    INSTANCE
  }

  /** Time for the watchers' progress notices (see {@link Watchers#progress}). */
  private enum WatchProgress implements Command {
    INSTANCE
  }

  /** Time to close the second under way into the {@link ActivityTimeline}. */
  private enum Sample implements Command {
    INSTANCE
  }

  /**
   * Asks for the store's {@link Timeline}, the last minutes second by second. Local only: sent
   * by the manager's own status page, never over the wire (it is not serializable).
   *
   * @param replyTo answered the timeline
   */
  public record GetTimeline(ActorRef<Timeline> replyTo) implements Command {}

  /** {@link #expiryArmedFor} when the {@link ExpiryDue} timer is not armed. */
  private static final long NOT_ARMED = Long.MAX_VALUE;

  /** The next bounded step of a stepped operation, sent to itself. */
  private record Continue<R extends Reply>(Operation<R> operation, Stepper<R> stepper,
      ActorRef<StatusReply<R>> replyTo, long nanos) implements Command {}

  /** The first log's name in a new data directory (later ones follow each rewrite). */
  public static final String LOG_FILE = "log-1.log";

  private final StoreSettings settings;
  private final StoreClock clock;
  private final Ticker monotonic;
  private final ChangeListener listener;
  /** Told each operation handled (the manager's metrics). */
  private final StoreObserver observer;
  /** The handling second by second: the info's rates and p99, the status page's charts. */
  private final ActivityTimeline timeline = new ActivityTimeline();
  private final TimerScheduler<Command> timers;
  private final StoreEngine engine;
  private final RefusalLog refusals;
  private final ActorRef<Ping> heartbeat;
  private final Journal journal;
  private final DataDirectory directory;
  private final HeldReplies replies;
  private final ReadOnlyGuard readOnly;
  private final LogRewrite rewrite;
  /** The last changes, for watches to resume from. */
  private final ChangeHistory history;
  /** The watches, fed each change list after the history. */
  private final Watchers watchers;
  /** The server section of the info. */
  private final ServerInfo server;
  /** The deadline the {@link ExpiryDue} timer is armed for, or {@link #NOT_ARMED}. */
  private long expiryArmedFor = NOT_ARMED;
  /** Changes were queued for the log since the last {@link #writeLog}. */
  private boolean logOwed;

  /**
   * The store with the system's wall clock and no change listener.
   *
   * @param settings the store's settings
   * @return the store's behavior, to spawn as {@link ManagerAddress#STORE_NAME}
   */
  public static Behavior<Command> create(StoreSettings settings) {
    return create(settings, StoreClock.system());
  }

  /**
   * The store with a given clock (tests pass the test kit's manual time).
   *
   * @param settings the store's settings
   * @param clock the wall clock TTLs and deadlines are counted on
   * @return the store's behavior
   */
  public static Behavior<Command> create(StoreSettings settings, StoreClock clock) {
    return create(settings, clock, ChangeListener.NONE);
  }

  /**
   * The store with a given clock, telling {@code listener} of every change.
   *
   * @param settings the store's settings
   * @param clock the wall clock TTLs and deadlines are counted on
   * @param listener told of every change, on the store's thread
   * @return the store's behavior
   */
  public static Behavior<Command> create(
      StoreSettings settings, StoreClock clock, ChangeListener listener) {
    return create(settings, clock, Ticker.system(), listener);
  }

  /**
   * As above, with the monotonic clock that times the sweep's steps and the heartbeat's client
   * silences (tests pass a manual one, so the pauses between steps are known); a step of the wall
   * clock (NTP, a changed time zone) then neither stretches a sweep nor loses a client.
   */
  static Behavior<Command> create(
      StoreSettings settings, StoreClock clock, Ticker monotonic, ChangeListener listener) {
    return create(settings, clock, monotonic, listener, DurableStart.inMemory(settings));
  }

  /**
   * The store keeping its data in {@code persistence}'s directory (in memory only if it has
   * none). Opens the directory and loads its snapshot and logs now, on the caller's thread, so
   * that a start that cannot use them fails here: the behavior holds the recovered state and the
   * directory (released when the store stops), spawn it once. One store per directory: while
   * one holds it, in this JVM or another process, a second is refused.
   *
   * @param settings the store's settings
   * @param persistence where and how the data is kept
   * @return the store's behavior, to spawn once as {@link ManagerAddress#STORE_NAME}
   * @throws CorruptLogException if a log has a bad record before its end (or a record cut short
   *     in a log that is not the last) and {@code on-corruption} is {@code refuse}
   * @throws UncheckedIOException if another store holds the directory (a {@link
   *     DataDirectoryInUseException} cause, the message naming the directory and the holder's
   *     process id), a file cannot be read or written, the snapshot is corrupt, or a file is not
   *     of a known format version (a {@link LogFormatException} cause)
   */
  public static Behavior<Command> create(StoreSettings settings, PersistenceSettings persistence) {
    return create(settings, persistence, StoreObserver.NONE);
  }

  /**
   * As above, telling {@code observer} of every operation handled and every fsync of the log
   * (the manager's metrics).
   *
   * @param settings the store's settings
   * @param persistence where and how the data is kept
   * @param observer told what the store does, on its threads
   * @return the store's behavior, to spawn once as {@link ManagerAddress#STORE_NAME}
   * @throws CorruptLogException as above
   * @throws UncheckedIOException as above
   */
  public static Behavior<Command> create(StoreSettings settings, PersistenceSettings persistence,
      StoreObserver observer) {
    return create(settings, StoreClock.system(), Ticker.system(), ChangeListener.NONE,
        persistence, LogChannel::open, Journal.RETRY_EVERY, observer);
  }

  /**
   * As above, with the given clocks and listener, opening the logs and snapshots with {@code
   * channels} (tests: one that fails), the journal retrying after a write error (and a failed
   * rewrite first retried) after {@code retryEvery} (tests pass a short one).
   */
  static Behavior<Command> create(StoreSettings settings, StoreClock clock, Ticker monotonic,
      ChangeListener listener, PersistenceSettings persistence, ChannelOpener channels,
      Duration retryEvery) {
    return create(settings, clock, monotonic, listener, persistence, channels, retryEvery,
        StoreObserver.NONE);
  }

  /** As above, telling {@code observer} what the store does. */
  static Behavior<Command> create(StoreSettings settings, StoreClock clock, Ticker monotonic,
      ChangeListener listener, PersistenceSettings persistence, ChannelOpener channels,
      Duration retryEvery, StoreObserver observer) {
    if (!persistence.enabled()) {
      return create(settings, clock, monotonic, listener, DurableStart.inMemory(settings),
          observer);
    }
    return create(settings, clock, monotonic, listener, DurableStart.once(
        DurableStart.recover(settings, persistence, clock, channels, retryEvery)), observer);
  }

  /** As above, starting from what {@code start} gives (tests: a history they read). */
  static Behavior<Command> create(StoreSettings settings, StoreClock clock,
      Ticker monotonic, ChangeListener listener, DurableStart.Start start) {
    return create(settings, clock, monotonic, listener, start, StoreObserver.NONE);
  }

  /** As above, telling {@code observer} what the store does. */
  static Behavior<Command> create(StoreSettings settings, StoreClock clock,
      Ticker monotonic, ChangeListener listener, DurableStart.Start start,
      StoreObserver observer) {
    java.util.Objects.requireNonNull(observer, "observer");
    Behavior<Command> store =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers ->
                        new StoreActor(context, timers, settings, clock, monotonic, listener,
                            start.get(), observer)));
    return Behaviors.intercept(
            ForeignMessages::new, Behaviors.supervise(store).onFailure(SupervisorStrategy.resume()))
        .narrow();
  }

  private StoreActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StoreSettings settings,
      StoreClock clock,
      Ticker monotonic,
      ChangeListener listener,
      DurableStart.Recovered recovered,
      StoreObserver observer) {
    super(context);
    this.observer = observer;
    this.monotonic = monotonic;
    context.setLoggerName(StoreActor.class);
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.timers = timers;
    this.engine = recovered.engine();
    this.journal = recovered.journal();
    this.directory = recovered.directory();
    this.history = recovered.history();
    this.watchers =
        new Watchers(history, settings.watch(), settings.maxKeyLength(), settings.maxValueSize(),
            context.getLog());
    if (journal == null) {
      this.replies = HeldReplies.inMemory();
    } else {
      this.replies = new HeldReplies(engine.revision());
      journal.observeFsyncs(observer::fsynced);
      journal.start(new JournalReports(context.getSelf(), journal));
    }
    this.refusals = new RefusalLog(context.getLog(), clock);
    this.readOnly =
        new ReadOnlyGuard(context.getLog(), monotonic, journal == null ? null : journal::file);
    this.rewrite = journal == null ? null
        : new LogRewrite(context, timers, recovered, clock, monotonic, readOnly::isReadOnly);
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.cleanupInterval());
    timers.startTimerWithFixedDelay(WatchProgress.INSTANCE, settings.watch().progressInterval());
    timers.startTimerAtFixedRate(Sample.INSTANCE, Duration.ofSeconds(1));
    this.server = new ServerInfo(recovered.epoch(), monotonic,
        recovered.onDisk() == null ? null : recovered.onDisk().persistence(),
        context.getSystem().address());
    this.heartbeat =
        context.spawn(
            StoreHeartbeat.create(recovered.epoch(), engine.revision(), monotonic,
                context.getSelf().narrow()),
            ManagerAddress.HEARTBEAT_NAME);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Execute.class, this::onExecute)
        .onMessage(Batch.class, this::onBatch)
        .onMessage(Continue.class, this::onContinue)
        .onMessage(Ping.class, this::onPing)
        .onMessage(GetSlotMap.class, this::onGetSlotMap)
        .onMessage(GetClusterInfo.class, this::onGetClusterInfo)
        .onMessage(WatchCommand.class, this::onWatchCommand)
        .onMessage(StoreHeartbeat.ClientGone.class, this::onClientGone)
        .onMessage(StoreHeartbeat.ClientBack.class, this::onClientBack)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .onMessageEquals(SweepMore.INSTANCE, this::onSweep)
        .onMessageEquals(ExpiryDue.INSTANCE, this::onExpiryDue)
        .onMessageEquals(WatchProgress.INSTANCE, this::onWatchProgress)
        .onMessageEquals(Sample.INSTANCE, this::onSample)
        .onMessage(GetTimeline.class, this::onGetTimeline)
        .onMessage(JournalReports.Durable.class, this::onDurable)
        .onMessage(JournalReports.JournalFailed.class, this::onJournalFailed)
        .onMessage(JournalReports.DiskBack.class, this::onDiskBack)
        .onMessage(LogRewrite.Message.class, this::onRewrite)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onExecute(Execute<?> execute) {
    return execute(execute);
  }

  private Behavior<Command> onContinue(Continue<?> step) {
    return step(step);
  }

  private <R extends Reply> Behavior<Command> execute(Execute<R> execute) {
    if (execute.replyTo() == null) {
      getContext().getLog().warn("Dropped [{}]: it has no replyTo", execute.operation());
      return this;
    }
    if (readOnly.refuses(execute.operation())) {
      handled(execute.operation(), true, 0);
      execute.replyTo().tell(StatusReply.error(readOnly.refusal()));
      return this;
    }
    if (execute.operation() instanceof Operation.GetInfo) {
      return info(execute.replyTo());
    }
    if (execute.operation() instanceof SteppedOperation<R> stepped) {
      return step(new Continue<>(stepped, engine.start(stepped), execute.replyTo(), 0));
    }
    Result<R> result = run(execute.operation());
    long observed = replies.observed(execute.operation(), engine.revision());
    if (result.refused() != null) {
      refusals.refused(result.refused(), execute.replyTo());
      reply(execute.replyTo(), StatusReply.error(result.refused().errorText()), observed);
    } else {
      reply(execute.replyTo(), StatusReply.success(result.reply()), observed);
    }
    return this;
  }

  private <R extends Reply> Behavior<Command> step(Continue<R> step) {
    if (readOnly.refuses(step.operation())) {
      // Turned read-only between two steps: the steps done are in memory (and kept by the log).
      handled(step.operation(), true, step.nanos());
      step.replyTo().tell(StatusReply.error(readOnly.refusal()));
      return this;
    }
    long started = System.nanoTime();
    Result<R> result = step.stepper().step(clock.nowMillis());
    long nanos = step.nanos() + (System.nanoTime() - started);
    publish(result.changes());
    if (!result.isDone()) {
      writeLog();
      // the rest in bounded steps, after what is queued
      getContext().getSelf().tell(
          new Continue<>(step.operation(), step.stepper(), step.replyTo(), nanos));
      return this;
    }
    handled(step.operation(), result.refused() != null, nanos);
    if (result.refused() != null) {
      refusals.refused(result.refused(), step.replyTo());
      reply(step.replyTo(), StatusReply.error(result.refused().errorText()), engine.revision());
    } else {
      reply(step.replyTo(), StatusReply.success(result.reply()), engine.revision());
    }
    return this;
  }

  private Behavior<Command> onBatch(Batch batch) {
    if (batch.requests() == null || batch.replyTo() == null) {
      getContext().getLog().warn("Dropped a batch without requests or replyTo");
      return this;
    }
    BatchAnswers answers = new BatchAnswers(batch.replyTo(), settings.maxValueSize(), replies);
    watchers.hold(); // one watch message per batch, not one per write
    try {
      for (Request request : batch.requests()) {
        long id = request == null ? -1 : request.id();
        Operation<?> operation = request == null ? null : request.operation();
        if (operation == null || !Batch.answersAtOnce(operation)) {
          answers.add(Outcome.refused(id, Refusal.INVALID.describe(
              "batch refused a request that does not answer at once: " + operation)));
        } else if (readOnly.refuses(operation)) {
          handled(operation, true, 0);
          answers.add(Outcome.refused(id, readOnly.refusal()));
        } else {
          answers.add(outcome(id, run(operation), batch.replyTo()),
              replies.observed(operation, engine.revision()));
        }
      }
    } finally {
      writeLog();
      watchers.release();
      answers.send(readOnly.isReadOnly());
    }
    return this;
  }

  /**
   * Answers an info request: the engine's sections (counting the call), the server section, the
   * watches and the read-only refusals from here, then the heartbeat adds the clients and
   * answers. Not held for the log: it reports the store as it is, durable or not.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private <R extends Reply> Behavior<Command> info(ActorRef<StatusReply<R>> replyTo) {
    long started = System.nanoTime();
    Operation.GetInfo getInfo = new Operation.GetInfo();
    ManagerInfo info = engine.apply(getInfo, clock.nowMillis()).reply();
    ManagerInfo.Stats counted = info.stats();
    Map<String, Long> refused = new LinkedHashMap<>(counted.refusedByReason());
    if (readOnly.refusedSinceStart() > 0) {
      refused.merge(Refusal.READ_ONLY.code(), readOnly.refusedSinceStart(), Long::sum);
    }
    ManagerInfo ours = info.withServer(server.section(rewrite == null ? 0 : rewrite.logBytes()))
        .withStats(new ManagerInfo.Stats(counted.operations(), counted.keyspaceHits(),
            counted.keyspaceMisses(), counted.expiredKeys(), refused, watchers.size(),
            timeline.opsPerSecond(), timeline.opsPerSecondByName(), timeline.p99Micros()));
    handled(getInfo, false, System.nanoTime() - started);
    heartbeat.<Object>unsafeUpcast().tell(new StoreHeartbeat.ListClients(ours, clock.nowMillis(),
        (ActorRef) replyTo));
    return this;
  }

  private Outcome outcome(long id, Result<?> result, ActorRef<?> from) {
    if (result.refused() != null) {
      refusals.refused(result.refused(), from);
      return Outcome.refused(id, result.refused().errorText());
    }
    return Outcome.success(id, (Reply) result.reply());
  }

  /**
   * Sends {@code reply} once the log is durable up to what it observed (at once in memory, and
   * at once while read-only: then only reads are answered, from memory).
   */
  private <R> void reply(ActorRef<StatusReply<R>> replyTo, StatusReply<R> reply, long observed) {
    if (readOnly.isReadOnly()) {
      replyTo.tell(reply);
      return;
    }
    writeLog();
    replies.reply(observed, () -> replyTo.tell(reply),
        error -> replyTo.tell(StatusReply.error(error)));
  }

  /**
   * Has the journal write what was queued (on this thread when that makes it durable: then the
   * replies that wait for it go at once, without waiting for the journal's report).
   */
  private void writeLog() {
    if (logOwed) {
      logOwed = false;
      long durable = journal.writeQueued();
      if (durable >= 0) {
        replies.durable(durable);
      }
    }
  }

  private Behavior<Command> onDurable(JournalReports.Durable durable) {
    replies.durable(durable.revision());
    return this;
  }

  private Behavior<Command> onJournalFailed(JournalReports.JournalFailed failed) {
    readOnly.journalFailed(failed.revision(), failed.error(), failed.cause());
    // Every reply that observed a change not yet durable fails: also those made after the
    // failed batch and before this report, which the journal keeps queued for its retry.
    replies.failed(Math.max(failed.revision(), engine.revision()), failed.error());
    return this;
  }

  private Behavior<Command> onDiskBack(JournalReports.DiskBack back) {
    replies.durable(back.revision());
    readOnly.diskBack(back.revision());
    rewrite.diskBack(); // a fresh snapshot of what is in memory
    armExpiry(); // the expiries a read-only store held back
    return this;
  }

  private Behavior<Command> onRewrite(LogRewrite.Message message) {
    rewrite.on(message);
    return this;
  }

  private Behavior<Command> onPostStop() {
    if (rewrite != null) {
      rewrite.abandon();
    }
    DurableStart.release(journal, directory, getContext().getLog());
    return this;
  }

  /** Applies one operation that answers at once, and publishes its changes. */
  private <R extends Reply> Result<R> run(Operation<R> operation) {
    if (operation == null) {
      return new Result<>(null, new Result.Refused(Refusal.INVALID, "null", "",
          "the operation must not be null"), List.of());
    }
    long started = System.nanoTime();
    Result<R> result = engine.apply(operation, clock.nowMillis());
    handled(operation, result.refused() != null, System.nanoTime() - started);
    publish(result.changes());
    return result;
  }

  /** Counts one operation handled in the timeline and tells the observer. */
  private void handled(Operation<?> operation, boolean refused, long nanos) {
    Opcode opcode = Opcode.of(operation);
    timeline.handled(opcode, refused, nanos);
    observer.handled(opcode, refused, nanos);
  }

  private Behavior<Command> onSample() {
    timeline.tick(clock.nowMillis(), engine.storedEntries(), engine.estimatedBytes());
    return this;
  }

  private Behavior<Command> onGetTimeline(GetTimeline get) {
    get.replyTo().tell(timeline.timeline());
    return this;
  }

  private void publish(List<Change> changes) {
    if (!changes.isEmpty()) {
      if (journal != null) {
        journal.queue(changes);
        logOwed = true;
        replies.changed(changes);
        rewrite.appended();
      }
      history.record(changes);
      if (watchers.size() > 0) {
        watchers.published(changes);
        armForDeadlines(changes);
      }
      listener.changed(changes);
    }
  }

  /** Arms the expiry timer earlier if a change wrote a key with an earlier deadline. */
  private void armForDeadlines(List<Change> changes) {
    for (Change change : changes) {
      if (change instanceof Change.Written written && written.deadlineMillis().isPresent()) {
        armExpiryAt(written.deadlineMillis().getAsLong());
      }
    }
  }

  /**
   * While a watch is registered, keeps one timer armed at the earliest deadline of the store's
   * entries, so that a watcher hears of an expiry when the deadline passes (within the
   * scheduler's tick), not only when a read or the periodic sweep finds it; with no watch it is
   * cancelled. A timer armed for an entry deleted or rewritten since fires, sweeps nothing and
   * arms for the next deadline.
   */
  private void armExpiry() {
    if (watchers.size() == 0) {
      if (expiryArmedFor != NOT_ARMED) {
        timers.cancel(ExpiryDue.INSTANCE);
        expiryArmedFor = NOT_ARMED;
      }
      return;
    }
    engine.nextDeadline().ifPresent(this::armExpiryAt);
  }

  private void armExpiryAt(long deadline) {
    if (deadline >= expiryArmedFor) {
      return;
    }
    long now = clock.nowMillis();
    if (deadline <= now && timers.isTimerActive(SweepMore.INSTANCE)) {
      return; // a sweep in steps is under way; it arms again when it is done
    }
    expiryArmedFor = deadline;
    timers.startSingleTimer(ExpiryDue.INSTANCE, Duration.ofMillis(Math.max(0, deadline - now)));
  }

  /** Watches, acknowledgements and unwatches go to the {@link Watchers}. */
  private Behavior<Command> onWatchCommand(WatchCommand command) {
    int before = watchers.size();
    watchers.on(command);
    if (watchers.size() != before) {
      armExpiry();
    }
    return this;
  }

  /** The earliest deadline has come: frees what expired, in bounded steps as the sweep does. */
  private Behavior<Command> onExpiryDue() {
    expiryArmedFor = NOT_ARMED;
    return onSweep();
  }

  private Behavior<Command> onWatchProgress() {
    int before = watchers.size();
    watchers.progress(monotonic.nanos());
    if (watchers.size() != before) {
      armExpiry();
    }
    return this;
  }

  /** A client pings again: its watches, if its silence had marked them, stay. */
  private Behavior<Command> onClientBack(StoreHeartbeat.ClientBack back) {
    watchers.back(back.client());
    return this;
  }

  /** The heartbeat found no client left at an address: its watches go. */
  private Behavior<Command> onClientGone(StoreHeartbeat.ClientGone gone) {
    if (!gone.left()) {
      // Silent, perhaps only stalled: forgotten after forget-after unless it pings again.
      watchers.silent(gone.client(), monotonic.nanos());
      return this;
    }
    int forgotten = watchers.forgetClient(gone.client());
    if (forgotten > 0) {
      getContext().getLog().info("Forgot [{}] watches of the client at [{}]: {}",
          forgotten, gone.client(), gone.why());
      armExpiry();
    }
    return this;
  }

  /** Pings are answered beside the store (see {@link StoreHeartbeat}); one sent here goes there. */
  private Behavior<Command> onPing(Ping ping) {
    heartbeat.tell(ping);
    return this;
  }

  /**
   * A single manager is not a cluster: it answers a map of no slots, and the client keeps
   * sending everything here.
   */
  private Behavior<Command> onGetSlotMap(GetSlotMap get) {
    if (get.replyTo() != null) {
      get.replyTo().tell(SlotMap.NOT_A_CLUSTER);
    }
    return this;
  }

  /** A single manager is not a cluster member. */
  private Behavior<Command> onGetClusterInfo(GetClusterInfo get) {
    if (get.replyTo() != null) {
      get.replyTo().tell(ClusterInfo.NOT_A_CLUSTER);
    }
    return this;
  }

  private Behavior<Command> onSweep() {
    if (readOnly.isReadOnly()) {
      return this; // read-only: expired entries are freed once the disk takes writes again
    }
    long started = monotonic.nanos();
    long now = clock.nowMillis();
    List<Change> freed = engine.sweep(now, settings.sweepBatch());
    publish(freed);
    writeLog();
    if (!freed.isEmpty() && getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("Swept [{}] expired entries", freed.size());
    }
    if (engine.hasExpired(now)) {
      long spent = Math.max(0, monotonic.nanos() - started);
      timers.startSingleTimer(
          SweepMore.INSTANCE, Duration.ofNanos(Math.max(1, spent * SWEEP_DUTY_FACTOR)));
    } else {
      armExpiry();
    }
    return this;
  }
}
