/**
 * The store over several managers on Pekko Cluster Sharding (under way): so far {@link
 * io.sharedstore.sharding.DbInit}, which creates the slots' journal tables in PostgreSQL.
 */
package io.sharedstore.sharding;
