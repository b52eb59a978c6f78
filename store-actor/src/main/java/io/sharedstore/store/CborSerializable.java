package io.sharedstore.store;

/**
 * Marker for every message of the store's protocol. Only this interface is bound to Jackson CBOR
 * in {@code reference.conf}; no other type of the application can be deserialized by the store.
 */
public interface CborSerializable {}
