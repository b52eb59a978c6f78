package io.sharedstore.cluster.demo;

/**
 * How many calls one cluster allowed for one guild in one rate-limit window.
 *
 * @param window the window's number: wall-clock milliseconds divided by the window length
 */
public record WindowCount(String guild, long window, int allowed) {}
