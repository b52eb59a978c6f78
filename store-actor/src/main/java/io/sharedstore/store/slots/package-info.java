/**
 * The keyspace split into slots, for a store spread over several managers: which slot a key
 * belongs to ({@link io.sharedstore.store.slots.KeySlots}). Pure functions, no Pekko.
 */
package io.sharedstore.store.slots;
