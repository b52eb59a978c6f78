package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;

/**
 * One operation of a {@link Batch}, with the id its answer will carry.
 *
 * @param id chosen by the sender, echoed in the {@link Outcome}
 * @param operation the operation
 */
public record Request(long id, Operation<?> operation) implements CborSerializable {}
