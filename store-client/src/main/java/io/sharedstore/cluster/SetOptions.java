package io.sharedstore.cluster;

import io.sharedstore.store.protocol.OperationRules;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Options of a write: an optional time to live, and an optional request id for retries.
 * Immutable; build one with {@link #none()}, {@link #ttl(Duration)} or {@link #ttlMillis(long)},
 * and add a request id with {@link #withRequestId(String)}. Passed to {@code set}, {@code
 * setIfAbsent}, {@code getAndSet}, {@code compareAndSet}, {@code increment}, {@code
 * incrementBounded} and {@code setAll}; a write without options behaves as with {@link #none()}.
 */
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

  /**
   * No options: the key never expires (and a previous TTL is cleared, as Redis SET does).
   *
   * @return the shared instance without TTL and request id
   */
  public static SetOptions none() {
    return NONE;
  }

  /**
   * The key expires {@code ttl} after the manager applies the write. The manager counts in whole
   * milliseconds: a fraction of a millisecond is dropped, and a TTL longer than {@link
   * Long#MAX_VALUE} milliseconds means "practically never".
   *
   * @param ttl the time to live, at least one millisecond
   * @return options with this TTL and no request id
   * @throws NullPointerException if {@code ttl} is null
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

  /**
   * The key expires {@code ttlMillis} milliseconds after the manager applies the write; the same
   * as {@code ttl(Duration.ofMillis(ttlMillis))}.
   *
   * @param ttlMillis the time to live in milliseconds
   * @return options with this TTL and no request id
   * @throws IllegalArgumentException if {@code ttlMillis} is zero or negative
   */
  public static SetOptions ttlMillis(long ttlMillis) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis must be positive, was " + ttlMillis);
    }
    return new SetOptions(Optional.of(Duration.ofMillis(ttlMillis)));
  }

  /**
   * The time to live these options give the written key.
   *
   * @return the TTL, or empty when the key is written without expiry
   */
  public Optional<Duration> ttl() {
    return ttl;
  }

  /**
   * The same options with a request id, for retrying an {@code increment} or {@code
   * incrementBounded} whose reply never came: the manager answers a repeated id with the first
   * result instead of applying it twice (for {@code shared-store.retry-window}). Take the id from
   * {@link StoreTimeoutException#requestId()}; calls without one get a fresh id each. Other
   * writes carry no request id and ignore it.
   *
   * @param requestId the id of the call to repeat, 1 to {@value OperationRules#MAX_REQUEST_ID_LENGTH} characters
   * @return the same TTL with this request id
   * @throws NullPointerException if {@code requestId} is null
   * @throws IllegalArgumentException if {@code requestId} is empty or longer than {@value
   *     OperationRules#MAX_REQUEST_ID_LENGTH} characters
   */
  public SetOptions withRequestId(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    OperationRules.requestIdProblem(Optional.of(requestId))
        .ifPresent(problem -> {
          throw new IllegalArgumentException(problem);
        });
    return new SetOptions(ttl, Optional.of(requestId));
  }

  /**
   * The request id given with {@link #withRequestId}.
   *
   * @return the id, or empty when the client picks a fresh one per call
   */
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

  /** Options are equal when their TTL and request id are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SetOptions other && ttl.equals(other.ttl)
        && requestId.equals(other.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ttl, requestId);
  }

  /** For logs: {@code SetOptions[ttl=PT5S, requestId=…]} or {@code SetOptions[no ttl]}. */
  @Override
  public String toString() {
    return "SetOptions[" + ttl.map(t -> "ttl=" + t).orElse("no ttl")
        + requestId.map(id -> ", requestId=" + id).orElse("") + "]";
  }
}
