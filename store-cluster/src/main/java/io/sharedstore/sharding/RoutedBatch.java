package io.sharedstore.sharding;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Replies;
import java.util.Objects;
import java.util.Optional;

/**
 * A sub-batch the router of node {@code via} sends to one slot: the slot answers it as the
 * batch, and when it runs on another node than {@code via} (the client's map named the wrong
 * owner, and the sharding forwarded the batch) its answers carry {@link Replies#owner}: this
 * slot and its node, so the client sends the slot's next requests there. On the wire by {@link
 * RoutedBatchSerializer}.
 *
 * @param batch the requests, and the client's replyTo
 * @param via the router's node, {@code host:port}
 */
record RoutedBatch(Batch batch, String via) implements Command {

  RoutedBatch {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(via, "via");
  }

  /** The hint a slot on node {@code self} adds to its answers: none if it is {@code via}. */
  Optional<Replies.Owner> ownerHint(int slot, String self) {
    return via.equals(self) || self.isEmpty() ? Optional.empty()
        : Optional.of(new Replies.Owner(slot, self));
  }
}
