package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;
import java.util.Optional;

/**
 * What a watch receives: the next events of watch {@code watchId}, in revision order (those of
 * one change list of the store, or one page of its history), and the store's revision {@code
 * through} which they bring the watcher: no matching change up to {@code through} comes later.
 * The first message of an accepted watch may have no events: it confirms the watch with the
 * revision it starts after. Only as the answer to a {@link Watch} the store refused, a message
 * has no events, {@code through} -1, and the {@code refusal} (its text starts with the refusal's
 * code, e.g. {@code invalid: ...}): then nothing was registered.
 *
 * <p>Messages of one watch are numbered from 0 (the confirmation) in {@code sequence}: Artery
 * drops a message when its outbound queue is full, and a watcher that finds a number missing
 * knows it lost events (it starts again from the last revision it has; nothing is lost
 * silently).
 *
 * @param watchId the watch
 * @param events the events (unmodifiable), empty in a confirmation and a refusal
 * @param through the revision the watcher is at after these events; -1 in a refusal
 * @param refusal why the watch was refused, or empty
 * @param sequence the message's number in its watch: 0 for the confirmation (and a refusal),
 *     then one more per message
 */
public record WatchEvents(String watchId, List<WatchEvent> events, long through,
    Optional<String> refusal, long sequence) implements CborSerializable {

  /** Copies {@code events} into an unmodifiable list. */
  public WatchEvents {
    events = List.copyOf(events);
  }

  /**
   * Events of an accepted watch.
   *
   * @param watchId the watch
   * @param events the events
   * @param through the revision the watcher is at after them, at least the last event's
   * @return the message
   */
  public static WatchEvents of(String watchId, List<WatchEvent> events, long through) {
    return of(watchId, events, through, 0);
  }

  /**
   * Events of an accepted watch, numbered.
   *
   * @param watchId the watch
   * @param events the events
   * @param through the revision the watcher is at after them, at least the last event's
   * @param sequence the message's number in its watch (the confirmation is 0)
   * @return the message
   */
  public static WatchEvents of(String watchId, List<WatchEvent> events, long through,
      long sequence) {
    return new WatchEvents(watchId, events, through, Optional.empty(), sequence);
  }

  /**
   * This message with number 0: for comparing messages by content.
   *
   * @return a copy with {@code sequence} 0
   */
  public WatchEvents unnumbered() {
    return new WatchEvents(watchId, events, through, refusal, 0);
  }

  /**
   * The confirmation of an accepted watch, before any of its events.
   *
   * @param watchId the watch
   * @param from the revision its events start after
   * @return the message
   */
  public static WatchEvents started(String watchId, long from) {
    return new WatchEvents(watchId, List.of(), from, Optional.empty(), 0);
  }

  /**
   * The answer to a refused watch.
   *
   * @param watchId the watch
   * @param refusal why, starting with the refusal's code
   * @return the message
   */
  public static WatchEvents refused(String watchId, String refusal) {
    return new WatchEvents(watchId, List.of(), -1, Optional.of(refusal), 0);
  }
}
