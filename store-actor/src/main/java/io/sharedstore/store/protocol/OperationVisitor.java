package io.sharedstore.store.protocol;

/**
 * One method per {@link Operation}: every class that handles operations implements it, so an
 * operation added to the protocol does not compile until each of them handles it (the engine,
 * the argument rules, the wire table, the size estimate).
 *
 * @param <T> what the visit returns
 */
public interface OperationVisitor<T> {

  /** Visits a {@link Operation.Set}. */
  T visit(Operation.Set operation);

  /** Visits a {@link Operation.Get}. */
  T visit(Operation.Get operation);

  /** Visits a {@link Operation.Has}. */
  T visit(Operation.Has operation);

  /** Visits a {@link Operation.Delete}. */
  T visit(Operation.Delete operation);

  /** Visits a {@link Operation.Increment}. */
  T visit(Operation.Increment operation);

  /** Visits a {@link Operation.IncrementBounded}. */
  T visit(Operation.IncrementBounded operation);

  /** Visits a {@link Operation.SetIfAbsent}. */
  T visit(Operation.SetIfAbsent operation);

  /** Visits a {@link Operation.CompareAndSet}. */
  T visit(Operation.CompareAndSet operation);

  /** Visits a {@link Operation.DeleteIfEquals}. */
  T visit(Operation.DeleteIfEquals operation);

  /** Visits a {@link Operation.GetAndDelete}. */
  T visit(Operation.GetAndDelete operation);

  /** Visits a {@link Operation.GetAndSet}. */
  T visit(Operation.GetAndSet operation);

  /** Visits a {@link Operation.Expire}. */
  T visit(Operation.Expire operation);

  /** Visits a {@link Operation.Persist}. */
  T visit(Operation.Persist operation);

  /** Visits a {@link Operation.GetTtl}. */
  T visit(Operation.GetTtl operation);

  /** Visits a {@link Operation.Scan}. */
  T visit(Operation.Scan operation);

  /** Visits a {@link Operation.GetAll}. */
  T visit(Operation.GetAll operation);

  /** Visits a {@link Operation.SetAll}. */
  T visit(Operation.SetAll operation);

  /** Visits a {@link Operation.GetStats}. */
  T visit(Operation.GetStats operation);

  /** Visits a {@link Operation.Size}. */
  T visit(Operation.Size operation);

  /** Visits a {@link Operation.DeleteAll}. */
  T visit(Operation.DeleteAll operation);
}
