package io.sharedstore.store.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operation may change: the keys it writes or removes, or the glob whose keys it may
 * remove ({@code deleteAll}). The counterpart of {@link Reads}, a visitor so a new operation does
 * not compile until it is answered. A client's near caches use it to drop what a write through
 * the same client touched before the write's caller hears it was acknowledged.
 */
public final class Writes implements OperationVisitor<Writes.Touched> {

  /**
   * The keys an operation may have changed.
   *
   * @param keys keys it may have written or removed
   * @param glob a pattern: every key matching it may have been removed (empty for none)
   */
  public record Touched(List<String> keys, Optional<String> glob) {

    /** Touches nothing: a read. */
    public static final Touched NOTHING = new Touched(List.of(), Optional.empty());

    /**
     * Copies the keys.
     *
     * @param keys keys it may have written or removed
     * @param glob a pattern whose keys it may have removed, or empty
     */
    public Touched {
      keys = List.copyOf(keys);
    }

    /**
     * Whether it touches nothing.
     *
     * @return true for a read
     */
    public boolean isNothing() {
      return keys.isEmpty() && glob.isEmpty();
    }
  }

  private static final Writes WRITES = new Writes();

  private Writes() {}

  /**
   * What {@code operation} may change.
   *
   * @param operation the operation, or null (touches nothing: it is refused as invalid)
   * @return the keys and glob it may change; {@link Touched#NOTHING} for a read
   */
  public static Touched touched(Operation<?> operation) {
    return operation == null ? Touched.NOTHING : operation.accept(WRITES);
  }

  private static Touched key(String key) {
    return key == null ? Touched.NOTHING : new Touched(List.of(key), Optional.empty());
  }

  @Override
  public Touched visit(Operation.Set operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.Get operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.Has operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.Delete operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.Increment operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.IncrementBounded operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.SetIfAbsent operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.CompareAndSet operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.DeleteIfEquals operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.GetAndDelete operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.GetAndSet operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.Expire operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.Persist operation) {
    return key(operation.key());
  }

  @Override
  public Touched visit(Operation.GetTtl operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.Scan operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.GetAll operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.SetAll operation) {
    return operation.entries() == null
        ? Touched.NOTHING
        : new Touched(operation.entries().keySet().stream().filter(Objects::nonNull).toList(),
            Optional.empty());
  }

  @Override
  public Touched visit(Operation.GetStats operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.GetInfo operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.Echo operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.Size operation) {
    return Touched.NOTHING;
  }

  @Override
  public Touched visit(Operation.DeleteAll operation) {
    return operation.glob() == null
        ? Touched.NOTHING
        : new Touched(List.of(), Optional.of(operation.glob()));
  }
}
