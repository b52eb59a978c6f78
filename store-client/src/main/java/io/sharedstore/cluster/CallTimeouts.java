package io.sharedstore.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The rule for a call's timeout: at least one millisecond. The client's timers work in
 * milliseconds, so a shorter timeout (1 ns, zero, negative) could not be honoured and is refused
 * at the call.
 */
final class CallTimeouts {

  /** The shortest timeout a call accepts. */
  static final Duration MINIMUM = Duration.ofMillis(1);

  private CallTimeouts() {}

  /** Throws {@link IllegalArgumentException} for a timeout below {@link #MINIMUM}. */
  static Duration check(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    if (timeout.compareTo(MINIMUM) < 0) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
    }
    return timeout;
  }
}
