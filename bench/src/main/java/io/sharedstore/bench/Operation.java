package io.sharedstore.bench;

import java.util.Locale;

/** The store operations the load generator issues, and the redis-benchmark test of each. */
enum Operation {
  GET("get", "GET"),
  SET("set", "SET"),
  INCREMENT("increment", "INCR");

  private final String flagName;
  private final String redisTest;

  Operation(String flagName, String redisTest) {
    this.flagName = flagName;
    this.redisTest = redisTest;
  }

  /** The name in {@code --mix} and in the reports. */
  String flagName() {
    return flagName;
  }

  /** The name of the matching redis-benchmark test ({@code -t}, and its CSV rows). */
  String redisTest() {
    return redisTest;
  }

  static Operation named(String name) {
    for (Operation operation : values()) {
      if (operation.flagName.equals(name.toLowerCase(Locale.ROOT))) {
        return operation;
      }
    }
    throw new IllegalArgumentException(
        "unknown operation " + name + " (known: get, set, increment)");
  }
}
