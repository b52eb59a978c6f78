package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Replies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client knows of its manager's reachability, and the listeners to tell when that
 * changes. Only the client's {@link StoreConnection} changes it (from its heartbeats); callers
 * read it from any thread, so a call made while the manager is unreachable fails at once, on the
 * caller's thread, without a hop through the connection.
 *
 * <p>Three phases: {@code CONNECTING} until the manager's first answer (calls are sent and wait
 * their own timeouts: a manager still starting, or a first connection on a loaded machine, must
 * not be refused; but no longer than {@code connect-timeout}, after which the connection makes
 * it {@code UNREACHABLE}), then {@code REACHABLE} and {@code UNREACHABLE} in turn. While no
 * answer comes the connection also records the last transport error it saw (e.g. "connection
 * refused"), for the errors of the calls.
 *
 * <p>Listeners are called one event at a time, in order, on the client's executor (never on the
 * connection's thread); an exception a listener throws is logged and does not stop the others.
 */
final class ManagerState {

  enum Phase {
    CONNECTING,
    REACHABLE,
    UNREACHABLE
  }

  private record Status(Phase phase, Instant since, String reason) {}

  private static final Logger log = LoggerFactory.getLogger(ManagerState.class);

  private final String managerAddress;
  private final Executor executor;
  private final List<Consumer<ManagerEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Queue<ManagerEvent> events = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean delivering = new AtomicBoolean();
  private volatile Status status;
  private volatile String lastTransportError = "";
  private volatile Consumer<Replies.Owner> ownerHints;
  /** Completed, and replaced, at every change of phase: what {@link #awaitReachable} waits on. */
  private volatile CompletableFuture<Void> phaseChanged = new CompletableFuture<>();

  ManagerState(String managerAddress, Executor executor) {
    this.managerAddress = managerAddress;
    this.executor = executor;
    this.status = new Status(Phase.CONNECTING, Instant.now(), "no answer yet");
  }

  String managerAddress() {
    return managerAddress;
  }

  Phase phase() {
    return status.phase();
  }

  boolean isReachable() {
    return status.phase() == Phase.REACHABLE;
  }

  /** The last error of a TCP connection attempt to the manager, or "" if none was seen. */
  String lastTransportError() {
    return lastTransportError;
  }

  void transportError(String error) {
    lastTransportError = error;
  }

  /**
   * What the client knows of its manager, for the error of a call that timed out: empty once
   * the manager has answered, else that it has not, with the last transport error.
   */
  String situation() {
    if (status.phase() != Phase.CONNECTING) {
      return "";
    }
    String error = lastTransportError;
    return "the manager has not answered this client yet"
        + (error.isEmpty() ? "" : "; last transport error: " + error);
  }

  /**
   * Returns once the manager has answered; throws {@link StoreUnavailableException} if it is
   * unreachable, or becomes so, or if {@code timeout} passes first.
   */
  private final java.util.List<java.util.function.LongConsumer> restartListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  void awaitReachable(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CompletableFuture<Void> changed = phaseChanged;
      Status now = status;
      if (now.phase() == Phase.REACHABLE) {
        return;
      }
      if (now.phase() == Phase.UNREACHABLE) {
        throw new StoreUnavailableException(
            "awaitReachable", "", managerAddress, now.since(), now.reason(), false,
            Optional.empty());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        String error = lastTransportError;
        throw new StoreUnavailableException(
            "awaitReachable", "", managerAddress, Instant.now(),
            "no answer within " + timeout.toMillis() + " ms"
                + (error.isEmpty() ? "" : "; last transport error: " + error),
            false, Optional.empty());
      }
      try {
        changed.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // loop: the deadline or the new phase decides
      }
    }
  }

  private void setStatus(Status next) {
    status = next;
    CompletableFuture<Void> changed = phaseChanged;
    phaseChanged = new CompletableFuture<>();
    changed.complete(null);
  }

  /** The failure of a call made now, or empty if the call may be sent. */
  Optional<StoreUnavailableException> refusal(
      String operation, String key, Optional<String> requestId) {
    Status now = status;
    if (now.phase() != Phase.UNREACHABLE) {
      return Optional.empty();
    }
    return Optional.of(
        new StoreUnavailableException(
            operation, key, managerAddress, now.since(), now.reason(), false, requestId));
  }

  /** The failure of a call in flight when the manager was found unreachable. */
  StoreUnavailableException inFlightFailure(Pending<?, ?> pending) {
    Status now = status;
    return new StoreUnavailableException(
        pending.operation, pending.key, managerAddress, now.since(), now.reason(), true,
        pending.requestId);
  }

  /** The manager answered (again). */
  void reachable() {
    Phase before = status.phase();
    if (before != Phase.REACHABLE) {
      setStatus(new Status(Phase.REACHABLE, Instant.now(), ""));
      if (before == Phase.UNREACHABLE) {
        log.info("Shared store manager at [{}] reachable again", managerAddress);
      } else {
        log.debug("Shared store manager at [{}] reachable", managerAddress);
      }
      publish(new ManagerEvent.Reachable(managerAddress));
    }
  }

  /** The manager is unreachable from now on, for {@code reason}. */
  void unreachable(String reason) {
    if (status.phase() != Phase.UNREACHABLE) {
      Instant since = Instant.now();
      setStatus(new Status(Phase.UNREACHABLE, since, reason));
      publish(new ManagerEvent.Unreachable(managerAddress, since, reason));
    }
  }

  /** A different store answered than before: its data started empty. */
  void restarted(String previousEpoch, String newEpoch) {
    log.warn(
        "Shared store manager at [{}] restarted (epoch [{}] -> [{}]): its data started empty",
        managerAddress, previousEpoch, newEpoch);
    publish(new ManagerEvent.Restarted(managerAddress, previousEpoch, newEpoch));
  }

  /**
   * The store restarted on its data (the same epoch, another incarnation) at {@code
   * startRevision}: told to the client's own parts only (its watches' registrations are gone),
   * at once on the caller's thread, so that they hear of it before the {@link
   * ManagerEvent.Reachable} the same answer brings. A listener must only tell an actor.
   */
  void restartedOnItsData(long startRevision) {
    log.info("Shared store manager at [{}] restarted on its data (the same epoch) at revision"
        + " [{}]", managerAddress, startRevision);
    for (java.util.function.LongConsumer listener : restartListeners) {
      listener.accept(startRevision);
    }
  }

  /** Tells {@code listener} of every {@link #restartedOnItsData}. */
  void onRestartOnItsData(java.util.function.LongConsumer listener) {
    restartListeners.add(listener);
  }

  /**
   * A store cluster's node answered requests that another node owns (its map named the wrong
   * owner): {@code owner} serves that slot now. Told at once on the caller's thread to whoever
   * routes by the slot map ({@link #onOwnerHint}).
   */
  void ownerHint(Replies.Owner owner) {
    Consumer<Replies.Owner> listener = ownerHints;
    if (listener != null) {
      listener.accept(owner);
    }
  }

  /** Tells {@code listener} of every {@link #ownerHint} (one listener: the latest set). */
  void onOwnerHint(Consumer<Replies.Owner> listener) {
    ownerHints = listener;
  }

  void addListener(Consumer<ManagerEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  boolean removeListener(Consumer<ManagerEvent> listener) {
    return listeners.remove(listener);
  }

  private void publish(ManagerEvent event) {
    events.add(event);
    if (delivering.compareAndSet(false, true)) {
      executor.execute(this::deliver);
    }
  }

  /** Delivers every queued event in order; only one delivery runs at a time. */
  private void deliver() {
    while (true) {
      ManagerEvent event;
      while ((event = events.poll()) != null) {
        for (Consumer<ManagerEvent> listener : listeners) {
          try {
            listener.accept(event);
          } catch (RuntimeException e) {
            log.error("A ManagerEvent listener failed on {}", event, e);
          }
        }
      }
      delivering.set(false);
      if (events.isEmpty() || !delivering.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
