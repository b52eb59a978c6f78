package io.sharedstore.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's time to live, as {@link StoreClient#ttl} answers it.
 *
 * @param exists whether the key is present (and not expired)
 * @param remaining how long until it expires; empty when it has no expiry (or does not exist)
 */
public record Ttl(boolean exists, Optional<Duration> remaining) {
  /**
   * Checks that {@code remaining} is not null.
   *
   * @param exists whether the key is present
   * @param remaining how long until it expires, empty without expiry
   * @throws NullPointerException if {@code remaining} is null
   */
  public Ttl {
    Objects.requireNonNull(remaining, "remaining");
  }
}
