package io.sharedstore.store.engine;

/**
 * A stepped operation in progress ({@link StoreEngine#start}): each {@link #step} does a bounded
 * part of it, until one returns a result that {@link Result#isDone()}.
 *
 * @param <R> the reply
 */
public interface Stepper<R> {

  /**
   * Does the next bounded part at {@code nowMillis}.
   *
   * @param nowMillis now, in epoch milliseconds
   * @return what this part did: its changes, and the reply or refusal once the operation is done
   */
  Result<R> step(long nowMillis);
}
