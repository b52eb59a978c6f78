package io.sharedstore.store.watch;

import io.sharedstore.store.engine.Change;
import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.internal.Refusal;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.Watch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchCommand;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import io.sharedstore.store.wire.WireSizes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The store's watches: the registry the store actor owns, fed every {@link WatchCommand} and,
 * after each change list is kept in the {@link ChangeHistory}, that change list ({@link
 * #published}).
 *
 * <p>A {@link Watch} is checked first: a missing id, a glob {@link Glob#problem} refuses (bad, or
 * longer than {@code max-key-length}), a {@code fromRevision} below -1 or past the store's
 * latest revision, or an id already watching is refused with the {@link Refusal#INVALID} code;
 * a client (the address of the watch's {@code replyTo}) already holding {@code
 * shared-store.watch.max-per-client} watches with the {@link Refusal#FULL} code. A refusal is one
 * {@link WatchEvents#refused} to {@code replyTo}, and nothing is registered.
 *
 * <p>An accepted watch from a revision in the history first catches up: the matching changes
 * after it, read from the history in pages of at most {@link #PAGE} events; from a revision the
 * history no longer holds it gets {@link WatchEvent.ResetReason#GAP} (with the store's latest
 * revision) and continues after it. Then it is live: the matching changes of every change list
 * the store publishes go to it at once, in revision order, in one message per change list.
 * Every change is sent once: nothing is missed or repeated between the catch-up and live.
 *
 * <p>A message holds at most {@link #PAGE} events and at most about the frame budget of bytes
 * ({@code max-value-size}, by {@link WireSizes#watchEvent}); a longer page or change list is
 * split. One event alone may pass the budget (a value of {@code max-value-size} with its key):
 * the frame has room for that ({@code StoreSettings.maxFrameContent}), so no message is ever
 * larger than Artery's {@code maximum-frame-size}, which would drop it.
 *
 * <p>Pekko's {@code tell} never blocks, so what is bounded is what is sent but not yet
 * acknowledged: at most {@code shared-store.watch.buffer} events and about {@code
 * shared-store.watch.buffer-max-bytes} bytes past a watcher's last {@link WatchAck}. A
 * catching-up watcher at either bound waits for an acknowledgement (the history, not the
 * watcher, holds what it has not got); one event larger than the byte bound goes alone once
 * everything before it is acknowledged. A live watcher whose next change list would take it
 * past either bound gets one {@link WatchEvent.ResetReason#OVERFLOW} with the store's latest
 * revision instead of those changes, and nothing more until it acknowledges that revision; then
 * it catches up from the history after it (or gets a gap if the history has moved past it). A
 * single change list with more matching changes (or bytes) than the buffer (a large {@code
 * setAll}) is an overflow even for a watcher that has acknowledged everything. So a
 * watcher costs the manager a few fields and the sent-batch marks, however slow it is.
 *
 * <p>An expiry is an {@link WatchEvent.Kind#EXPIRED} event with the revision of the removal.
 * While a watch is registered the store arms a timer at its earliest deadline and sweeps then
 * (see {@code StoreActor}), so the event comes when the deadline passes, not only when a read or
 * the periodic sweep ({@code cleanup-interval}) frees the key.
 *
 * <p>A client that is gone (it left, or its heartbeats stopped) loses its watches: {@link
 * #forgetClient}.
 *
 * <p>In memory only, lost when the store stops. Not thread-safe: owned by the store's thread.
 */
public final class Watchers {

  /** The most events in one {@link WatchEvents} message. */
  public static final int PAGE = 256;

  private final ChangeHistory history;
  private final WatchSettings settings;
  private final int maxGlobLength;
  private final long frameBudget;
  private final Logger log;
  private final Map<String, Watcher> byId = new LinkedHashMap<>();
  /** The change lists published since {@link #hold}, or null when not holding. */
  private List<Change> held;
  private final Map<Address, Integer> perClient = new HashMap<>();
  /** Clients whose heartbeats stopped, and since when (the store's monotonic nanos). */
  private final Map<Address, Long> silentSince = new HashMap<>();

  /**
   * An empty registry.
   *
   * @param history the store's history, which this reads catch-ups from
   * @param settings the buffer and per-client bounds
   * @param maxGlobLength the longest glob (and watch id) accepted ({@code max-key-length})
   * @param frameBudget the most estimated bytes of events in one message ({@code
   *     max-value-size}; one larger event goes alone)
   * @param log where dropped commands are logged
   */
  public Watchers(ChangeHistory history, WatchSettings settings, int maxGlobLength,
      long frameBudget, Logger log) {
    this.history = history;
    this.settings = settings;
    this.maxGlobLength = maxGlobLength;
    this.frameBudget = frameBudget;
    this.log = log;
  }

  /**
   * Handles a watcher's command.
   *
   * @param command a {@link Watch}, {@link WatchAck} or {@link Unwatch}
   */
  public void on(WatchCommand command) {
    if (command instanceof Watch watch) {
      watch(watch);
    } else if (command instanceof WatchAck ack) {
      ack(ack);
    } else if (command instanceof Unwatch unwatch) {
      unwatch(unwatch.watchId());
    }
  }

  /**
   * Delivers the matching changes of a change list the store has just kept in its history to
   * every live watcher.
   *
   * @param changes the change list, in revision order
   */
  public void published(List<Change> changes) {
    if (held != null) {
      held.addAll(changes);
      return;
    }
    deliver(changes);
  }

  /**
   * Sends a progress notice (a numbered message without events, bringing the watcher to where
   * it is) to every watcher sent something since the last notice, and to every watcher waiting
   * for an acknowledgement (an overflowed one, or one catching up at its buffer's bound). Artery
   * drops a message its outbound queue cannot hold: the notice's number tells a watcher that a
   * message before it was lost even when no change follows, and lets it acknowledge again what
   * it has (its acknowledgement may have been lost too), so no watch waits forever. Called by the
   * store every {@code shared-store.watch.progress-interval}.
   */
  public void progress(long nowNanos) {
    forgetSilent(nowNanos);
    for (Watcher watcher : byId.values()) {
      watcher.progress();
    }
  }

  /**
   * The heartbeats of the client at {@code client} stopped: its watches are kept for {@code
   * shared-store.watch.forget-after} (it may be stalled, not gone), then forgotten.
   *
   * @param client the client's ActorSystem address
   * @param nowNanos the store's monotonic time
   */
  public void silent(Address client, long nowNanos) {
    if (perClient.containsKey(client)) {
      silentSince.putIfAbsent(client, nowNanos);
    }
  }

  /**
   * A client pings from {@code client} again: its watches are not forgotten.
   *
   * @param client the client's ActorSystem address
   */
  public void back(Address client) {
    silentSince.remove(client);
  }

  /**
   * Forgets the watches of every client silent for {@code forget-after}, telling each watch (a
   * refusal naming why): a client that was only stalled gets it when it runs again and registers
   * its watches again from where they were.
   */
  private void forgetSilent(long nowNanos) {
    if (silentSince.isEmpty()) {
      return;
    }
    long limit = settings.forgetAfter().toNanos();
    var silent = silentSince.entrySet().iterator();
    while (silent.hasNext()) {
      var entry = silent.next();
      if (nowNanos - entry.getValue() < limit) {
        continue;
      }
      silent.remove();
      Address client = entry.getKey();
      int forgotten = 0;
      for (Watcher watcher : byId.values()) {
        if (watcher.client.equals(client)) {
          watcher.replyTo.tell(WatchEvents.refused(watcher.id, Refusal.INVALID.describe("watch "
              + KeyRules.show(watcher.id) + " forgotten: the client's heartbeats stopped for "
              + settings.forgetAfter().toMillis() + " ms")));
          forgotten++;
        }
      }
      forgetClient(client);
      log.info("Forgot [{}] watches of the client at [{}]: its heartbeats stopped for [{}] ms",
          forgotten, client, settings.forgetAfter().toMillis());
    }
  }

  /**
   * Holds the change lists published from now on until {@link #release}, which delivers them as
   * one: the store holds them over a batch of requests, so a watcher gets one message per batch
   * rather than one per write (the messages a client receives are what Artery's outbound queue
   * must hold).
   */
  public void hold() {
    if (held == null && !byId.isEmpty()) {
      held = new ArrayList<>();
    }
  }

  /** Delivers what was published since {@link #hold}, as one change list. */
  public void release() {
    List<Change> changes = held;
    held = null;
    if (changes != null && !changes.isEmpty()) {
      deliver(changes);
    }
  }

  private void deliver(List<Change> changes) {
    for (Watcher watcher : byId.values()) {
      if (!watcher.overflowed && !watcher.catchingUp) {
        watcher.live(changes);
      }
    }
  }

  /**
   * Tells every watcher that changes may have been lost without an event ({@code reason}; a
   * store cluster's slot that started again empty, or whose changes did not all arrive): each
   * gets one {@link WatchEvent.Reset} at the history's latest revision and, as after an
   * overflow, nothing more until it acknowledges it; then it goes on from there.
   *
   * @param reason why
   */
  public void reset(WatchEvent.ResetReason reason) {
    for (Watcher watcher : byId.values()) {
      watcher.reset(reason);
    }
  }

  /**
   * Forgets every watch of the client at {@code client} (the ActorSystem address of their {@code
   * replyTo}): the store's heartbeat found no client left there (it left, or its heartbeats
   * stopped). They are sent nothing more; a client that comes back watches again (from its last
   * revision, with the same ids if it likes).
   *
   * @param client the address
   * @return how many watches were forgotten
   */
  public int forgetClient(Address client) {
    silentSince.remove(client);
    if (perClient.remove(client) == null) {
      return 0;
    }
    int before = byId.size();
    byId.values().removeIf(watcher -> watcher.client.equals(client));
    return before - byId.size();
  }

  /**
   * How many watches are registered.
   *
   * @return the count
   */
  public int size() {
    return byId.size();
  }

  private void watch(Watch watch) {
    if (watch.replyTo() == null) {
      log.warn("Dropped a watch without replyTo: [{}]", watch.watchId());
      return;
    }
    String id = watch.watchId() == null ? "" : watch.watchId();
    Optional<String> problem = problem(watch);
    if (problem.isPresent()) {
      watch.replyTo().tell(WatchEvents.refused(id, problem.get()));
      return;
    }
    Address client = watch.replyTo().path().address();
    int held = perClient.getOrDefault(client, 0);
    if (held >= settings.maxPerClient()) {
      watch.replyTo().tell(WatchEvents.refused(id, Refusal.FULL.describe("the client " + client
          + " holds " + held + " watches, the most max-per-client allows")));
      return;
    }
    long from = watch.fromRevision() == Watch.FROM_NOW ? history.latestRevision()
        : watch.fromRevision();
    Watcher watcher = new Watcher(id, Glob.of(watch.glob()), watch.replyTo(), client, from);
    byId.put(id, watcher);
    perClient.put(client, held + 1);
    watch.replyTo().tell(WatchEvents.started(id, from));
    watcher.catchUp();
  }

  private Optional<String> problem(Watch watch) {
    if (watch.watchId() == null || watch.watchId().isEmpty()) {
      return Optional.of(Refusal.INVALID.describe("a watch needs a watch id"));
    }
    if (watch.watchId().length() > maxGlobLength) {
      return Optional.of(Refusal.INVALID.describe("a watch id must not be longer than"
          + " max-key-length, " + maxGlobLength + " chars, was " + watch.watchId().length()));
    }
    Optional<String> glob = Glob.problem(watch.glob(), maxGlobLength);
    if (glob.isPresent()) {
      return Optional.of(Refusal.INVALID.describe("watch " + KeyRules.show(watch.watchId())
          + " refused: " + glob.get()));
    }
    long latest = history.latestRevision();
    if (watch.fromRevision() < Watch.FROM_NOW || watch.fromRevision() > latest) {
      return Optional.of(Refusal.INVALID.describe("watch " + KeyRules.show(watch.watchId())
          + " refused: fromRevision must be -1 (the present) or a revision up to the store's"
          + " latest, " + latest + ", was " + watch.fromRevision()));
    }
    if (byId.containsKey(watch.watchId())) {
      return Optional.of(Refusal.INVALID.describe("watch id " + KeyRules.show(watch.watchId())
          + " is already watching"));
    }
    return Optional.empty();
  }

  private void ack(WatchAck ack) {
    Watcher watcher = byId.get(ack.watchId());
    if (watcher != null) {
      watcher.acked(ack.revision());
    }
  }

  private void unwatch(String id) {
    Watcher watcher = byId.remove(id);
    if (watcher != null) {
      perClient.computeIfPresent(watcher.client, (client, held) -> held == 1 ? null : held - 1);
    }
  }

  /** The event a watcher gets for a data change. */
  static WatchEvent event(Change change) {
    if (change instanceof Change.Written written) {
      return new WatchEvent.KeyEvent(WatchEvent.Kind.CHANGED, written.key(), written.revision(),
          Optional.of(written.value()), written.deadlineMillis());
    }
    Change.Removed removed = (Change.Removed) change;
    WatchEvent.Kind kind = removed.cause() == Change.Cause.DELETED
        ? WatchEvent.Kind.DELETED : WatchEvent.Kind.EXPIRED;
    return new WatchEvent.KeyEvent(kind, removed.key(), removed.revision(), Optional.empty(),
        OptionalLong.empty());
  }

  /** One watch: where it is in the store's revisions and what it has not acknowledged. */
  private final class Watcher {
    private final String id;
    private final Glob glob;
    private final ActorRef<WatchEvents> replyTo;
    private final Address client;
    /** The last revision this watcher has been sent (or skipped as not matching). */
    private long cursor;
    /** Behind the history's latest: reads pages from the history as its acknowledgements allow. */
    private boolean catchingUp = true;
    /** Sent a Reset(OVERFLOW) at {@link #resetRevision}; waits for its acknowledgement. */
    private boolean overflowed;
    private long resetRevision;
    private WatchEvent.ResetReason resetReason;
    /** The sent messages not yet acknowledged: their last revision, events and bytes. */
    private final ArrayDeque<long[]> unacked = new ArrayDeque<>();
    private int inFlight;
    private long inFlightBytes;
    /** The number of the last message sent (the confirmation is 0). */
    private long sent;
    /** {@link #sent} at the last progress notice. */
    private long sentAtProgress;

    Watcher(String id, Glob glob, ActorRef<WatchEvents> replyTo,
        Address client, long cursor) {
      this.id = id;
      this.glob = glob;
      this.replyTo = replyTo;
      this.client = client;
      this.cursor = cursor;
    }

    /** Sends pages from the history while the buffer has room, until it reaches the latest. */
    void catchUp() {
      while (catchingUp && inFlight < settings.buffer()
          && inFlightBytes < settings.bufferMaxBytes()) {
        int room = Math.min(PAGE, settings.buffer() - inFlight);
        ChangeHistory.Since since = history.since(cursor, glob, room);
        if (since instanceof ChangeHistory.Page page) {
          List<WatchEvent> events = page.changes().stream().map(Watchers::event).toList();
          int fit = fitting(events);
          if (fit == events.size()) {
            send(events, page.through());
            cursor = page.through();
            catchingUp = page.more();
          } else {
            // The byte bound: the events that fit now, the rest after an acknowledgement.
            if (fit > 0) {
              long last = events.get(fit - 1).revision();
              send(events.subList(0, fit), last);
              cursor = last;
            }
            return;
          }
        } else {
          // A gap; "ahead" cannot be, as fromRevision past the latest is refused.
          long latest = history.latestRevision();
          send(List.of(new WatchEvent.Reset(latest, WatchEvent.ResetReason.GAP)), latest);
          cursor = latest;
          catchingUp = false;
        }
      }
    }

    void live(List<Change> changes) {
      List<WatchEvent> events = new ArrayList<>();
      for (Change change : changes) {
        if (!(change instanceof Change.Remembered) && change.revision() > cursor
            && glob.matches(change.key())) {
          events.add(event(change));
        }
      }
      long latest = history.latestRevision();
      long bytes = 0;
      for (WatchEvent event : events) {
        bytes += WireSizes.watchEvent(event);
      }
      if (inFlight + events.size() > settings.buffer()
          || inFlightBytes + bytes > settings.bufferMaxBytes()) {
        reset(WatchEvent.ResetReason.OVERFLOW);
      } else {
        send(events, latest);
        cursor = latest;
      }
    }

    /**
     * Skips to the history's latest revision with one Reset for {@code reason}, then waits for
     * its acknowledgement before it catches up from there.
     */
    void reset(WatchEvent.ResetReason reason) {
      long latest = history.latestRevision();
      if (overflowed && resetRevision == latest && reason == resetReason) {
        return; // told already, and nothing happened since
      }
      resetReason = reason;
      overflowed = true;
      catchingUp = false;
      resetRevision = latest;
      cursor = latest;
      replyTo.tell(WatchEvents.of(id, List.of(new WatchEvent.Reset(latest, reason)), latest,
          ++sent));
    }

    void progress() {
      boolean waiting = overflowed || (catchingUp && (inFlight >= settings.buffer()
          || inFlightBytes >= settings.bufferMaxBytes()));
      if (sent == sentAtProgress && !waiting) {
        return;
      }
      long through = overflowed ? resetRevision : cursor;
      replyTo.tell(WatchEvents.of(id, List.of(), through, ++sent));
      sentAtProgress = sent;
    }

    void acked(long revision) {
      while (!unacked.isEmpty() && unacked.peekFirst()[0] <= revision) {
        long[] acknowledged = unacked.removeFirst();
        inFlight -= (int) acknowledged[1];
        inFlightBytes -= acknowledged[2];
      }
      if (overflowed && revision >= resetRevision) {
        overflowed = false;
        catchingUp = true;
      }
      if (!overflowed && catchingUp) {
        catchUp();
      }
    }

    /**
     * How many of {@code events}, from the first, fit in the byte bound's room now: at least
     * one when nothing is in flight, so that an event larger than the bound still goes.
     */
    private int fitting(List<WatchEvent> events) {
      long room = settings.bufferMaxBytes() - inFlightBytes;
      long bytes = 0;
      for (int i = 0; i < events.size(); i++) {
        bytes += WireSizes.watchEvent(events.get(i));
        if (bytes > room && (i > 0 || inFlight > 0)) {
          return i;
        }
      }
      return events.size();
    }

    /**
     * Sends {@code events} (none: nothing) in messages of at most {@link #PAGE} events and about
     * {@link #frameBudget} bytes (one larger event alone), the last one bringing the watcher to
     * {@code through}.
     */
    private void send(List<WatchEvent> events, long through) {
      int from = 0;
      while (from < events.size()) {
        int to = from;
        long bytes = 0;
        while (to < events.size() && to - from < PAGE) {
          long size = WireSizes.watchEvent(events.get(to));
          if (to > from && bytes + size > frameBudget) {
            break;
          }
          bytes += size;
          to++;
        }
        List<WatchEvent> part = events.subList(from, to);
        long last = part.get(part.size() - 1).revision(); // what the watcher acknowledges
        replyTo.tell(WatchEvents.of(id, part, to == events.size() ? through : last, ++sent));
        unacked.addLast(new long[] {last, part.size(), bytes});
        inFlight += part.size();
        inFlightBytes += bytes;
        from = to;
      }
    }
  }
}
