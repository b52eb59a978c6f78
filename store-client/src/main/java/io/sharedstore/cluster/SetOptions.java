package io.sharedstore.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Options of a write: an optional time to live, and an optional request id for retries. */
public final class SetOptions {

  private static final Duration LONGEST_MILLIS = Duration.ofMillis(Long.MAX_VALUE);
  private static final SetOptions NONE = new SetOptions(Optional.empty());

  private final Optional<Duration> ttl;
  private final Optional<String> requestId;

  private SetOptions(Optional<Duration> ttl) {
    this(ttl, Optional.empty());
  }

  private SetOptions(Optional<Duration> ttl, Optional<String> requestId) {
    this.ttl = ttl;
    this.requestId = requestId;
  }

  /** No options: the key never expires (and a previous TTL is cleared, as Redis SET does). */
  public static SetOptions none() {
    return NONE;
  }

  /**
   * The key expires {@code ttl} after the manager applies the write.
   *
   * @throws IllegalArgumentException if {@code ttl} is zero, negative or under a millisecond
   */
  public static SetOptions ttl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
    }
    return new SetOptions(Optional.of(ttl));
  }

  /** The key expires {@code ttlMillis} milliseconds after the manager applies the write. */
  public static SetOptions ttlMillis(long ttlMillis) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis must be positive, was " + ttlMillis);
    }
    return new SetOptions(Optional.of(Duration.ofMillis(ttlMillis)));
  }

  /** The time to live, if any. */
  public Optional<Duration> ttl() {
    return ttl;
  }

  /**
   * The same options with a request id, for retrying an {@code increment} or {@code
   * incrementBounded} whose reply never came: the manager answers a repeated id with the first
   * result instead of applying it twice (for {@code shared-store.retry-window}). Take the id from
   * {@link StoreTimeoutException#requestId()}; calls without one get a fresh id each.
   */
  public SetOptions withRequestId(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    if (requestId.isEmpty() || requestId.length() > 128) {
      throw new IllegalArgumentException("requestId must have 1..128 chars");
    }
    return new SetOptions(ttl, Optional.of(requestId));
  }

  /** The request id given with {@link #withRequestId}, if any. */
  public Optional<String> requestId() {
    return requestId;
  }

  /** The time to live in whole milliseconds as the protocol carries it; saturates at Long.MAX. */
  OptionalLong ttlMillis() {
    if (ttl.isEmpty()) {
      return OptionalLong.empty();
    }
    Duration d = ttl.get();
    return OptionalLong.of(d.compareTo(LONGEST_MILLIS) >= 0 ? Long.MAX_VALUE : d.toMillis());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetOptions other && ttl.equals(other.ttl)
        && requestId.equals(other.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttl, requestId);
  }

  @Override
  public String toString() {
    return "SetOptions[" + ttl.map(t -> "ttl=" + t).orElse("no ttl")
        + requestId.map(id -> ", requestId=" + id).orElse("") + "]";
  }
}
