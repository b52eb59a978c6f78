package io.sharedstore.cluster;

import java.util.Set;

/**
 * The operations that only read: one of them that times out or fails changed nothing, so its
 * error never says it "may have been applied".
 */
final class ReadOperations {

  private static final Set<String> READS =
      Set.of("get", "has", "ttl", "scan", "keys", "size", "getAll", "info", "ping");

  private ReadOperations() {}

  static boolean isRead(String operation) {
    return READS.contains(operation);
  }
}
