package io.sharedstore.store.engine;

import io.sharedstore.store.internal.Refusal;
import java.util.List;
import java.util.Optional;

/**
 * What an operation (or one step of one) did: its reply, or why it was refused, and the changes
 * it made. A refused operation changed nothing but may have freed expired entries (its changes
 * say so). A step of a stepped operation that is not yet done has neither reply nor refusal.
 *
 * @param reply the reply, null if refused or not done
 * @param refused why it was refused, null otherwise
 * @param changes what changed, in order (unmodifiable)
 * @param <R> the reply type
 */
public record Result<R>(R reply, Refused refused, List<Change> changes) {

  /**
   * Copies the changes.
   *
   * @param reply the reply, null if refused or not done
   * @param refused why it was refused, null otherwise
   * @param changes what changed, in order (copied)
   * @throws NullPointerException if {@code changes} is or holds null
   */
  public Result {
    changes = List.copyOf(changes);
  }

  /**
   * Whether the operation is answered.
   *
   * @return true when it has a reply or a refusal, false for a step with more to do
   */
  public boolean isDone() {
    return reply != null || refused != null;
  }

  /**
   * The reply, if any.
   *
   * @return the reply, or empty if refused or not done
   */
  public Optional<R> replyIfAny() {
    return Optional.ofNullable(reply);
  }

  /**
   * Why an operation was refused.
   *
   * @param refusal the kind (its code starts the error text)
   * @param operation the operation's name, e.g. {@code set}
   * @param subject the key or glob it named, {@code ""} for none
   * @param problem what was wrong
   */
  public record Refused(Refusal refusal, String operation, String subject, String problem) {

    /**
     * The error text the caller gets.
     *
     * @return {@code [code] set of key [k] refused: problem} (without {@code of key [k]} when
     *     the subject is empty)
     */
    public String errorText() {
      String of = subject.isEmpty() ? "" : " of key " + io.sharedstore.store.internal.KeyRules.show(
          subject);
      return refusal.describe(operation + of + " refused: " + problem);
    }
  }
}
