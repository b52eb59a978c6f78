package io.sharedstore.cluster.demo;

/**
 * A change of the maintenance flag as one cluster's watch delivered it: the change's revision and
 * the wall-clock time of the delivery, in microseconds since the epoch (every JVM of the demo runs
 * on one machine, so one clock).
 *
 * @param revision the revision of the change
 * @param micros when the watch delivered it
 */
public record FlagSeen(long revision, long micros) {}
