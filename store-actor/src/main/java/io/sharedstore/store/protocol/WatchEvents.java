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
 * @param watchId the watch
 * @param events the events (unmodifiable), empty in a confirmation and a refusal
 * @param through the revision the watcher is at after these events; -1 in a refusal
 * @param refusal why the watch was refused, or empty
 */
public record WatchEvents(String watchId, List<WatchEvent> events, long through,
    Optional<String> refusal) implements CborSerializable {

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
    return new WatchEvents(watchId, events, through, Optional.empty());
  }

  /**
   * The confirmation of an accepted watch, before any of its events.
   *
   * @param watchId the watch
   * @param from the revision its events start after
   * @return the message
   */
  public static WatchEvents started(String watchId, long from) {
    return new WatchEvents(watchId, List.of(), from, Optional.empty());
  }

  /**
   * The answer to a refused watch.
   *
   * @param watchId the watch
   * @param refusal why, starting with the refusal's code
   * @return the message
   */
  public static WatchEvents refused(String watchId, String refusal) {
    return new WatchEvents(watchId, List.of(), -1, Optional.of(refusal));
  }
}
