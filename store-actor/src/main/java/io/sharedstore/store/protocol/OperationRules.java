package io.sharedstore.store.protocol;

import io.sharedstore.store.internal.Glob;
import io.sharedstore.store.internal.KeyRules;
import io.sharedstore.store.internal.ValueDepth;
import io.sharedstore.store.wire.WireSizes;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The argument checks of every operation, one copy: the client runs them before sending, and the
 * store again on receipt (a misbehaving peer can send anything). {@link #problem} answers why an
 * operation breaks a rule (key length and Unicode, TTL, value size and nesting, request id, scan
 * limit, glob), or empty if it keeps them all. Limits of the store's state (full, wrong type)
 * are the engine's, not these.
 */
public final class OperationRules implements OperationVisitor<Optional<String>> {

  /** The longest request id accepted. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  /** The most keys a scan page may ask for. */
  public static final int MAX_SCAN_LIMIT = 100_000;

  private final int maxKeyLength;
  private final int maxValueSize;

  /**
   * Rules for a store with these limits.
   *
   * @param maxKeyLength the longest key, in UTF-8 bytes
   * @param maxValueSize the largest value, in bytes; also the budget of a getAll or setAll
   */
  public OperationRules(int maxKeyLength, int maxValueSize) {
    this.maxKeyLength = maxKeyLength;
    this.maxValueSize = maxValueSize;
  }

  /**
   * Why {@code operation} breaks a rule, or empty if it keeps them all. The store refuses an
   * operation with a problem as {@code invalid}, changing nothing.
   *
   * @param operation the operation, or null (which is a problem)
   * @return the first problem found, or empty
   */
  public Optional<String> problem(Operation<?> operation) {
    return operation == null ? Optional.of("operation must not be null") : operation.accept(this);
  }

  /**
   * Why a key is not acceptable (null, empty, longer than {@code max-key-length} in UTF-8 bytes,
   * or holding an unpaired surrogate, which has no UTF-8 form), or empty if it is.
   *
   * @param key the key, or null
   * @return the problem, or empty
   */
  public Optional<String> keyProblem(String key) {
    return KeyRules.problem(key, maxKeyLength);
  }

  /**
   * Why a glob is not acceptable (null, empty, longer than {@code max-key-length} chars, ending
   * in a lone backslash, or holding an unpaired surrogate), or empty if it is.
   *
   * @param glob the pattern, or null
   * @return the problem, or empty
   */
  public Optional<String> globProblem(String glob) {
    return Glob.problem(glob, maxKeyLength);
  }

  /**
   * Why a serialized value cannot be stored (null, larger than {@code max-value-size}, or
   * nested too deep), or empty if it can.
   *
   * @param value the value, or null
   * @return the problem, or empty
   */
  public Optional<String> valueProblem(Bytes value) {
    if (value == null) {
      return Optional.of("value must not be null");
    }
    if (value.length() > maxValueSize) {
      return Optional.of(
          "value is " + value.length() + " bytes, larger than max-value-size " + maxValueSize);
    }
    return ValueDepth.problem(value.unsafeArray());
  }

  /**
   * Why a TTL is not acceptable (it must be positive), or empty if it is.
   *
   * @param ttlMillis the TTL, empty for none (acceptable); null is a problem
   * @return the problem, or empty
   */
  public static Optional<String> ttlProblem(OptionalLong ttlMillis) {
    if (ttlMillis == null) {
      return Optional.of("ttlMillis must not be null (empty: no TTL)");
    }
    if (ttlMillis.isPresent() && ttlMillis.getAsLong() <= 0) {
      return Optional.of("ttl must be positive, was " + ttlMillis.getAsLong() + " ms");
    }
    return Optional.empty();
  }

  /**
   * Why a request id is not acceptable (1..{@value #MAX_REQUEST_ID_LENGTH} chars), or empty if
   * it is.
   *
   * @param requestId the id, empty for none (acceptable); null is a problem
   * @return the problem, or empty
   */
  public static Optional<String> requestIdProblem(Optional<String> requestId) {
    if (requestId == null) {
      return Optional.of("requestId must not be null (empty: none)");
    }
    return requestId
        .filter(id -> id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH)
        .map(id -> "requestId must have 1.." + MAX_REQUEST_ID_LENGTH + " chars");
  }

  /**
   * Why a scan page size is not acceptable (1..{@value #MAX_SCAN_LIMIT}), or empty if it is.
   *
   * @param limit the most keys a page may hold
   * @return the problem, or empty
   */
  public static Optional<String> scanLimitProblem(int limit) {
    return limit >= 1 && limit <= MAX_SCAN_LIMIT
        ? Optional.empty()
        : Optional.of("limit must be in 1.." + MAX_SCAN_LIMIT + ", was " + limit);
  }

  @Override
  public Optional<String> visit(Operation.Set set) {
    return first(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
  }

  @Override
  public Optional<String> visit(Operation.Get get) {
    return keyProblem(get.key());
  }

  @Override
  public Optional<String> visit(Operation.Has has) {
    return keyProblem(has.key());
  }

  @Override
  public Optional<String> visit(Operation.Delete delete) {
    return keyProblem(delete.key());
  }

  @Override
  public Optional<String> visit(Operation.Increment increment) {
    return first(
        keyProblem(increment.key()),
        ttlProblem(increment.ttlMillis()),
        requestIdProblem(increment.requestId()));
  }

  @Override
  public Optional<String> visit(Operation.IncrementBounded increment) {
    return first(
        keyProblem(increment.key()),
        increment.delta() > 0
            ? Optional.empty()
            : Optional.of("delta must be positive, was " + increment.delta()),
        ttlProblem(increment.ttlMillis()),
        requestIdProblem(increment.requestId()));
  }

  @Override
  public Optional<String> visit(Operation.SetIfAbsent set) {
    return first(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
  }

  @Override
  public Optional<String> visit(Operation.CompareAndSet cas) {
    return first(
        keyProblem(cas.key()),
        valueProblem(cas.value()),
        cas.expected() == null
            ? Optional.of("expected must not be null (empty: absent)")
            : cas.expected().flatMap(this::valueProblem),
        ttlProblem(cas.ttlMillis()));
  }

  @Override
  public Optional<String> visit(Operation.DeleteIfEquals delete) {
    return first(keyProblem(delete.key()), valueProblem(delete.expected()));
  }

  @Override
  public Optional<String> visit(Operation.GetAndDelete getAndDelete) {
    return keyProblem(getAndDelete.key());
  }

  @Override
  public Optional<String> visit(Operation.GetAndSet set) {
    return first(keyProblem(set.key()), valueProblem(set.value()), ttlProblem(set.ttlMillis()));
  }

  @Override
  public Optional<String> visit(Operation.Expire expire) {
    return first(keyProblem(expire.key()), ttlProblem(OptionalLong.of(expire.ttlMillis())));
  }

  @Override
  public Optional<String> visit(Operation.Persist persist) {
    return keyProblem(persist.key());
  }

  @Override
  public Optional<String> visit(Operation.GetTtl getTtl) {
    return keyProblem(getTtl.key());
  }

  @Override
  public Optional<String> visit(Operation.Scan scan) {
    return first(
        globProblem(scan.glob()),
        scan.cursor() == null
            ? Optional.of("cursor must not be null (\"\" to start)")
            : scan.cursor().isEmpty() ? Optional.empty() : keyProblem(scan.cursor()),
        scanLimitProblem(scan.limit()));
  }

  @Override
  public Optional<String> visit(Operation.GetAll getAll) {
    if (getAll.keys() == null) {
      return Optional.of("keys must not be null");
    }
    return getAll.keys().stream().map(this::keyProblem).flatMap(Optional::stream).findFirst();
  }

  @Override
  public Optional<String> visit(Operation.SetAll setAll) {
    if (setAll.entries() == null) {
      return Optional.of("entries must not be null");
    }
    long bytes = 0;
    for (Map.Entry<String, Bytes> entry : setAll.entries().entrySet()) {
      Optional<String> problem = first(keyProblem(entry.getKey()), valueProblem(entry.getValue()));
      if (problem.isPresent()) {
        return Optional.of("entry " + KeyRules.show(entry.getKey()) + ": " + problem.get());
      }
      bytes += WireSizes.entryBytes(entry.getKey(), entry.getValue().length());
    }
    if (bytes > maxValueSize) {
      return Optional.of("the batch is about " + bytes + " bytes, larger than max-value-size "
          + maxValueSize);
    }
    return ttlProblem(setAll.ttlMillis());
  }

  @Override
  public Optional<String> visit(Operation.GetStats getStats) {
    return Optional.empty();
  }

  @Override
  public Optional<String> visit(Operation.GetInfo getInfo) {
    return Optional.empty();
  }

  @Override
  public Optional<String> visit(Operation.Echo echo) {
    return Optional.empty();
  }

  @Override
  public Optional<String> visit(Operation.Size size) {
    return Optional.empty();
  }

  @Override
  public Optional<String> visit(Operation.DeleteAll deleteAll) {
    return globProblem(deleteAll.glob());
  }

  @SafeVarargs
  private static Optional<String> first(Optional<String>... problems) {
    for (Optional<String> problem : problems) {
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }
}
