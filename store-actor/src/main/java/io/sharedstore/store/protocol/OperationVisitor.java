package io.sharedstore.store.protocol;

/**
 * One method per {@link Operation}: every class that handles operations implements it, so an
 * operation added to the protocol does not compile until each of them handles it (the engine,
 * the argument rules, the wire table, the size estimate).
 *
 * @param <T> what the visit returns
 */
public interface OperationVisitor<T> {

  /**
   * Visits a {@link Operation.Set}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Set operation);

  /**
   * Visits a {@link Operation.Get}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Get operation);

  /**
   * Visits a {@link Operation.Has}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Has operation);

  /**
   * Visits a {@link Operation.Delete}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Delete operation);

  /**
   * Visits a {@link Operation.Increment}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Increment operation);

  /**
   * Visits a {@link Operation.IncrementBounded}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.IncrementBounded operation);

  /**
   * Visits a {@link Operation.SetIfAbsent}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.SetIfAbsent operation);

  /**
   * Visits a {@link Operation.CompareAndSet}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.CompareAndSet operation);

  /**
   * Visits a {@link Operation.DeleteIfEquals}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.DeleteIfEquals operation);

  /**
   * Visits a {@link Operation.GetAndDelete}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetAndDelete operation);

  /**
   * Visits a {@link Operation.GetAndSet}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetAndSet operation);

  /**
   * Visits a {@link Operation.Expire}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Expire operation);

  /**
   * Visits a {@link Operation.Persist}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Persist operation);

  /**
   * Visits a {@link Operation.GetTtl}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetTtl operation);

  /**
   * Visits a {@link Operation.Scan}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Scan operation);

  /**
   * Visits a {@link Operation.GetAll}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetAll operation);

  /**
   * Visits a {@link Operation.SetAll}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.SetAll operation);

  /**
   * Visits a {@link Operation.GetStats}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetStats operation);

  /**
   * Visits a {@link Operation.GetInfo}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.GetInfo operation);

  /**
   * Visits a {@link Operation.Echo}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Echo operation);

  /**
   * Visits a {@link Operation.Size}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.Size operation);

  /**
   * Visits a {@link Operation.DeleteAll}.
   *
   * @param operation the operation
   * @return what this visitor makes of it
   */
  T visit(Operation.DeleteAll operation);
}
