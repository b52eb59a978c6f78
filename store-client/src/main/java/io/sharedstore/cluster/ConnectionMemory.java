package io.sharedstore.cluster;

/**
 * What a {@link StoreConnection} keeps across a restart by its supervisor: the last call id (so a
 * late answer or timer of a call failed at the restart can never be taken for a new call's), the
 * epoch of the last store that answered, and when the connection was made (the connect-timeout
 * counts from there). Touched only by the connection actor, one incarnation at a time.
 */
final class ConnectionMemory {

  final long startNanos;
  long lastId;
  /** The epoch of the store that answered the last ping, or null before the first answer. */
  String epoch;
  /** The incarnation of the store that answered the last ping, or null before the first. */
  String incarnation;
  /** Whether a malformed pong was logged already (logged once, not at every heartbeat). */
  boolean malformedPongLogged;

  ConnectionMemory(long startNanos) {
    this.startNanos = startNanos;
  }
}
