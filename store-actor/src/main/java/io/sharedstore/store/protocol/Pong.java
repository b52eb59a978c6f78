package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;

/**
 * The answer to a {@link Ping}.
 *
 * @param epoch an id the store chose when its data started (at its start in memory; once per data
 *     directory with persistence): a different epoch means a new store, whose data started empty
 * @param stopping true in the notice the store sends every recent pinger as it stops
 */
public record Pong(String epoch, boolean stopping) implements CborSerializable {}
