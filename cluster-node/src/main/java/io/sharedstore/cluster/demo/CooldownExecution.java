package io.sharedstore.cluster.demo;

/**
 * One run of a command whose cooldown claim succeeded. The claim took effect in the manager
 * somewhere between the two times, so a second run of the same pair certainly came within the
 * cooldown if its {@code atMillis} is less than the cooldown after this run's {@code askedMillis}.
 *
 * @param askedMillis wall-clock time the claim was sent, in epoch milliseconds
 * @param atMillis wall-clock time the run was decided (the claim's reply), in epoch milliseconds
 */
public record CooldownExecution(String user, String command, long askedMillis, long atMillis) {}
