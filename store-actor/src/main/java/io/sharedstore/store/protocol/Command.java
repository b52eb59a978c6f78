package io.sharedstore.store.protocol;

import io.sharedstore.store.CborSerializable;

/**
 * A message the store actor receives: an envelope around operations ({@link Execute}, {@link
 * Batch}) or a heartbeat ({@link Ping}). The operations themselves are data ({@link Operation})
 * and never carry a reply address.
 */
public interface Command extends CborSerializable {}
