package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;
import java.util.Optional;

/**
 * What a watch receives: the next events of watch {@code watchId}, in revision order (those of
 * one change list of the store, or one page of its history); or, only as the answer to a {@link
 * Watch} the store refused, no events and the {@code refusal} (its text starts with the refusal's
 * code, e.g. {@code invalid: ...}): then nothing was registered.
 *
 * @param watchId the watch
 * @param events the events (unmodifiable), empty in a refusal
 * @param refusal why the watch was refused, or empty
 */
public record WatchEvents(String watchId, List<WatchEvent> events, Optional<String> refusal)
    implements CborSerializable {

  /** Copies {@code events} into an unmodifiable list. */
  public WatchEvents {
    events = List.copyOf(events);
  }

  /**
   * Events of an accepted watch.
   *
   * @param watchId the watch
   * @param events the events
   * @return the message
   */
  public static WatchEvents of(String watchId, List<WatchEvent> events) {
    return new WatchEvents(watchId, events, Optional.empty());
  }

  /**
   * The answer to a refused watch.
   *
   * @param watchId the watch
   * @param refusal why, starting with the refusal's code
   * @return the message
   */
  public static WatchEvents refused(String watchId, String refusal) {
    return new WatchEvents(watchId, List.of(), Optional.of(refusal));
  }
}
