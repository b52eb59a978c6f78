package io.sharedstore.cluster.demo;

/**
 * One run of a command that found no cooldown in the store.
 *
 * @param atMillis wall-clock time the run was decided, in epoch milliseconds
 */
public record CooldownExecution(String user, String command, long atMillis) {}
