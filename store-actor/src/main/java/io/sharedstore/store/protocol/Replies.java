package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answers to (part of) a {@link Batch}, in the order of its requests. On the wire a flat
 * array without type names for the hot answers ({@code io.sharedstore.store.wire}).
 *
 * @param outcomes one per answered request (copied, unmodifiable)
 * @param owner from a store cluster's slot that answers requests another node forwarded to it:
 *     which node serves that slot now, so the client sends the slot's next requests there; empty
 *     otherwise
 */
public record Replies(List<Outcome> outcomes, Optional<Owner> owner) implements CborSerializable {

  /**
   * Copies the outcomes.
   *
   * @throws NullPointerException if {@code outcomes} is or holds null, or {@code owner} is null
   */
  public Replies {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(owner, "owner");
  }

  /**
   * Answers without an owner hint.
   *
   * @param outcomes one per answered request (copied, unmodifiable)
   */
  public Replies(List<Outcome> outcomes) {
    this(outcomes, Optional.empty());
  }

  /**
   * Which store node serves a slot.
   *
   * @param slot the slot
   * @param node the node serving it, {@code host:port} (its manager address)
   */
  public record Owner(int slot, String node) implements CborSerializable {

    /**
     * Checks the node.
     *
     * @throws NullPointerException if {@code node} is null
     */
    public Owner {
      Objects.requireNonNull(node, "node");
    }
  }
}
