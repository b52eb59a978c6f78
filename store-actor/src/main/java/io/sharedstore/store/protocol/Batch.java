package io.sharedstore.store.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Many operations from one client in one message: what a client's connection coalesces from the
 * calls its callers make at the same moment. The store applies them in order, each exactly as if
 * it had come alone, and answers with {@link Replies} (several, if the answers are larger than
 * one frame should carry). An operation that does not answer at once ({@link #answersAtOnce}) is
 * refused inside a batch. On the wire a
 * flat array without type names for the hot operations ({@code io.sharedstore.store.wire}).
 *
 * @param requests the operations with their ids, in order (copied, unmodifiable)
 * @param replyTo where the {@link Replies} go
 */
public record Batch(List<Request> requests, ActorRef<Replies> replyTo) implements Command {

  /**
   * Copies the requests, so a sender that changes its list afterwards changes nothing here.
   *
   * @param requests the operations with their ids, in order (copied; null, from a misbehaving
   *     peer, is kept: the store drops such a batch with a warning)
   * @param replyTo where the {@link Replies} go (a batch without one is dropped likewise)
   */
  public Batch {
    requests = requests == null ? null : Collections.unmodifiableList(new ArrayList<>(requests));
  }

  /**
   * Whether a batch may carry the operation: not a {@link SteppedOperation} (answered in steps)
   * nor an {@link Operation.GetInfo} (answered with the heartbeat's clients); those are sent
   * alone in an {@link Execute}.
   *
   * @param operation the operation, not null
   * @return true if the store answers it at once, inside a batch
   */
  public static boolean answersAtOnce(Operation<?> operation) {
    return !(operation instanceof SteppedOperation) && !(operation instanceof Operation.GetInfo);
  }
}
