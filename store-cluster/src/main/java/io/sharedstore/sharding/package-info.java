/**
 * The store over several managers on Pekko Cluster Sharding (under way): {@link
 * io.sharedstore.sharding.SlotEntity}, one slot of the keyspace hosting a store engine, in
 * memory or journaled to PostgreSQL ({@link io.sharedstore.sharding.SlotDurability}); {@link
 * io.sharedstore.sharding.DbInit}, which creates the journal's tables.
 */
package io.sharedstore.sharding;
