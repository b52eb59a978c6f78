package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Unwatch;
import io.sharedstore.store.protocol.WatchAck;
import io.sharedstore.store.protocol.WatchEvent;
import io.sharedstore.store.protocol.WatchEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A client's watches on the manager: registers each with the store ({@link
 * io.sharedstore.store.protocol.Watch}), receives their {@link WatchEvents} at one address,
 * delivers each event once, in revision order, to the watch's {@link WatchSink}, and
 * acknowledges what was consumed so the manager sends more.
 *
 * <p>Every registration has an id of its own; events of an id no longer current are dropped, and
 * so is an event at or below the revision last delivered, so nothing is delivered twice across
 * a re-registration. A registration's messages are numbered: one missing (Artery drops messages
 * its outbound queue cannot hold) makes the watch register again from its last delivered
 * revision, so nothing is lost silently. When the manager becomes unreachable every watch is suspended; when it
 * answers again each registers again from its last delivered revision (the manager replays the
 * changes after it from its history, or answers with a gap). When a store with another epoch
 * answers (a restart that lost the data), each registers from the new store's present and
 * delivers {@link ResetReason#EPOCH_CHANGED} first.
 *
 * <p>The watches of one glob that start from the present and consume on delivery (listeners,
 * near caches) share one registration ({@link SharedWatch}): the manager sends each change once
 * per client, and the client decodes it once.
 *
 * <p>State: the open watches, lost when the client closes (the manager forgets them then, or
 * when the client's heartbeats stop).
 */
final class WatchHub extends AbstractBehavior<WatchHub.Message> {

  interface Message {}

  /** Start a watch. */
  record Open(WatchHandle handle) implements Message {}

  /** Stop a watch. */
  record Close(WatchHandle handle) implements Message {}

  /** A sink that acknowledges itself consumed the watch's events up to {@code revision}. */
  record Consumed(WatchHandle handle, long revision) implements Message {}

  /** The client closes: end every watch and stop. */
  enum CloseAll implements Message {
    INSTANCE
  }

  private record Received(WatchEvents events) implements Message {}

  private record ManagerChanged(ManagerEvent event) implements Message {}

  /** The store restarted on its data at {@code startRevision}: its registrations are gone. */
  private record RestartedOnItsData(long startRevision) implements Message {}

  private final ActorRef<Command> store;
  private final ManagerState state;
  private final ActorRef<WatchEvents> address;
  private final int ackEvery;
  private final String idPrefix = UUID.randomUUID() + "-";
  private long lastId;
  /** The registrations on the manager: watches of their own, and shared ones. */
  private final Set<WatchHandle> handles = new LinkedHashSet<>();
  private final Map<String, SharedWatch> sharedByGlob = new HashMap<>();
  private final Map<String, WatchHandle> byId = new HashMap<>();
  /** Registrations left on a manager that was unreachable: unwatched when it answers again. */
  private final List<String> stale = new ArrayList<>();

  /**
   * The hub of a client whose store is {@code store}: it acknowledges every {@code ackEvery}
   * events (and every reset), so the manager, which sends at most {@code
   * shared-store.watch.buffer} events past the last acknowledgement, never waits for it.
   */
  static Behavior<Message> create(ActorRef<Command> store, ManagerState state, int ackEvery) {
    // A bug must not stop every watch of the client: the hub goes on with its state (logged).
    return Behaviors.supervise(
            Behaviors.<Message>setup(context -> new WatchHub(context, store, state, ackEvery)))
        .onFailure(SupervisorStrategy.resume());
  }

  private WatchHub(ActorContext<Message> context, ActorRef<Command> store, ManagerState state,
      int ackEvery) {
    super(context);
    context.setLoggerName(WatchHub.class);
    this.store = store;
    this.state = state;
    this.ackEvery = Math.max(1, ackEvery);
    this.address = context.messageAdapter(WatchEvents.class, Received::new);
    ActorRef<Message> self = context.getSelf();
    state.addListener(event -> self.tell(new ManagerChanged(event)));
    state.onRestartOnItsData(startRevision -> self.tell(new RestartedOnItsData(startRevision)));
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(Received.class, this::onReceived)
        .onMessage(Consumed.class, this::onConsumed)
        .onMessage(ManagerChanged.class, this::onManagerChanged)
        .onMessage(RestartedOnItsData.class, this::onRestartedOnItsData)
        .onMessage(Close.class, this::onClose)
        .onMessageEquals(CloseAll.INSTANCE, this::onCloseAll)
        .build();
  }

  private Behavior<Message> onOpen(Open open) {
    WatchHandle handle = open.handle();
    if (handle.isClosed()) {
      return this;
    }
    if (handle.from == WatchOptions.NOW && handle.sink.consumesOnDelivery()) {
      shared(handle.glob).join(handle);
      return this;
    }
    handles.add(handle);
    if (state.phase() != ManagerState.Phase.UNREACHABLE) {
      register(handle, handle.from);
    }
    return this;
  }

  /** The shared registration of {@code glob}, made (and registered) if there is none. */
  private SharedWatch shared(String glob) {
    SharedWatch shared = sharedByGlob.get(glob);
    if (shared == null) {
      shared = new SharedWatch(getContext().getLog());
      WatchHandle registration =
          new WatchHandle(glob, WatchOptions.NOW, null, getContext().getExecutionContext());
      registration.sink = shared;
      shared.registration(registration);
      sharedByGlob.put(glob, shared);
      handles.add(registration);
      if (state.phase() != ManagerState.Phase.UNREACHABLE) {
        register(registration, WatchOptions.NOW);
      }
    }
    return shared;
  }

  private void register(WatchHandle handle, long from) {
    String id = idPrefix + (++lastId);
    handle.currentId = id;
    handle.confirmed = false;
    handle.unacked = 0;
    handle.nextSequence = 0;
    byId.put(id, handle);
    store.tell(new io.sharedstore.store.protocol.Watch(id, handle.glob, from, address));
  }

  private void unregister(WatchHandle handle, boolean tellManager) {
    if (handle.currentId != null) {
      byId.remove(handle.currentId);
      if (tellManager) {
        store.tell(new Unwatch(handle.currentId));
      } else {
        stale.add(handle.currentId);
      }
      handle.currentId = null;
      handle.confirmed = false;
    }
  }

  private Behavior<Message> onReceived(Received received) {
    WatchEvents message = received.events();
    WatchHandle handle = byId.get(message.watchId());
    if (handle == null || handle.isClosed()) {
      return this; // an earlier registration's, or a closed watch's
    }
    if (message.refusal().isPresent()) {
      refused(handle, message.refusal().get());
      return this;
    }
    if (message.sequence() != handle.nextSequence) {
      lost(handle, message.sequence());
      return this;
    }
    handle.nextSequence++;
    if (!handle.confirmed) {
      confirmed(handle, message.through());
    } else if (message.events().isEmpty()) {
      // A progress notice: acknowledge again what was consumed (an acknowledgement can be lost
      // as a message can; the manager may be waiting for it).
      handle.resumeFrom = Math.max(handle.resumeFrom, message.through());
      if (handle.sink.consumesOnDelivery()) {
        handle.revision(handle.resumeFrom);
        handle.sink.advanced(handle.resumeFrom);
        acknowledge(handle, handle.resumeFrom);
      } else if (handle.revision() >= 0) {
        acknowledge(handle, handle.revision());
      }
      return this;
    }
    int delivered = 0;
    boolean reset = false;
    for (WatchEvent event : message.events()) {
      boolean isReset = event instanceof WatchEvent.Reset;
      if (!isReset && event.revision() <= handle.resumeFrom) {
        continue; // delivered already, before a re-registration
      }
      // A reset is never sent again from the history, and may name a revision delivered already
      // (a store cluster's watch told that a slot lost its data, with no change since).
      reset |= isReset;
      handle.resumeFrom = Math.max(handle.resumeFrom, event.revision());
      if (handle.sink.consumesOnDelivery()) {
        handle.revision(handle.resumeFrom); // what the listener sees as delivered, itself included
      }
      deliver(handle, toStoreEvent(event));
      delivered++;
      if (handle.isClosed()) {
        return this;
      }
    }
    handle.resumeFrom = Math.max(handle.resumeFrom, message.through());
    if (handle.sink.consumesOnDelivery()) {
      handle.revision(handle.resumeFrom);
      handle.sink.advanced(handle.resumeFrom);
      handle.unacked += delivered;
      if (reset || handle.unacked >= ackEvery) {
        acknowledge(handle, message.through());
      }
    }
    return this;
  }

  private void confirmed(WatchHandle handle, long from) {
    handle.confirmed = true;
    handle.resumeRefused = false;
    if (!handle.everStarted) {
      handle.start(from);
      return;
    }
    handle.sink.live(from);
    if (handle.pendingReset != null) {
      ResetReason reason = handle.pendingReset;
      handle.pendingReset = null;
      handle.resumeFrom = from; // the new store's revisions, not the old one's
      if (handle.sink.consumesOnDelivery()) {
        handle.revision(from);
      }
      deliver(handle, new StoreEvent.Reset(from, reason));
    }
  }

  /**
   * A message of the registration never came (Artery drops what its outbound queue cannot
   * hold): register again from what was delivered, so the history fills the hole.
   */
  private void lost(WatchHandle handle, long sequence) {
    getContext().getLog().warn("A message of the watch of [{}] was lost in transit (number [{}]"
        + " came, [{}] was due); it resumes from revision [{}]", handle.glob, sequence,
        handle.nextSequence, handle.resumeFrom);
    unregister(handle, true);
    register(handle, handle.everStarted ? handle.resumeFrom : handle.from);
  }

  private void refused(WatchHandle handle, String refusal) {
    byId.remove(handle.currentId);
    handle.currentId = null;
    if (handle.everStarted) {
      if (!handle.resumeRefused) {
        // Forgotten (the manager took this client's heartbeats for gone) or refused: register
        // again from where it was; the history fills what was missed.
        getContext().getLog().info("The manager dropped the watch of [{}] ({}); it registers"
            + " again from revision [{}]", handle.glob, refusal, handle.resumeFrom);
        handle.resumeRefused = true;
        register(handle, handle.resumeFrom);
        return;
      }
      // Refused again (its revision is past the store's: the store lost changes): from the
      // present, after a reset.
      getContext().getLog().warn("The manager refused to resume the watch of [{}] ({}); it goes"
          + " on from the present with a reset", handle.glob, refusal);
      handle.pendingReset = ResetReason.GAP;
      register(handle, WatchOptions.NOW);
      return;
    }
    handles.remove(handle);
    forgetShared(handle);
    handle.endedByHub();
    StoreRejectedException failure = new StoreRejectedException("watch", handle.glob, refusal);
    handle.ended(failure);
  }

  private void deliver(WatchHandle handle, StoreEvent event) {
    if (handle.isClosed()) {
      return;
    }
    try {
      handle.sink.deliver(event);
    } catch (RuntimeException e) {
      getContext().getLog().error("A watch listener of [{}] failed on {}; the watch goes on",
          handle.glob, event, e);
    }
  }

  private void acknowledge(WatchHandle handle, long revision) {
    if (handle.currentId != null && handle.confirmed) {
      store.tell(new WatchAck(handle.currentId, revision));
    }
    handle.unacked = 0;
  }

  private Behavior<Message> onConsumed(Consumed consumed) {
    WatchHandle handle = consumed.handle();
    if (handle.isClosed() || !handles.contains(handle)) {
      return this;
    }
    acknowledge(handle, consumed.revision());
    return this;
  }

  private Behavior<Message> onManagerChanged(ManagerChanged changed) {
    ManagerEvent event = changed.event();
    if (event instanceof ManagerEvent.Unreachable) {
      for (WatchHandle handle : handles) {
        unregister(handle, false);
        handle.sink.suspended();
      }
    } else if (event instanceof ManagerEvent.Restarted) {
      // The registrations died with the old store: start again from the new store's present.
      for (WatchHandle handle : handles) {
        if (handle.currentId != null) {
          byId.remove(handle.currentId);
          handle.currentId = null;
          handle.sink.suspended();
        }
        if (handle.everStarted) {
          handle.pendingReset = ResetReason.EPOCH_CHANGED;
        }
      }
      stale.clear();
      if (state.phase() != ManagerState.Phase.UNREACHABLE) {
        registerAll();
      }
    } else if (event instanceof ManagerEvent.Reachable) {
      for (String id : stale) {
        store.tell(new Unwatch(id));
      }
      stale.clear();
      registerAll();
    }
    return this;
  }

  /**
   * A store that restarted on its data has none of the registrations: each registers again from
   * where it was, as after an outage. A watch that had delivered past the store's start revision
   * saw changes a crash took back (the log had not kept them; the new store reuses their
   * revisions): it goes on from the start revision, after a {@link ResetReason#GAP}.
   */
  private Behavior<Message> onRestartedOnItsData(RestartedOnItsData restarted) {
    long start = restarted.startRevision();
    for (WatchHandle handle : handles) {
      if (handle.currentId != null) {
        // Unwatched too, in case this one was made with the new store already.
        unregister(handle, true);
        handle.sink.suspended();
      }
      if (handle.everStarted && handle.resumeFrom > start) {
        handle.resumeFrom = start;
        handle.pendingReset = ResetReason.GAP;
      }
    }
    if (state.phase() != ManagerState.Phase.UNREACHABLE) {
      registerAll();
    }
    return this;
  }

  private void registerAll() {
    for (WatchHandle handle : handles) {
      if (handle.currentId == null) {
        long from = handle.pendingReset == ResetReason.EPOCH_CHANGED ? WatchOptions.NOW
            : handle.everStarted ? handle.resumeFrom : handle.from;
        register(handle, from);
      }
    }
  }

  private Behavior<Message> onClose(Close close) {
    WatchHandle handle = close.handle();
    if (handle.shared != null) {
      SharedWatch shared = handle.shared;
      handle.shared = null;
      handle.ended(null); // a member alone ends
      if (shared.leave(handle) && handles.remove(shared.registration())) {
        forgetShared(shared.registration());
        end(shared.registration());
      }
    } else if (handles.remove(handle)) {
      end(handle);
    }
    return this;
  }

  private void forgetShared(WatchHandle registration) {
    if (registration.sink instanceof SharedWatch shared) {
      sharedByGlob.remove(registration.glob, shared);
    }
  }

  private void end(WatchHandle handle) {
    unregister(handle, true);
    handle.ended(null);
  }

  private Behavior<Message> onCloseAll() {
    for (WatchHandle handle : handles) {
      handle.endedByHub();
      end(handle);
    }
    handles.clear();
    sharedByGlob.clear();
    for (String id : stale) {
      store.tell(new Unwatch(id));
    }
    return Behaviors.stopped();
  }

  /** The client's event for the manager's. */
  static StoreEvent toStoreEvent(WatchEvent event) {
    if (event instanceof WatchEvent.Reset reset) {
      return new StoreEvent.Reset(reset.revision(), switch (reset.reason()) {
        case GAP -> ResetReason.GAP;
        case OVERFLOW -> ResetReason.OVERFLOW;
        case EPOCH_CHANGED -> ResetReason.EPOCH_CHANGED;
      });
    }
    WatchEvent.KeyEvent keyEvent = (WatchEvent.KeyEvent) event;
    return switch (keyEvent.kind()) {
      case CHANGED -> new StoreEvent.Changed(keyEvent.key(), keyEvent.revision(),
          keyEvent.value().map(bytes -> bytes.unsafeArray()).orElse(new byte[0]),
          keyEvent.deadlineMillis().isPresent()
              ? Optional.of(Instant.ofEpochMilli(keyEvent.deadlineMillis().getAsLong()))
              : Optional.empty());
      case DELETED -> new StoreEvent.Deleted(keyEvent.key(), keyEvent.revision());
      case EXPIRED -> new StoreEvent.Expired(keyEvent.key(), keyEvent.revision());
    };
  }
}
