package io.sharedstore.store.protocol;

import java.util.List;

/**
 * What an operation reads without changing anything: one place for the question, a visitor so a
 * new operation does not compile until it is answered. A read of named keys ({@code get}, {@code
 * has}, {@code ttl}, {@code getAll}) observes only those keys; a read of the whole store ({@code
 * scan}, {@code size}, {@code stats}) observes all of it; every other operation may change
 * something. ({@code size} frees expired entries as it counts, which no client can tell from a
 * sweep, so it counts as a read.)
 */
public final class Reads implements OperationVisitor<List<String>> {

  /** Answered for a read of the whole store. */
  private static final List<String> WHOLE_STORE = List.of();

  private static final Reads READS = new Reads();

  private Reads() {}

  /**
   * True if the operation changes nothing (a null one counts as a read: it is refused as invalid
   * and changes nothing either).
   *
   * @param operation the operation, or null
   * @return whether it only reads
   */
  public static boolean isRead(Operation<?> operation) {
    return operation == null || operation.accept(READS) != null;
  }

  /**
   * The keys a read observes.
   *
   * @param operation the operation, or null
   * @return the keys it reads ({@code get}, {@code has}, {@code ttl}, {@code getAll}); an empty
   *     list for a read of the whole store or a null operation; null if the operation may change
   *     something
   */
  public static List<String> keysRead(Operation<?> operation) {
    return operation == null ? WHOLE_STORE : operation.accept(READS);
  }

  @Override
  public List<String> visit(Operation.Set operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.Get operation) {
    return operation.key() == null ? WHOLE_STORE : List.of(operation.key());
  }

  @Override
  public List<String> visit(Operation.Has operation) {
    return operation.key() == null ? WHOLE_STORE : List.of(operation.key());
  }

  @Override
  public List<String> visit(Operation.Delete operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.Increment operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.IncrementBounded operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.SetIfAbsent operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.CompareAndSet operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.DeleteIfEquals operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.GetAndDelete operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.GetAndSet operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.Expire operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.Persist operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.GetTtl operation) {
    return operation.key() == null ? WHOLE_STORE : List.of(operation.key());
  }

  @Override
  public List<String> visit(Operation.Scan operation) {
    return WHOLE_STORE;
  }

  @Override
  public List<String> visit(Operation.GetAll operation) {
    return operation.keys() == null ? WHOLE_STORE : operation.keys();
  }

  @Override
  public List<String> visit(Operation.SetAll operation) {
    return null;
  }

  @Override
  public List<String> visit(Operation.GetStats operation) {
    return WHOLE_STORE;
  }

  @Override
  public List<String> visit(Operation.GetInfo operation) {
    return WHOLE_STORE;
  }

  @Override
  public List<String> visit(Operation.Echo operation) {
    return WHOLE_STORE; // reads no key; answered in line with the replies before it
  }

  @Override
  public List<String> visit(Operation.Size operation) {
    return WHOLE_STORE;
  }

  @Override
  public List<String> visit(Operation.DeleteAll operation) {
    return null;
  }
}
