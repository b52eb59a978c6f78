package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;

/**
 * The answers to (part of) a {@link Batch}, in the order of its requests. On the wire a flat
 * array without type names for the hot answers ({@code io.sharedstore.store.wire}).
 *
 * @param outcomes one per answered request (copied, unmodifiable)
 */
public record Replies(List<Outcome> outcomes) implements CborSerializable {

  /**
   * Copies the outcomes.
   *
   * @param outcomes one per answered request (copied, unmodifiable)
   * @throws NullPointerException if {@code outcomes} is or holds null
   */
  public Replies {
    outcomes = List.copyOf(outcomes);
  }
}
