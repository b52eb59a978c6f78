package io.sharedstore.store.protocol;

/**
 * An operation the store answers in bounded steps, so that other requests interleave: it is sent
 * alone in an {@link Execute}, never inside a {@link Batch} (which refuses it).
 *
 * @param <R> its reply
 */
public sealed interface SteppedOperation<R extends Reply> extends Operation<R>
    permits Operation.Size, Operation.DeleteAll {}
